import { useEffect, useRef, useState } from 'react';
import type { RunbookView } from '../../../../shared/contract/channels';

/**
 * Ctrl/Cmd+J: a runbook palette — type to filter, arrows to move, Enter to choose, Escape to close. A message's
 * "Run runbook…" action opens it too (`request`), naming the message the run starts from.
 */
export function RunbookPalette({
  runbooks,
  disabledReason,
  onChoose,
  request,
  onKeyboardOpen,
  onDismiss,
}: {
  runbooks: readonly RunbookView[];
  disabledReason(rb: RunbookView): string | undefined;
  onChoose(id: string): void;
  /** Opens the palette for a message (a new nonce opens it again); `source` says which message, in words. */
  request?: { nonce: number; source: string };
  /** Ctrl/Cmd+J opened it: the run starts from no particular message. */
  onKeyboardOpen?(): void;
  /** Closed without choosing (Escape). */
  onDismiss?(): void;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'j') {
        e.preventDefault();
        setOpen(true);
        setQuery('');
        setIndex(0);
        onKeyboardOpen?.();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKeyboardOpen]);
  // A new request opens the palette (derived state, set during render when the nonce changes).
  const [seenNonce, setSeenNonce] = useState<number>();
  if (request !== undefined && request.nonce !== seenNonce) {
    setSeenNonce(request.nonce);
    setOpen(true);
    setQuery('');
    setIndex(0);
  }
  /** What had the focus when the palette opened (a message's action, say): Escape gives it back. */
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (!open) return;
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    input.current?.focus();
  }, [open]);

  if (!open) return null;
  const q = query.trim().toLowerCase();
  const matches = runbooks.filter((r) => q === '' || `${r.label} ${r.category} ${r.id}`.toLowerCase().includes(q));
  const choose = (rb: RunbookView | undefined): void => {
    if (!rb || disabledReason(rb)) return;
    setOpen(false);
    onChoose(rb.id);
  };
  return (
    <div
      className="runbook-palette"
      role="dialog"
      aria-modal="true"
      aria-label="Runbook palette"
      aria-describedby={request ? 'runbook-palette-source' : undefined}
    >
      {request && (
        <p className="small" id="runbook-palette-source">
          {request.source}
        </p>
      )}
      <input
        ref={input}
        aria-label="Find a runbook"
        role="combobox"
        aria-expanded="true"
        aria-controls="runbook-palette-list"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setOpen(false);
            onDismiss?.();
            if (opener.current?.isConnected) opener.current.focus();
          } else if (e.key === 'ArrowDown') setIndex(Math.min(matches.length - 1, index + 1));
          else if (e.key === 'ArrowUp') setIndex(Math.max(0, index - 1));
          else if (e.key === 'Enter') choose(matches[index]);
          else return;
          e.preventDefault();
        }}
      />
      <ul id="runbook-palette-list" role="listbox" aria-label="Runbooks">
        {matches.map((r, i) => {
          const reason = disabledReason(r);
          return (
            <li
              key={r.id}
              role="option"
              aria-selected={i === index}
              aria-disabled={reason !== undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(r);
              }}
            >
              {r.label} <span className="small">{reason ?? r.category}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
