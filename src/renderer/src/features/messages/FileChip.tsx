import { useEffect } from 'react';
import type { MessageFileView } from '../../../../shared/contract/channels';
import { useCommand, useCommands } from '../../bridge-context';
import { useOps } from '../../store/store';
import { formatBytes, kindOf } from './body';

/** Largest image previewed inline (main enforces it too). */
const PREVIEW_MAX = 1024 * 1024;

/**
 * One attached file: its name, type and size (HEAD through main), "Save as…" (main downloads it to where the
 * operator picks in a native dialog) and, for images up to 1 MB, a preview fetched by main as a data: URL.
 */
export function FileChip({ file }: { file: MessageFileView }) {
  const commands = useCommands();
  const info = useOps((s) => s.files.get(file.ref));
  const preview = useOps((s) => s.previews.get(file.ref));
  const saving = useCommand(`files.saveAs:${file.ref}`);
  const failed = useCommand(`files.info:${file.ref}`)?.status === 'error';
  const name = info?.name || file.name || 'attachment';
  const previewable =
    info !== undefined && info.contentType.startsWith('image/') && (info.size ?? Infinity) <= PREVIEW_MAX;

  useEffect(() => {
    void commands.fileInfo(file.ref);
  }, [commands, file.ref]);
  useEffect(() => {
    if (previewable) void commands.filePreview(file.ref);
  }, [commands, file.ref, previewable]);

  const saved = saving?.status === 'ok' && (saving.value as { saved?: boolean } | undefined)?.saved === true;
  return (
    <li className="file-chip" data-file-ref={file.ref}>
      {preview?.dataUrl ? <img className="file-preview" src={preview.dataUrl} alt={`Preview of ${name}`} /> : null}
      <span className="file-name">{name}</span>
      <span className="file-meta muted small">
        {info ? `${kindOf(info.contentType)}${info.size !== undefined ? ` · ${formatBytes(info.size)}` : ''}` : ''}
        {failed ? 'details unavailable' : ''}
      </span>
      <button
        type="button"
        className="link small"
        aria-label={`Save ${name} as…`}
        disabled={saving?.status === 'pending'}
        onClick={() => void commands.saveFile(file.ref, name)}
      >
        {saving?.status === 'pending' ? 'Saving…' : saved ? 'Saved ✓' : 'Save as…'}
      </button>
    </li>
  );
}
