import type { AppWarning, InvokeChannel } from '../../shared/contract/channels';
import type { ActiveSession, SessionService } from '../auth/types';
import type { Clock } from '../clock';
import type { EventHub } from '../events/hub';
import type { Handlers } from '../ipc/dispatch';
import type { Logger } from '../log/types';
import type { Notifier, SystemEvents } from '../platform';
import type { Store } from '../store';

/** Reading channels under rooms./messages. served by src/main/reading, not by the watcher. */
export type ReadingChannel = 'rooms.search' | 'messages.loadOlder' | 'messages.thread';

/** Own-message edits under messages. served by src/main/spaces, not by the watcher. */
export type SpacesMessageChannel = 'messages.edit' | 'messages.delete';

export type WatchChannel = Exclude<
  Extract<InvokeChannel, `rooms.${string}` | `messages.${string}` | `poll.${string}` | `rules.${string}`>,
  ReadingChannel | SpacesMessageChannel
>;

export interface WatchService {
  handlers: Pick<Handlers, WatchChannel>;
  dispose(): Promise<void>;
}

export interface WatchServiceDeps {
  hub: EventHub;
  store: Store;
  clock: Clock;
  logger: Logger;
  session: Pick<SessionService, 'current' | 'onChange'>;
  notifier: Notifier;
  systemEvents: SystemEvents;
  /** A notification was clicked: show that space. */
  focusRoom(roomId: string): void;
  /** Raises a warning in the window (the app slice); the same `id` replaces the earlier warning. */
  warn?(warning: { source: AppWarning['source']; message: string; id?: string }): void;
}

export type { ActiveSession };
