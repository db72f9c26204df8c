/** Way in 4: the demo workspace (the built-in simulator), held in memory; started once, reused while it runs. */
import type { IdentityView } from '../../../shared/contract/channels';
import { AppFailure } from '../../errors';
import { baseUrlString, checkBaseUrl } from '../../net';
import { viewOf } from '../identities';
import type { StartDemo } from '../types';
import type { WayInContext } from './context';

export function startDemo(ctx: WayInContext, start: StartDemo | undefined): Promise<IdentityView> {
  if (!start)
    return Promise.reject(new AppFailure('configInvalid', 'The demo workspace is not available in this build.'));
  return ctx.serial(async () => {
    await ctx.records.open();
    const running = [...ctx.records.ephemeral.values()].find((e) => e.demo !== undefined);
    if (running) {
      await ctx.runtime.activate(running.record, running.tokens, running.me);
      return viewOf(running.record);
    }
    const demo = await start();
    try {
      const token = demo.tokens.operator;
      if (token === undefined) throw new AppFailure('configInvalid', 'The demo workspace has no operator identity.');
      ctx.secrets.add(token);
      const me = await ctx.signIn.identify(demo.baseUrl, token, 'demo');
      return await ctx.signIn.establish({
        method: 'demo',
        apiBaseUrl: baseUrlString(checkBaseUrl(demo.baseUrl)),
        me,
        tokens: { accessToken: token, obtainedAt: ctx.clock.now() },
        persisted: false,
        demo,
      });
    } catch (e) {
      if (![...ctx.records.ephemeral.values()].some((x) => x.demo === demo)) await demo.close();
      throw e;
    }
  });
}

/** Closes a demo workspace, logging (not throwing) a failure. */
export async function closeDemo(ctx: Pick<WayInContext, 'logger'>, demo: { close(): Promise<void> }): Promise<void> {
  try {
    await demo.close();
  } catch (e) {
    ctx.logger.warn('closing the demo workspace failed', { error: e });
  }
}
