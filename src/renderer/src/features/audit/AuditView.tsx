import { useCallback, useEffect, useState } from 'react';
import type { AuditQuery, AuditRowView, ContractError } from '../../../../shared/contract/channels';
import { useBridge } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { formatTime } from '../../time';

const OUTCOMES: AuditRowView['outcome'][] = [
  'sent',
  'failed',
  'unknown',
  'needsOperator',
  'markedSent',
  'discarded',
  'requeued',
  'undone',
  'undoFailed',
];

/** The audit log: filter by runbook, space, outcome and time; export the filtered rows as CSV (saved by main). */
export function AuditView({ runbookIds, refreshKey }: { runbookIds: string[]; refreshKey: string }) {
  const ops = useBridge();
  const [query, setQuery] = useState<AuditQuery>({});
  const [rows, setRows] = useState<AuditRowView[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<ContractError>();
  const [exported, setExported] = useState<string>();

  const load = useCallback(
    () =>
      ops.audit.query(query).then((r) => {
        if (r.ok) {
          setRows(r.value.rows);
          setTruncated(r.value.truncated);
          setError(undefined);
        } else setError(r.error);
      }),
    [ops, query],
  );

  useEffect(() => {
    const timer = setTimeout(() => void load(), 0);
    return () => clearTimeout(timer);
  }, [load, refreshKey]);

  const set = (patch: Partial<AuditQuery>): void => {
    const next: AuditQuery = { ...query, ...patch };
    for (const key of Object.keys(next) as (keyof AuditQuery)[]) if (!next[key]) delete next[key];
    setQuery(next);
  };

  const rooms = [...new Map(rows.map((r) => [r.roomId, r.roomTitle])).entries()];

  return (
    <section className="audit" aria-label="Audit log">
      <div className="audit-filters">
        <select aria-label="Runbook" value={query.runbookId ?? ''} onChange={(e) => set({ runbookId: e.target.value })}>
          <option value="">All runbooks</option>
          {runbookIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        <select aria-label="Space" value={query.roomId ?? ''} onChange={(e) => set({ roomId: e.target.value })}>
          <option value="">All spaces</option>
          {rooms.map(([id, title]) => (
            <option key={id} value={id}>
              {title}
            </option>
          ))}
        </select>
        <select
          aria-label="Outcome"
          value={query.outcome ?? ''}
          onChange={(e) => set({ outcome: (e.target.value || undefined) as AuditRowView['outcome'] | undefined })}
        >
          <option value="">All outcomes</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <input
          aria-label="From"
          type="datetime-local"
          onChange={(e) => set({ from: e.target.value ? new Date(e.target.value).toISOString() : undefined })}
        />
        <input
          aria-label="To"
          type="datetime-local"
          onChange={(e) => set({ to: e.target.value ? new Date(e.target.value).toISOString() : undefined })}
        />
        <button
          type="button"
          onClick={async () => {
            const r = await ops.audit.exportCsv(query);
            if (r.ok) setExported(r.value.saved ? `Exported ${r.value.rows} rows.` : 'Export cancelled.');
            else setError(r.error);
          }}
        >
          Export CSV…
        </button>
      </div>
      {exported && (
        <div className="small" role="status">
          {exported}
        </div>
      )}
      {error && (
        <div className="field-error" role="alert">
          {describeError(error).title}
        </div>
      )}
      {rows.length === 0 ? (
        <div className="empty small">Nothing in the audit log matches.</div>
      ) : (
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Runbook</th>
              <th scope="col">Space</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.itemId}-${r.at}-${r.outcome}`} data-outcome={r.outcome}>
                <td>{formatTime(r.at)}</td>
                <td>{r.runbookId ?? '—'}</td>
                <td>{r.roomTitle}</td>
                <td>
                  {r.outcome}
                  {r.errorKind ? ` (${r.errorKind}${r.trackingId ? `, ${r.trackingId}` : ''})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {truncated && <div className="small">Only the newest rows are shown; narrow the filter.</div>}
    </section>
  );
}
