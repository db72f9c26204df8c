/**
 * The native file dialogs and file-manager calls the core asks for (CoreDeps): "Save as…" for a message file, the
 * audit CSV export, the composer's attachment, "Reveal runbook folder". Each takes the Electron parts it uses as
 * parameters (unit tests pass the fake). Chosen paths stay in main: the core gets them, the window never does
 * (docs/security.md).
 */
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { AppFailure } from '../errors';
import type { ChosenFile } from '../spaces';
import { usableParent, type DialogParent, type ParentSource } from './dialogs';

export interface FileDialogLike {
  showSaveDialog(window: DialogParent, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showOpenDialog(window: DialogParent, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
}

/** Electron's shell: openPath resolves with an error message, or '' when it opened. */
export interface FileManagerLike {
  openPath(path: string): Promise<string>;
  showItemInFolder(fullPath: string): void;
}

export interface FileDialogDeps {
  dialog: FileDialogLike;
  /** The main window, the dialogs' parent when it is shown. */
  parent?: ParentSource;
  /** The folder a save dialog starts in (Electron: app.getPath('downloads')). */
  downloads: () => string;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A suggested name is only a file name: a remote file's name never picks the folder. */
function fileNameOnly(name: string, fallback: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).trim();
  return base === '' || base === '.' || base === '..' ? fallback : base;
}

/** A save dialog, attached to the main window when shown; the chosen path, or undefined when cancelled. */
export async function askSavePath(
  deps: Pick<FileDialogDeps, 'dialog' | 'parent'>,
  options: SaveDialogOptions,
): Promise<string | undefined> {
  const window = usableParent(deps.parent);
  const { canceled, filePath } = window
    ? await deps.dialog.showSaveDialog(window, options)
    : await deps.dialog.showSaveDialog(options);
  return canceled || !filePath ? undefined : filePath;
}

/** CoreDeps.chooseSavePath: where to save a message's file ("Save as…"). */
export function createChooseSavePath(deps: FileDialogDeps): (suggestedName: string) => Promise<string | undefined> {
  return (suggestedName) =>
    askSavePath(deps, {
      title: 'Save File',
      buttonLabel: 'Save',
      defaultPath: path.join(deps.downloads(), fileNameOnly(suggestedName, 'download')),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
}

/**
 * CoreDeps.saveTextFile: a save dialog, then the text is written (UTF-8). False when cancelled; a write that fails
 * is a `storage` error naming the file.
 */
export function createSaveTextFile(
  deps: FileDialogDeps,
): (request: { title: string; defaultName: string; content: string }) => Promise<boolean> {
  return async ({ title, defaultName, content }) => {
    const name = fileNameOnly(defaultName, 'export.txt');
    const ext = path.extname(name).slice(1).toLowerCase();
    const target = await askSavePath(deps, {
      title,
      buttonLabel: 'Save',
      defaultPath: path.join(deps.downloads(), name),
      ...(ext
        ? {
            filters: [
              { name: `${ext.toUpperCase()} file`, extensions: [ext] },
              { name: 'All Files', extensions: ['*'] },
            ],
          }
        : {}),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (target === undefined) return false;
    try {
      await writeFile(target, content, 'utf8');
    } catch (e) {
      throw new AppFailure('storage', `${path.basename(target)} could not be written: ${messageOf(e)}`, { cause: e });
    }
    return true;
  };
}

/** CoreDeps.pickFile: one existing file for the composer's attachment; its path stays in main (src/main/spaces). */
export function createPickFile(deps: Omit<FileDialogDeps, 'downloads'>): () => Promise<ChosenFile | undefined> {
  return async () => {
    const options: OpenDialogOptions = { title: 'Attach a File', buttonLabel: 'Attach', properties: ['openFile'] };
    const window = usableParent(deps.parent);
    const { canceled, filePaths } = window
      ? await deps.dialog.showOpenDialog(window, options)
      : await deps.dialog.showOpenDialog(options);
    const chosen = filePaths[0];
    return canceled || chosen === undefined ? undefined : { path: chosen };
  };
}

/**
 * CoreDeps.revealPath: a folder opens in the file manager showing its contents (shell.openPath: Finder, Explorer,
 * the XDG file manager), which is what "Reveal runbook folder" is for; a file is shown selected in its folder
 * (shell.showItemInFolder). openPath is only ever given a folder, never a file it would run or open in an app. When
 * openPath reports a failure the folder is shown selected in its parent instead.
 */
export function createRevealPath(shell: FileManagerLike): (absolutePath: string) => Promise<void> {
  return async (absolutePath) => {
    if (!path.isAbsolute(absolutePath)) {
      throw new AppFailure('invalidInput', 'Only an absolute path can be shown in the file manager.');
    }
    let isFolder: boolean;
    try {
      isFolder = (await stat(absolutePath)).isDirectory();
    } catch (e) {
      throw new AppFailure('notFound', `${path.basename(absolutePath)} is not there any more.`, { cause: e });
    }
    if (isFolder && (await shell.openPath(absolutePath)) === '') return;
    shell.showItemInFolder(absolutePath);
  };
}
