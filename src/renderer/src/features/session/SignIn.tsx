import { useId, useState, type FormEvent } from 'react';
import type { IdentityView, SecretBackendView, SessionState } from '../../../../shared/contract/channels';
import { useOps } from '../../store/store';
import {
  DEFAULT_API_BASE_URL,
  DEFAULT_REDIRECT_URI,
  ErrorLine,
  METHOD_LABEL,
  identityLine,
  useCall,
  useSignInOp,
} from './shared';
import './session.css';

/** Where secrets go, said plainly; when no keychain works, the offer to keep them for this session only. */
/** The optional API base URL (default https://webexapis.com/v1), folded away. */
function ApiAddressField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <details>
      <summary>API address</summary>
      <div className="field">
        <label htmlFor={id}>API base URL</label>
        <input
          id={id}
          type="url"
          inputMode="url"
          spellCheck={false}
          value={value}
          placeholder={DEFAULT_API_BASE_URL}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
    </details>
  );
}

function SecretBackend({ backend }: { backend: SecretBackendView }) {
  const call = useCall();
  if (backend.keychainAvailable && backend.kind === 'keytar') {
    return (
      <p className="signin-backend" data-testid="secret-backend" data-backend={backend.kind}>
        <span className="backend-dot" aria-hidden="true" />
        <span>Tokens and secrets are kept in the system keychain. They never reach this window.</span>
      </p>
    );
  }
  if (backend.kind === 'memory') {
    return (
      <p className="signin-backend backend-warn" data-testid="secret-backend" data-backend={backend.kind}>
        <span className="backend-dot" aria-hidden="true" />
        <span>
          Secrets are kept in memory for this session only: you will sign in again after restarting.
          {backend.detail && !backend.keychainAvailable ? ` ${backend.detail}` : ''}
        </span>
      </p>
    );
  }
  return (
    <div
      className="banner banner-warning session-banner"
      role="alert"
      data-testid="secret-backend"
      data-backend={backend.kind}
    >
      <span>
        <strong>No system keychain is available.</strong> {backend.detail ?? 'The Secret Service could not be reached.'}{' '}
        Signing in needs a place for the token: keep it in memory for this session only, or fix the keychain and
        restart.
      </span>
      <button
        type="button"
        disabled={call.busy}
        onClick={() => void call.run(() => call.ops.session.useSessionOnlySecrets())}
      >
        Keep secrets for this session only
      </button>
      <ErrorLine error={call.error} />
    </div>
  );
}

/** Saved identities that are not at work: continue as one, or forget it. */
function SavedIdentities({ session }: { session: SessionState }) {
  const call = useCall();
  const saved = session.identities.filter((i) => i.id !== session.active?.id);
  if (saved.length === 0) return null;
  const cont = (identity: IdentityView): void => {
    void call.run(() => call.ops.session.switchIdentity({ identityId: identity.id }));
  };
  const forget = (identity: IdentityView): void => {
    void call.run(() => call.ops.session.signOut({ identityId: identity.id, forget: true }));
  };
  return (
    <section className="card" aria-labelledby="saved-title">
      <h2 id="saved-title">Saved identities</h2>
      <ul className="saved-identities">
        {saved.map((identity) => (
          <li key={identity.id} className="saved-identity" data-identity-id={identity.id}>
            <span className="who">
              <span>
                <strong>{identity.displayName}</strong>{' '}
                <span className="muted small">({METHOD_LABEL[identity.method]})</span>
              </span>
              <span className="muted small">
                {identityLine(identity)} · {identity.signedIn ? 'signed in' : 'signed out — sign in again below'}
              </span>
            </span>
            <span className="identity-actions">
              {identity.signedIn ? (
                <button type="button" disabled={call.busy} onClick={() => cont(identity)}>
                  Continue as {identity.displayName}
                </button>
              ) : null}
              {identity.persisted ? (
                <button
                  type="button"
                  className="link"
                  disabled={call.busy}
                  onClick={() => forget(identity)}
                  aria-label={`Forget ${identity.displayName}`}
                >
                  Forget
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <ErrorLine error={call.error} />
    </section>
  );
}

function DemoCard() {
  const call = useCall();
  return (
    <section className="card" aria-labelledby="demo-title">
      <h2 id="demo-title">No account?</h2>
      <p>
        Open a demo operations workspace served by the built-in Webex simulator. Live alerts start arriving; nothing
        reaches Webex.
      </p>
      <button
        type="button"
        className="primary"
        disabled={call.busy}
        onClick={() => void call.run(() => call.ops.session.startDemo())}
      >
        {call.busy ? 'Starting the demo…' : 'Try the demo workspace'}
      </button>
      <ErrorLine error={call.error} />
    </section>
  );
}

function TokenCard() {
  const call = useCall();
  const [token, setToken] = useState('');
  const [apiBaseUrl, setApiBaseUrl] = useState('');
  const ids = { token: useId(), hint: useId(), base: useId(), error: useId() };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const base = apiBaseUrl.trim();
    const pasted = token;
    // The token leaves the page's state at once: it lives in main only from here on.
    setToken('');
    const result = await call.run(() =>
      call.ops.session.signInWithToken(base ? { token: pasted, apiBaseUrl: base } : { token: pasted }),
    );
    if (result && !result.ok && result.error.kind !== 'auth' && result.error.kind !== 'invalidInput') setToken(pasted);
  };

  return (
    <section className="card" aria-labelledby="token-title">
      <h2 id="token-title">Paste a token</h2>
      <form onSubmit={(e) => void submit(e)} aria-busy={call.busy} noValidate>
        <div className="field">
          <label htmlFor={ids.token}>Personal or bot access token</label>
          <input
            id={ids.token}
            name="webex-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-describedby={`${ids.hint}${call.error ? ` ${ids.error}` : ''}`}
            aria-invalid={call.error?.kind === 'auth' || call.error?.kind === 'invalidInput' ? true : undefined}
          />
          <p className="hint" id={ids.hint}>
            Personal tokens from developer.webex.com last about 12 hours; you will be warned before. Bot tokens do not
            expire, but a bot only sees group messages that mention it.
          </p>
        </div>
        <ApiAddressField id={ids.base} value={apiBaseUrl} onChange={setApiBaseUrl} />
        <div className="row">
          <button type="submit" className="primary" disabled={call.busy || token.trim() === ''}>
            {call.busy ? 'Checking the token…' : 'Sign in with token'}
          </button>
        </div>
        <ErrorLine error={call.error} id={ids.error} />
      </form>
    </section>
  );
}

function OAuthCard({ session }: { session: SessionState }) {
  const saved = session.oauthClient;
  const call = useCall();
  const [clientId, setClientId] = useState(saved?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [redirectUri, setRedirectUri] = useState(
    saved?.redirectUri ?? saved?.defaultRedirectUri ?? DEFAULT_REDIRECT_URI,
  );
  const [apiBaseUrl, setApiBaseUrl] = useState(
    saved && saved.apiBaseUrl !== DEFAULT_API_BASE_URL ? saved.apiBaseUrl : '',
  );
  const { op, waiting, error: opError, started: opStarted, cancelButton } = useSignInOp();
  const [copied, setCopied] = useState(false);
  const ids = {
    id: useId(),
    secret: useId(),
    secretHint: useId(),
    redirect: useId(),
    redirectHint: useId(),
    base: useId(),
  };

  const effectiveRedirect = redirectUri.trim() || saved?.defaultRedirectUri || DEFAULT_REDIRECT_URI;
  const hasSecret = saved?.hasSecret === true && saved.clientId === clientId.trim();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const secret = clientSecret.trim();
    setClientSecret('');
    const base = apiBaseUrl.trim();
    const stored = await call.run(() =>
      call.ops.session.setOAuthClient({
        clientId: clientId.trim(),
        ...(secret ? { clientSecret: secret } : {}),
        redirectUri: effectiveRedirect,
        ...(base ? { apiBaseUrl: base } : {}),
      }),
    );
    if (!stored?.ok) return;
    const started = await call.run(() => call.ops.session.startOAuth({}));
    if (started?.ok) opStarted(started.value.opId);
  };

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(effectiveRedirect);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section className="card" aria-labelledby="oauth-title">
      <h2 id="oauth-title">Sign in with Webex</h2>
      <p className="hint">
        Uses your Webex integration (OAuth). You stay signed in for the whole shift: the app renews the sign-in by
        itself.
      </p>
      <form onSubmit={(e) => void submit(e)} aria-busy={call.busy || waiting} noValidate>
        <div className="field">
          <label htmlFor={ids.id}>Client id</label>
          <input
            id={ids.id}
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.secret}>Client secret</label>
          <input
            id={ids.secret}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
            aria-describedby={ids.secretHint}
          />
          <p className="hint" id={ids.secretHint}>
            {hasSecret
              ? 'A client secret is saved in the keychain — leave this empty to keep it.'
              : 'Saved to the keychain; it is never shown again.'}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.redirect}>Redirect URI</label>
          <input
            id={ids.redirect}
            value={redirectUri}
            onChange={(e) => setRedirectUri(e.target.value)}
            spellCheck={false}
            aria-describedby={ids.redirectHint}
          />
          <div className="redirect-uri" id={ids.redirectHint}>
            <span>Register exactly this redirect URI with your integration:</span>
            <code data-testid="redirect-uri">{effectiveRedirect}</code>
            <button type="button" className="link" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
        <ApiAddressField id={ids.base} value={apiBaseUrl} onChange={setApiBaseUrl} />
        <div className="row">
          <button type="submit" className="primary" disabled={call.busy || waiting || clientId.trim() === ''}>
            {waiting ? 'Waiting for the browser…' : 'Sign in with Webex'}
          </button>
          {cancelButton}
        </div>
        {waiting ? (
          <p className="oauth-progress" role="status">
            <span className="spinner" aria-hidden="true" />
            {op?.message ?? 'Starting…'} Finish signing in in your browser.
          </p>
        ) : null}
        <ErrorLine error={call.error ?? opError} />
      </form>
    </section>
  );
}

function EnvCard() {
  const call = useCall();
  return (
    <section className="card" aria-labelledby="env-title">
      <h2 id="env-title">Environment token</h2>
      <p>A token is set in WEBEX_ACCESS_TOKEN. It is used for this session only and never saved.</p>
      <button type="button" disabled={call.busy} onClick={() => void call.run(() => call.ops.session.useEnvToken())}>
        Use the environment token
      </button>
      <ErrorLine error={call.error} />
    </section>
  );
}

export function SignIn() {
  const session = useOps((s) => s.session);
  if (!session) return null;
  const notice = session.notice;
  return (
    <div className="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to Webex</h1>
      <p className="lede">Watch your operations spaces and post runbook messages without leaving the console.</p>
      <SecretBackend backend={session.secretBackend} />
      {notice && notice.kind !== 'demo' && notice.kind !== 'botVisibility' ? (
        <div className="banner banner-warning session-banner" role="status">
          {notice.message}
        </div>
      ) : null}
      <SavedIdentities session={session} />
      <DemoCard />
      <TokenCard />
      <OAuthCard session={session} />
      {session.envTokenAvailable ? <EnvCard /> : null}
    </div>
  );
}
