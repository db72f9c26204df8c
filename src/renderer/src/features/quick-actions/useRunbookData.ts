import { useMemo } from 'react';
import type { IncidentView, OutboxItemView, RunbookFileView, RunbookView } from '../../../../shared/contract/channels';
import { listOf } from '../../store/collection';
import { useOps } from '../../store/store';
import { useOutboxItems } from '../../useOutbox';

export interface RunbookData {
  /** False until the runbooks slice's first snapshot arrived. */
  loaded: boolean;
  runbooks: readonly RunbookView[];
  files: readonly RunbookFileView[];
  incidents: readonly IncidentView[];
  outbox: readonly OutboxItemView[];
}

/** Runbooks, incidents and the outbox from the store, kept current by main's events (docs/events.md). */
export function useRunbookData(): RunbookData {
  const runbooks = useOps((s) => s.runbooks);
  const incidents = useOps((s) => s.incidents);
  const outbox = useOutboxItems();
  return useMemo(
    () => ({
      loaded: runbooks.loaded,
      runbooks: listOf(runbooks),
      files: runbooks.files,
      incidents: listOf(incidents),
      outbox,
    }),
    [runbooks, incidents, outbox],
  );
}
