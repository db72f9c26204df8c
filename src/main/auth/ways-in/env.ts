/** Way in 3: the environment's token (WEBEX_ACCESS_TOKEN / WEBEX_TEAMS_ACCESS_TOKEN), used and never saved. */
import type { IdentityView } from '../../../shared/contract/channels';
import { AppFailure } from '../../errors';
import { ENV_BASE_URL_VARIABLE, envToken } from '../token-auth';
import type { WayInContext } from './context';

export interface EnvWayIn {
  readonly available: boolean;
  use(): Promise<IdentityView>;
}

/** Registers the environment's token with the redactor at once, whether it is used or not. */
export function createEnvWayIn(ctx: WayInContext, env: Record<string, string | undefined>): EnvWayIn {
  const token = envToken(env);
  if (token !== undefined) ctx.secrets.add(token);
  return {
    available: token !== undefined,
    async use() {
      if (token === undefined) {
        throw new AppFailure('invalidInput', 'No token is set in WEBEX_ACCESS_TOKEN or WEBEX_TEAMS_ACCESS_TOKEN.');
      }
      return ctx.serial(async () => {
        await ctx.records.open();
        const base = await ctx.signIn.apiBase(env[ENV_BASE_URL_VARIABLE]);
        const me = await ctx.signIn.identify(base, token, 'env');
        return ctx.signIn.establish({
          method: 'env',
          apiBaseUrl: base,
          me,
          tokens: { accessToken: token, obtainedAt: ctx.clock.now() },
          persisted: false,
        });
      });
    },
  };
}
