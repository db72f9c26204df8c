import { promises as fsp } from 'node:fs';

/** What `lstat` says about a path, without following a symbolic link. */
export interface PathInfo {
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  /** The owner's write bit is clear (chmod a-w; the read-only attribute on Windows). */
  readOnly: boolean;
  /** For a symlink: whether what it points to exists. */
  dangling?: boolean;
}

/**
 * The file operations the store needs, at the granularity crash tests want to interrupt. Paths are absolute.
 * Errors are Node errors (with `code`), e.g. `ENOENT` from `readFile` for a missing file.
 */
export interface StoreFs {
  readFile(path: string): Promise<string>;
  /** Names in a folder; rejects with `ENOENT` when it does not exist. */
  readdir(path: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  /** What is at `path` (a link is not followed); undefined when nothing is there. */
  inspect(path: string): Promise<PathInfo | undefined>;
  /** Creates the folder and its parents; resolves to the first folder it had to create, if any. */
  mkdirp(path: string): Promise<string | undefined>;
  /** Creates a NEW file (fails if it exists), writes all of `data`, fsyncs and closes it. */
  writeNewFileSynced(path: string, data: string): Promise<void>;
  /** Appends all of `data` (creating the file if needed), fsyncs and closes it. */
  appendSynced(path: string, data: string): Promise<void>;
  /** The file's last byte, or undefined when it is missing or empty. */
  lastByte(path: string): Promise<number | undefined>;
  /** Renames, replacing `to` if it exists. */
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Makes a folder's entries (a rename, a new file) durable; a no-op where the platform cannot. */
  syncDir(path: string): Promise<void>;
}

/** Error codes that only say "this platform or file system cannot fsync a folder". */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'ENOTSUP', 'EBADF', 'EACCES']);

export function errorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** The real file system (node:fs/promises). Files are created private to the user (0600). */
export function createNodeStoreFs(platform: NodeJS.Platform = process.platform): StoreFs {
  return {
    readFile: (path) => fsp.readFile(path, 'utf8'),
    readdir: (path) => fsp.readdir(path),
    async exists(path) {
      try {
        await fsp.lstat(path);
        return true;
      } catch (e) {
        if (errorCode(e) === 'ENOENT') return false;
        throw e;
      }
    },
    async inspect(path) {
      let stats: Awaited<ReturnType<typeof fsp.lstat>>;
      try {
        stats = await fsp.lstat(path);
      } catch (e) {
        if (errorCode(e) === 'ENOENT') return undefined;
        throw e;
      }
      const type = stats.isSymbolicLink()
        ? 'symlink'
        : stats.isFile()
          ? 'file'
          : stats.isDirectory()
            ? 'directory'
            : 'other';
      const info: PathInfo = { type, size: stats.size, readOnly: (stats.mode & 0o200) === 0 };
      if (type === 'symlink') {
        info.dangling = await fsp.stat(path).then(
          () => false,
          (e: unknown) => errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR',
        );
      }
      return info;
    },
    mkdirp: (path) => fsp.mkdir(path, { recursive: true, mode: 0o700 }),
    async writeNewFileSynced(path, data) {
      const handle = await fsp.open(path, 'wx', 0o600);
      try {
        await handle.writeFile(data, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async appendSynced(path, data) {
      const handle = await fsp.open(path, 'a', 0o600);
      try {
        await handle.writeFile(data, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async lastByte(path) {
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(path, 'r');
      } catch (e) {
        if (errorCode(e) === 'ENOENT') return undefined;
        throw e;
      }
      try {
        const { size } = await handle.stat();
        if (size === 0) return undefined;
        const buffer = Buffer.alloc(1);
        await handle.read(buffer, 0, 1, size - 1);
        return buffer[0];
      } finally {
        await handle.close();
      }
    },
    rename: (from, to) => fsp.rename(from, to),
    unlink: (path) => fsp.unlink(path),
    async syncDir(path) {
      // Windows cannot open a folder for fsync; NTFS metadata is journaled.
      if (platform === 'win32') return;
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(path, 'r');
      } catch (e) {
        if (DIR_SYNC_UNSUPPORTED.has(errorCode(e) ?? '')) return;
        throw e;
      }
      try {
        await handle.sync();
      } catch (e) {
        if (!DIR_SYNC_UNSUPPORTED.has(errorCode(e) ?? '')) throw e;
      } finally {
        await handle.close();
      }
    },
  };
}
