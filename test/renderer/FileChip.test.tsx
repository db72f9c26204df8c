import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatBytes, kindOf } from '../../src/renderer/src/features/messages/body';
import { FileChip } from '../../src/renderer/src/features/messages/FileChip';
import { Toasts } from '../../src/renderer/src/features/layout/Toasts';
import { failure, fakeBridge, renderWithBridge, seedStore } from './fake-bridge';

const PNG_URL = 'data:image/png;base64,iVBORw0KGgo=';

describe('FileChip', () => {
  beforeEach(() => seedStore([]));

  it('shows name, kind and size from main, previews a small image, saves through main', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'files.info': () => ({ ref: 'f1', name: 'lag.png', contentType: 'image/png', size: 2048 }),
      'files.preview': () => ({ ref: 'f1', dataUrl: PNG_URL }),
      'files.saveAs': () => ({ saved: true, name: 'lag.png', bytes: 2048 }),
    });
    renderWithBridge(
      <ul>
        <FileChip file={{ ref: 'f1' }} />
      </ul>,
      main.bridge,
    );
    expect(await screen.findByText('PNG image · 2.0 KB')).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: 'Preview of lag.png' })).toHaveAttribute('src', PNG_URL);
    await user.click(screen.getByRole('button', { name: 'Save lag.png as…' }));
    expect(main.callsTo('files.saveAs')).toEqual([{ ref: 'f1' }]);
    expect(await screen.findByText('Saved ✓')).toBeInTheDocument();
    // One HEAD and one preview per file, however often it renders.
    expect(main.callsTo('files.info')).toHaveLength(1);
    expect(main.callsTo('files.preview')).toHaveLength(1);
  });

  it('asks no preview for large or non-image files, and shows a failed save', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'files.info': () => ({ ref: 'f2', name: 'dump.bin', contentType: 'application/octet-stream', size: 5_000_000 }),
      'files.saveAs': () => failure({ kind: 'storage', message: 'disk full' }),
    });
    renderWithBridge(
      <>
        <ul>
          <FileChip file={{ ref: 'f2' }} />
        </ul>
        <Toasts />
      </>,
      main.bridge,
    );
    expect(await screen.findByText('octet-stream · 4.8 MB')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save dump.bin as…' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Save dump.bin failed');
    expect(main.callsTo('files.preview')).toEqual([]);
  });

  it('formats sizes and kinds', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(kindOf('application/pdf')).toBe('PDF');
    expect(kindOf('text/plain; charset=utf-8')).toBe('text');
    expect(kindOf('image/jpeg')).toBe('JPEG image');
  });
});
