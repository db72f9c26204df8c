/**
 * Reading at scale (docs/architecture.md §6): the channels that read beyond the watcher's live window — searching
 * every space (`rooms.search`), older history (`messages.loadOlder`) and threads (`messages.thread`). Plain Node, no Electron; wired into `createCore`.
 */
import type { MessageView } from '../../shared/contract/channels';
import type { Handlers } from '../ipc/dispatch';
import type { ReadingChannel } from '../watch/types';
import type { Message } from '../webex';
import { createRoomDirectory, type RoomDirectoryDeps, type RoomDirectoryOptions } from './directory';
import { createFiles, type ChooseSavePath } from './files';
import { loadOlder, readThread } from './history';

export { createFiles, suggestedName, PREVIEW_MAX_BYTES, type ChooseSavePath } from './files';
export {
  createRoomDirectory,
  DEFAULT_ROOM_DIRECTORY,
  type RoomDirectory,
  type RoomDirectoryOptions,
} from './directory';

/** The directory's deps (clock, logger, session, the watcher's `knownView`: Watcher.knownRoomView) and more. */
export interface ReadingServiceDeps extends RoomDirectoryDeps {
  /** Makes messages read here known to the watcher and returns their views (Watcher.absorbRead). */
  absorbRead(roomId: string, messages: readonly Message[]): MessageView[] | Promise<MessageView[]>;
  /** The native save dialog (Electron: dialog.showSaveDialog); without it, files.saveAs is refused. */
  chooseSavePath?: ChooseSavePath;
}

export type FileChannel = 'files.info' | 'files.saveAs' | 'files.preview';

export interface ReadingService {
  handlers: Pick<Handlers, ReadingChannel | FileChannel>;
  dispose(): void;
}

export function createReadingService(
  deps: ReadingServiceDeps,
  options: { directory?: Partial<RoomDirectoryOptions> } = {},
): ReadingService {
  const directory = createRoomDirectory(deps, options.directory);
  const files = createFiles(deps);
  return {
    handlers: {
      'rooms.search': (input) => directory.search(input),
      'messages.loadOlder': (input) => loadOlder(deps, input),
      'messages.thread': (input) => readThread(deps, input),
      'files.info': ({ ref }) => files.info(ref),
      'files.saveAs': ({ ref }) => files.saveAs(ref),
      'files.preview': ({ ref }) => files.preview(ref),
    },
    dispose() {
      directory.dispose();
    },
  };
}
