import { useCallback, useEffect, useState } from 'react';
import type { IncidentsState, OutboxState, RunbooksState } from '../../../../shared/contract/channels';
import { useBridge } from '../../bridge-context';

/** How often the panel re-reads runbooks, outbox and incidents (main sends no events for them yet). */
export const RUNBOOK_REFRESH_MS = 1500;

export interface RunbookData {
  runbooks?: RunbooksState;
  outbox?: OutboxState;
  incidents?: IncidentsState;
  refresh(): Promise<void>;
}

/** Runbooks, outbox and incidents through the bridge, re-read on an interval while mounted. */
export function useRunbookData(): RunbookData {
  const ops = useBridge();
  const [runbooks, setRunbooks] = useState<RunbooksState>();
  const [outbox, setOutbox] = useState<OutboxState>();
  const [incidents, setIncidents] = useState<IncidentsState>();
  const refresh = useCallback(
    () =>
      Promise.all([ops.runbooks.snapshot(), ops.outbox.snapshot(), ops.incidents.snapshot()]).then(([r, o, i]) => {
        if (r.ok) setRunbooks(r.value.data);
        if (o.ok) setOutbox(o.value.data);
        if (i.ok) setIncidents(i.value.data);
      }),
    [ops],
  );
  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), RUNBOOK_REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);
  const value: RunbookData = { refresh };
  if (runbooks) value.runbooks = runbooks;
  if (outbox) value.outbox = outbox;
  if (incidents) value.incidents = incidents;
  return value;
}
