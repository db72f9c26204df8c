import path from 'node:path';

/**
 * The file name from a Content-Disposition header: `filename*=UTF-8''…` preferred, else `filename="…"` or a bare
 * token. Only the base name is kept (no directories), control characters removed. '' when absent.
 */
export function fileNameFromContentDisposition(header: string | undefined): string {
  if (!header) return '';
  let name: string | undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      name = decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
    } catch {
      name = undefined;
    }
  }
  if (name === undefined) {
    const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
    if (quoted?.[1] !== undefined) name = quoted[1].replace(/\\(.)/g, '$1');
    else {
      const bare = /filename\s*=\s*([^;\s]+)/i.exec(header);
      if (bare?.[1]) name = bare[1];
    }
  }
  if (!name) return '';
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '');
  return path.posix.basename(path.win32.basename(clean));
}
