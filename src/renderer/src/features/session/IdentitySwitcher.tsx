import { useId, useState, type FormEvent } from 'react';
import type { IdentityView } from '../../../../shared/contract/channels';
import { useOps } from '../../store/store';
import { ErrorLine, METHOD_LABEL, identityLine, useCall, useSignInOp } from './shared';
import './session.css';

/**
 * One clear prompt when Webex no longer accepts the active identity's token: paste a new one, or sign in with Webex
 * again — as the same identity, so the open space, drafts and outbox carry on. Or sign out.
 */
function ReauthPrompt({ active, message }: { active: IdentityView; message: string | undefined }) {
  const call = useCall();
  const [token, setToken] = useState('');
  const { op, waiting, error: opError, started: opStarted, cancelButton } = useSignInOp();
  const inputId = useId();

  const paste = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const pasted = token;
    setToken('');
    await call.run(() => call.ops.session.signInWithToken({ token: pasted, apiBaseUrl: active.apiBaseUrl }));
  };
  const oauth = async (): Promise<void> => {
    const started = await call.run(() => call.ops.session.startOAuth(active.email ? { loginHint: active.email } : {}));
    if (started?.ok) opStarted(started.value.opId);
  };

  return (
    <div className="reauth" role="alert" aria-label="Sign in again">
      <span>{message ?? `Webex no longer accepts the sign-in of ${active.displayName}.`}</span>
      {active.method === 'oauth' ? (
        <div className="identity-actions">
          <button type="button" className="primary" disabled={call.busy || waiting} onClick={() => void oauth()}>
            {waiting ? (op?.message ?? 'Waiting for the browser…') : 'Sign in with Webex again'}
          </button>
          {cancelButton}
        </div>
      ) : active.method === 'token' ? (
        <form onSubmit={(e) => void paste(e)}>
          <label htmlFor={inputId} className="visually-hidden">
            New access token for {active.displayName}
          </label>
          <input
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="Paste a new token"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <button type="submit" className="primary" disabled={call.busy || token.trim() === ''}>
            Use
          </button>
        </form>
      ) : null}
      <ErrorLine error={call.error ?? opError} />
    </div>
  );
}

/** Who is reading and who would post; a quick switch between saved identities; sign out. */
export function IdentitySwitcher() {
  const session = useOps((s) => s.session);
  const call = useCall();
  const selectId = useId();
  if (!session) return null;
  const active = session.active;
  if (!active && session.identities.length === 0) return null;
  const others = session.identities.filter((i) => i.id !== active?.id);
  const reauth = session.status === 'reauthRequired';

  return (
    <div className="identity" role="group" aria-label="Identity">
      <div className="identity-current" data-testid="active-identity">
        <span className="identity-label">{active ? 'Reading and posting as' : 'Signed out'}</span>
        {active ? (
          <>
            <span className="identity-name">
              {active.displayName} {reauth ? <span className="tag tag-warn">Sign-in needed</span> : null}
            </span>
            <span className="identity-sub">{identityLine(active)}</span>
            <span className="identity-sub">
              {active.demo ? (
                <span className="tag tag-demo">Demo</span>
              ) : active.kind === 'bot' ? (
                `bot · ${METHOD_LABEL[active.method]}`
              ) : (
                METHOD_LABEL[active.method]
              )}
            </span>
          </>
        ) : null}
      </div>
      {active && reauth ? (
        <ReauthPrompt
          active={active}
          message={session.notice?.kind === 'expired' ? session.notice.message : undefined}
        />
      ) : null}
      {others.length > 0 ? (
        <div className="identity-switch">
          <label htmlFor={selectId} className="visually-hidden">
            Switch identity
          </label>
          <select
            id={selectId}
            value=""
            disabled={call.busy}
            onChange={(e) => {
              const identityId = e.target.value;
              if (identityId) void call.run(() => call.ops.session.switchIdentity({ identityId }));
            }}
          >
            <option value="">Switch identity…</option>
            {others.map((i) => (
              <option key={i.id} value={i.id}>
                {i.displayName} ({i.demo ? 'demo' : i.kind === 'bot' ? 'bot' : METHOD_LABEL[i.method]})
                {i.signedIn ? '' : ' — signed out'}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {active ? (
        <div className="identity-actions">
          <button
            type="button"
            className="link"
            disabled={call.busy}
            onClick={() => void call.run(() => call.ops.session.signOut({}))}
          >
            Sign out
          </button>
        </div>
      ) : null}
      <ErrorLine error={call.error} />
    </div>
  );
}
