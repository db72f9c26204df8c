import { useEffect } from 'react';
import { MessagePane } from './features/messages/MessagePane';
import { QuickActions } from './features/quick-actions/QuickActions';
import { RoomList } from './features/rooms/RoomList';
import { SignIn } from './features/session/SignIn';
import { StatusBar } from './features/status/StatusBar';
import { Banners } from './features/layout/Banners';
import { Toasts } from './features/layout/Toasts';
import { Keyboard } from './features/keyboard/Keyboard';
import { WarRoomDialog } from './features/warroom/WarRoomDialog';
import { RulesDialog } from './features/rules/RulesDialog';
import { useOps } from './store/store';

export function App() {
  const synced = useOps((s) => s.synced);
  const session = useOps((s) => s.session);
  const info = useOps((s) => s.info);
  const signedIn = session?.status === 'signedIn' || session?.status === 'reauthRequired';
  const demo = session?.active?.demo === true;
  // Content shows once the session is known, even while another slice's snapshot is being retried.
  const ready = synced || session !== undefined;

  useEffect(() => {
    const name = info?.productName ?? 'Webex Ops Console';
    document.title = demo ? `${name} — Demo workspace` : name;
  }, [info, demo]);

  return (
    <div className="frame" data-synced={synced ? 'true' : 'false'}>
      <nav className="sidebar" aria-label="Spaces">
        <RoomList signedIn={signedIn} />
      </nav>
      <main className="main" aria-label="Conversation">
        <Banners />
        {!ready ? (
          <div className="empty" role="status">
            Connecting to the app…
          </div>
        ) : signedIn ? (
          <MessagePane />
        ) : (
          <SignIn />
        )}
      </main>
      <aside className="actions" aria-label="Quick actions">
        <QuickActions signedIn={signedIn} />
      </aside>
      <footer className="statusbar" aria-label="Status">
        <StatusBar />
      </footer>
      {signedIn ? <WarRoomDialog /> : null}
      {signedIn ? <RulesDialog /> : null}
      <Toasts />
      <Keyboard signedIn={signedIn && ready} />
    </div>
  );
}
