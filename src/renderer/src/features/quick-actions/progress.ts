/**
 * A broadcast's progress from the outbox slice (issue 10: done / total and a result per space), free of React. The
 * items of one run share its `batchId`; their states arrive as `outbox.upsert` events, so this is recomputed from the
 * store — never polled.
 */
import type { OutboxItemView } from '../../../../shared/contract/channels';

export type SpaceOutcome = 'waiting' | 'sending' | 'sent' | 'failed' | 'unknown' | 'needsOperator' | 'discarded';

export interface SpaceResult {
  itemId: string;
  roomId: string;
  roomTitle: string;
  outcome: SpaceOutcome;
  /** In words: "sent", "failed — forbidden: …  (tracking id T-1)", "unknown — checking whether it arrived". */
  detail: string;
  trackingId?: string;
}

export interface BroadcastProgress {
  total: number;
  /** Items with a final answer for now: sent, failed, discarded, or waiting for the operator. */
  done: number;
  sent: number;
  failed: number;
  /** Unknown outcomes: being read back, or handed to the operator. */
  unknown: number;
  results: SpaceResult[];
}

const OPERATOR_REASONS: Record<string, string> = {
  cannotReadBack: 'unknown — this identity cannot read the space back: check the space',
  expired: 'not sent in time — send it now?',
  unreadable: 'unknown — reading the space back kept failing: check the space',
};

function resultOf(item: OutboxItemView): SpaceResult {
  const base = { itemId: item.id, roomId: item.roomId, roomTitle: item.roomTitle };
  const s = item.state;
  switch (s.type) {
    case 'queued':
      return { ...base, outcome: 'waiting', detail: item.attempts > 0 ? 'waiting to try again' : 'queued' };
    case 'sending':
      return { ...base, outcome: 'sending', detail: 'sending…' };
    case 'sent':
      return { ...base, outcome: 'sent', detail: s.via === 'operator' ? 'marked as sent' : 'sent' };
    case 'unknown':
      return { ...base, outcome: 'unknown', detail: 'unknown — checking whether it arrived' };
    case 'needsOperator':
      return { ...base, outcome: 'needsOperator', detail: OPERATOR_REASONS[s.reason] ?? 'needs you' };
    case 'failed':
      return {
        ...base,
        outcome: 'failed',
        // The tracking id is shown on its own; the client's message may end with it too.
        detail: `failed — ${s.kind}: ${s.message.replace(/\s*\[Tracking ID: [^\]]*\]\.?/gi, '')}`,
        ...(s.trackingId ? { trackingId: s.trackingId } : {}),
      };
    case 'discarded':
      return { ...base, outcome: 'discarded', detail: 'discarded' };
  }
}

/** The run's items (by batch id, or by the item ids the run answered with) in the outbox, as progress. */
export function broadcastProgress(
  items: readonly OutboxItemView[],
  run: { batchId?: string; itemIds: readonly string[] },
): BroadcastProgress {
  const ids = new Set(run.itemIds);
  const mine = items.filter((i) => (run.batchId !== undefined && i.batchId === run.batchId) || ids.has(i.id));
  const results = mine.map(resultOf);
  const count = (...outcomes: SpaceOutcome[]) => results.filter((r) => outcomes.includes(r.outcome)).length;
  return {
    // Items the slice does not list yet (the run's answer came before their event) still count.
    total: Math.max(run.itemIds.length, results.length),
    done: count('sent', 'failed', 'discarded', 'needsOperator'),
    sent: count('sent'),
    failed: count('failed'),
    unknown: count('unknown', 'needsOperator'),
    results,
  };
}
