import type { InvokeChannel } from '../../shared/contract/channels';
import type { ActiveSession, SessionService } from '../auth/types';
import type { Clock } from '../clock';
import type { EventHub } from '../events/hub';
import type { Handlers } from '../ipc/dispatch';
import type { Logger } from '../log/types';
import type { Notifier, SystemEvents } from '../platform';
import type { Store } from '../store';

export type WatchChannel = Extract<
  InvokeChannel,
  `rooms.${string}` | `messages.${string}` | `poll.${string}` | `rules.${string}`
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
}

export type { ActiveSession };
