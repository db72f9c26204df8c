import { useCallback, useEffect, useState } from 'react';
import type { IncidentsState, OutboxState, RunbooksState } from '../../../../shared/contract/channels';
import { useBridge } from '../../bridge-context';
import { OUTBOX_REFRESH_MS, useOutbox } from '../../useOutbox';

/** How often the panel re-reads runbooks and incidents (main sends no events for them yet); the outbox shares its poll. */
export const RUNBOOK_REFRESH_MS = OUTBOX_REFRESH_MS;

export interface RunbookData {
  runbooks?: RunbooksState;
  outbox?: OutboxState;
  incidents?: IncidentsState;
  refresh(): Promise<void>;
}

/** Runbooks and incidents through the bridge, re-read on an interval while mounted; the outbox from `useOutbox`. */
export function useRunbookData(): RunbookData {
  const ops = useBridge();
  const { outbox, refresh: refreshOutbox } = useOutbox();
  const [runbooks, setRunbooks] = useState<RunbooksState>();
  const [incidents, setIncidents] = useState<IncidentsState>();
  const read = useCallback(
    () =>
      Promise.all([ops.runbooks.snapshot(), ops.incidents.snapshot()]).then(([r, i]) => {
        if (r.ok) setRunbooks(r.value.data);
        if (i.ok) setIncidents(i.value.data);
      }),
    [ops],
  );
  const refresh = useCallback(
    () => Promise.all([read(), refreshOutbox()]).then(() => undefined),
    [read, refreshOutbox],
  );
  useEffect(() => {
    const first = setTimeout(() => void read(), 0);
    const timer = setInterval(() => void read(), RUNBOOK_REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [read]);
  const value: RunbookData = { refresh };
  if (runbooks) value.runbooks = runbooks;
  if (outbox) value.outbox = outbox;
  if (incidents) value.incidents = incidents;
  return value;
}
