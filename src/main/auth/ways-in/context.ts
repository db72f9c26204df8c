import type { Clock } from '../../clock';
import type { SecretRegistry } from '../../log';
import type { Logger } from '../../log/types';
import type { TokenCustody } from '../custody';
import type { IdentityRecords } from '../records';
import type { ActiveIdentity } from '../runtime';
import type { SignIn } from '../sign-in';

/** Runs session mutations one after another (sign-in, switch, sign-out never interleave). */
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

export function createSerialQueue(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** What a way in works with. */
export interface WayInContext {
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  records: IdentityRecords;
  custody: TokenCustody;
  runtime: ActiveIdentity;
  signIn: SignIn;
  serial: Serial;
  /** The session view's publish step, for work that ends outside an invoke (a background OAuth sign-in). */
  publish(): void;
}
