/**
 * Way in 2: Sign in with Webex — the integration's settings (client id, secret to the keychain, redirect URI) and
 * the browser sign-in with PKCE as a long operation (`op.progress` / `op.done`), one at a time.
 */
import type { OAuthClientInput, OAuthClientView, OpStarted, StartOAuthInput } from '../../../shared/contract/channels';
import { AppFailure } from '../../errors';
import type { OpRegistry } from '../../ops/registry';
import type { OpenExternal } from '../../platform';
import { DEFAULT_REDIRECT_URI } from '../identities';
import { runOAuthFlow } from '../oauth/flow';
import { OAUTH_SCOPES, parseRedirectUri } from '../oauth/redirect';
import type { TokenSet } from '../refresh';
import { originOf } from '../secret-store/accounts';
import type { WayInContext } from './context';

export interface OAuthWayIn {
  setClient(input: OAuthClientInput): Promise<OAuthClientView>;
  start(input: StartOAuthInput): Promise<OpStarted>;
  /** Cancels a browser sign-in still waiting and waits until it has finished. */
  dispose(): Promise<void>;
}

export interface OAuthWayInDeps {
  ops: OpRegistry;
  openExternal: OpenExternal;
}

export function createOAuthWayIn(ctx: WayInContext, deps: OAuthWayInDeps): OAuthWayIn {
  const { records, custody, logger } = ctx;
  let run: { opId: string; done: Promise<void> } | undefined;

  const setClient = ({ clientId, clientSecret, redirectUri, apiBaseUrl }: OAuthClientInput) => {
    if (clientSecret !== undefined) ctx.secrets.add(clientSecret);
    return ctx.serial(async () => {
      await records.open();
      const previous = records.oauthClient();
      const redirect = parseRedirectUri(redirectUri ?? previous?.redirectUri ?? DEFAULT_REDIRECT_URI);
      const base = await ctx.signIn.apiBase(apiBaseUrl ?? previous?.apiBaseUrl);
      const origin = originOf(base);
      const sameClient =
        previous !== undefined && previous.clientId === clientId && originOf(previous.apiBaseUrl) === origin;
      let secretSaved = sameClient ? previous.secretSaved : false;
      if (clientSecret !== undefined) {
        custody.requireStorage();
        await custody.saveClientSecret(base, clientId, clientSecret);
        secretSaved = true;
      }
      if (previous && !sameClient) {
        const stillUsed = records
          .data()
          .identities.some(
            (s) => s.oauthClientId === previous.clientId && originOf(s.apiBaseUrl) === originOf(previous.apiBaseUrl),
          );
        if (!stillUsed) await custody.deleteClientSecret(previous.apiBaseUrl, previous.clientId);
      }
      records.update((d) => ({
        ...d,
        oauthClient: { clientId, redirectUri: redirect.uri, apiBaseUrl: base, secretSaved },
      }));
      logger.info('oauth client saved', { redirectPort: redirect.port, secretChanged: clientSecret !== undefined });
      return records.oauthView();
    });
  };

  const start = async ({ loginHint }: StartOAuthInput): Promise<OpStarted> => {
    await records.open();
    const settings = records.oauthClient();
    if (!settings) {
      throw new AppFailure('invalidInput', 'Enter the integration’s client id and secret first.', {
        issues: [{ path: 'clientId', message: 'Enter the integration’s client id and secret first.' }],
      });
    }
    if (!settings.secretSaved) {
      throw new AppFailure('invalidInput', 'Enter the integration’s client secret.', {
        issues: [{ path: 'clientSecret', message: 'Enter the integration’s client secret.' }],
      });
    }
    const redirect = parseRedirectUri(settings.redirectUri);
    custody.requireStorage();

    // One browser sign-in at a time: a new one replaces a waiting one (and waits for its port to be free).
    const previousRun = run;
    if (previousRun) deps.ops.cancel(previousRun.opId);
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const started = deps.ops.start('session.oauth', async ({ signal, progress }) => {
      try {
        if (previousRun) await previousRun.done;
        const clientSecret = await custody.readClientSecret(settings.apiBaseUrl, settings.clientId);
        if (clientSecret === undefined) {
          records.update((d) => (d.oauthClient ? { ...d, oauthClient: { ...d.oauthClient, secretSaved: false } } : d));
          throw new AppFailure('invalidInput', 'The integration’s client secret is no longer saved: enter it again.', {
            issues: [{ path: 'clientSecret', message: 'Enter the client secret again.' }],
          });
        }
        const client = ctx.runtime.makeClient(settings.apiBaseUrl);
        let tokens: TokenSet;
        try {
          tokens = await runOAuthFlow(
            {
              apiBaseUrl: settings.apiBaseUrl,
              clientId: settings.clientId,
              clientSecret,
              redirect,
              ...(loginHint !== undefined ? { loginHint } : {}),
            },
            { clock: ctx.clock, logger, secrets: ctx.secrets, openExternal: deps.openExternal, client },
            { signal, progress: (message) => progress(message) },
          );
        } finally {
          await client.close();
        }
        const me = await ctx.signIn.identify(settings.apiBaseUrl, tokens.accessToken, 'oauth');
        if (signal.aborted) throw new AppFailure('cancelled', 'The sign-in was cancelled.');
        return await ctx.serial(() =>
          ctx.signIn.establish({
            method: 'oauth',
            apiBaseUrl: settings.apiBaseUrl,
            me,
            tokens,
            persisted: true,
            oauthClientId: settings.clientId,
            scopes: OAUTH_SCOPES,
          }),
        );
      } finally {
        // The operation ends outside any invoke: it publishes its own outcome.
        ctx.publish();
        finished();
      }
    });
    run = { opId: started.opId, done };
    void done.then(() => {
      if (run?.opId === started.opId) run = undefined;
    });
    return started;
  };

  return {
    setClient,
    start,
    async dispose() {
      const current = run;
      if (!current) return;
      deps.ops.cancel(current.opId);
      await current.done;
    },
  };
}
