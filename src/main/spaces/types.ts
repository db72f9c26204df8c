import type { InvokeChannel, RoomView } from '../../shared/contract/channels';
import type { ActiveSession } from '../auth/types';
import type { Clock } from '../clock';
import type { InternalErrorReporter } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { Logger } from '../log/types';
import type { Store } from '../store';
import type { Message } from '../webex';
import type { UploadPicked } from './files';
import type { PickedRecord } from './picked-check';

/** The channels src/main/spaces serves (`composer.send` is the outbox's, src/main/runbooks/composer.ts). */
export type SpacesChannel =
  | Exclude<
      Extract<
        InvokeChannel,
        | `members.${string}`
        | `spaces.${string}`
        | `teams.${string}`
        | `cards.${string}`
        | `drafts.${string}`
        | `composer.${string}`
      >,
      'composer.send'
    >
  | 'messages.edit'
  | 'messages.delete';

export interface SessionSource {
  current(): ActiveSession | undefined;
  onChange(listener: (active: ActiveSession | undefined) => void): () => void;
}

/** A file the operator chose in the native dialog (main only: the path never crosses the bridge). */
export interface ChosenFile {
  path: string;
}

export interface SpacesServiceDeps {
  clock: Clock;
  logger: Logger;
  /** Records an unexpected error (the log has the stack) and returns its correlation id. */
  report: InternalErrorReporter;
  store: Pick<Store, 'open'>;
  session: SessionSource;
  /** Watches a space through the watch service (its `rooms.setWatched`), returning the watcher's view of it. */
  watchRoom(roomId: string): Promise<RoomView>;
  /** Shows an own edit or delete in the open space at once (the watcher's applyOwnChange). */
  ownChange?: (roomId: string, change: { edited: Message } | { deletedId: string }) => void;
  /** A native open dialog (the shell); undefined when cancelled. Without it `composer.pickFile` answers not picked. */
  pickFile?: () => Promise<ChosenFile | undefined>;
}

export interface SpacesService {
  handlers: Pick<Handlers, SpacesChannel>;
  /**
   * Sends one message with a file chosen through `composer.pickFile` (for the outbox): the file is checked again
   * (still there, still ≤ 100 MB) right before the streamed upload.
   */
  uploadPicked: UploadPicked;
  /** What main knows of a chosen handle (chosen in this run, or kept with the space's draft); never for the window. */
  pickedRecord(session: ActiveSession, roomId: string, fileId: string): Promise<PickedRecord | undefined>;
  /** After the composer's message is queued: removes that identity's draft of the space if it was for that thread. */
  clearSentDraft(session: ActiveSession, roomId: string, parentId: string | undefined): Promise<void>;
  dispose(): void;
}
