import { INVOKE_CHANNELS, type InvokeChannel } from '../../../src/shared/contract/channels';
import type { Handler, Handlers } from '../../../src/main/ipc/dispatch';

/** A Handlers object for binding tests: the given handlers, and for every other channel one that fails loudly. */
export function handlersWith(overrides: { [C in InvokeChannel]?: Handler<C> }): Handlers {
  const all: Record<string, unknown> = {};
  for (const channel of INVOKE_CHANNELS) {
    all[channel] =
      overrides[channel] ??
      (async () => {
        throw new Error(`handler ${channel} is not part of this test`);
      });
  }
  return all as Handlers;
}
