import { useState, type FormEvent } from 'react';
import type { ContractError, ContractResult } from '../../../../shared/contract/channels';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';

function ErrorLine({ error }: { error: ContractError | undefined }) {
  if (!error) return null;
  const { title, detail } = describeError(error);
  return (
    <p className="form-error" role="alert">
      <strong>{title}.</strong> {detail}
    </p>
  );
}

function useCall() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ContractError>();
  const run = async <T,>(call: () => Promise<ContractResult<T>>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await call();
      if (!result.ok) {
        setError(result.error);
        return undefined;
      }
      return result.value;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function SignIn() {
  const session = useOps((s) => s.session);
  const ops = useOps((s) => s.ops);
  const demo = useCall();
  const token = useCall();
  const oauth = useCall();
  const env = useCall();
  const backend = useCall();
  const [tokenText, setTokenText] = useState('');
  const [apiBaseUrl, setApiBaseUrl] = useState('');
  const [clientId, setClientId] = useState(session?.oauthClient?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [redirectUri, setRedirectUri] = useState(session?.oauthClient?.redirectUri ?? '');
  const [oauthOp, setOauthOp] = useState<string>();

  const oauthView = oauthOp ? ops[oauthOp] : undefined;
  const oauthError = oauthView?.done && !oauthView.done.ok ? oauthView.done.error : undefined;
  const oauthWaiting = oauthView !== undefined && oauthView.done === undefined;
  const keychain = session?.secretBackend;

  const submitToken = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = apiBaseUrl.trim();
    const value = await token.run(() =>
      window.ops.session.signInWithToken(trimmed ? { token: tokenText, apiBaseUrl: trimmed } : { token: tokenText }),
    );
    if (value) setTokenText('');
  };

  const submitOAuth = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const saved = await oauth.run(() =>
      window.ops.session.setOAuthClient({
        clientId,
        ...(clientSecret ? { clientSecret } : {}),
        ...(redirectUri.trim() ? { redirectUri: redirectUri.trim() } : {}),
      }),
    );
    if (!saved) return;
    setClientSecret('');
    const started = await oauth.run(() => window.ops.session.startOAuth({}));
    if (started) setOauthOp(started.opId);
  };

  return (
    <div className="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to Webex</h1>
      <p className="lede">Watch your operations spaces and post runbook messages without leaving the console.</p>

      {keychain && !keychain.keychainAvailable ? (
        <div className="banner banner-warning" role="alert">
          <span>
            No system keychain is available ({keychain.detail ?? 'Secret Service not reachable'}). Secrets are{' '}
            {keychain.kind === 'memory' ? 'kept for this session only.' : 'not stored.'}
          </span>
          {keychain.kind !== 'memory' ? (
            <button type="button" onClick={() => void backend.run(() => window.ops.session.useSessionOnlySecrets())}>
              Keep secrets for this session only
            </button>
          ) : null}
        </div>
      ) : keychain ? (
        <p className="muted small">Secrets are kept in: {keychain.kind === 'keytar' ? 'the system keychain' : keychain.kind}.</p>
      ) : null}

      <section className="card" aria-labelledby="demo-title">
        <h2 id="demo-title">No account?</h2>
        <p>Open a demo operations workspace served by the built-in Webex simulator. Live alerts start arriving.</p>
        <button
          type="button"
          className="primary"
          disabled={demo.busy}
          onClick={() => void demo.run(() => window.ops.session.startDemo())}
        >
          {demo.busy ? 'Starting the demo…' : 'Try the demo workspace'}
        </button>
        <ErrorLine error={demo.error} />
      </section>

      <section className="card" aria-labelledby="token-title">
        <h2 id="token-title">Paste a token</h2>
        <form onSubmit={(e) => void submitToken(e)}>
          <label>
            Personal or bot access token
            <input
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={tokenText}
              onChange={(e) => setTokenText(e.target.value)}
              required
            />
          </label>
          <details>
            <summary>API address</summary>
            <label>
              API base URL (default https://webexapis.com/v1)
              <input
                type="url"
                value={apiBaseUrl}
                placeholder="https://webexapis.com/v1"
                onChange={(e) => setApiBaseUrl(e.target.value)}
              />
            </label>
          </details>
          <button type="submit" disabled={token.busy || tokenText.trim() === ''}>
            {token.busy ? 'Checking the token…' : 'Sign in with token'}
          </button>
          <ErrorLine error={token.error} />
        </form>
      </section>

      <section className="card" aria-labelledby="oauth-title">
        <h2 id="oauth-title">Sign in with Webex (integration)</h2>
        <form onSubmit={(e) => void submitOAuth(e)}>
          <label>
            Client id
            <input value={clientId} onChange={(e) => setClientId(e.target.value)} required spellCheck={false} />
          </label>
          <label>
            Client secret {session?.oauthClient?.hasSecret ? '(saved — leave empty to keep it)' : ''}
            <input
              type="password"
              autoComplete="off"
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
              required={!session?.oauthClient?.hasSecret}
            />
          </label>
          <label>
            Redirect URI (register exactly this with the integration)
            <input
              value={redirectUri}
              placeholder={session?.oauthClient?.defaultRedirectUri ?? 'http://127.0.0.1:53682/oauth/callback'}
              onChange={(e) => setRedirectUri(e.target.value)}
              spellCheck={false}
            />
          </label>
          <div className="row">
            <button type="submit" disabled={oauth.busy || oauthWaiting}>
              {oauthWaiting ? 'Waiting for the browser…' : 'Sign in with Webex'}
            </button>
            {oauthWaiting && oauthOp ? (
              <button type="button" onClick={() => void window.ops.op.cancel({ opId: oauthOp })}>
                Cancel
              </button>
            ) : null}
          </div>
          {oauthWaiting && oauthView?.message ? (
            <p className="muted small" role="status">
              {oauthView.message}
            </p>
          ) : null}
          <ErrorLine error={oauth.error ?? oauthError} />
        </form>
      </section>

      {session?.envTokenAvailable ? (
        <section className="card" aria-labelledby="env-title">
          <h2 id="env-title">Environment token</h2>
          <p>A token is set in WEBEX_ACCESS_TOKEN. It is used for this session and never saved.</p>
          <button type="button" disabled={env.busy} onClick={() => void env.run(() => window.ops.session.useEnvToken())}>
            Use the environment token
          </button>
          <ErrorLine error={env.error} />
        </section>
      ) : null}
    </div>
  );
}
