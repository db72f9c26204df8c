import { useCallback, useEffect, useState } from 'react';
import type { OpsBridge } from '../../shared/bridge';
import type { OutboxState } from '../../shared/contract/channels';
import { useBridge } from './bridge-context';

/** How often the window re-reads the outbox (main sends no outbox events yet). */
export const OUTBOX_REFRESH_MS = 1500;

type Listener = (outbox: OutboxState) => void;

/** One poll per bridge, however many components show the outbox (status bar, quick actions, each composer). */
interface Feed {
  readonly listeners: Set<Listener>;
  timer?: ReturnType<typeof setInterval>;
  last?: OutboxState;
}

const feeds = new WeakMap<OpsBridge, Feed>();

function feedFor(ops: OpsBridge): Feed {
  let feed = feeds.get(ops);
  if (!feed) {
    feed = { listeners: new Set() };
    feeds.set(ops, feed);
  }
  return feed;
}

/** Reads `outbox.snapshot` once and hands the result to every component showing the outbox. */
export async function readOutbox(ops: OpsBridge): Promise<void> {
  const r = await ops.outbox.snapshot();
  if (!r.ok) return;
  const feed = feedFor(ops);
  if (feed.listeners.size === 0) return;
  feed.last = r.value.data;
  for (const listener of feed.listeners) listener(r.value.data);
}

/** Calls `listener` with every read of the outbox (at once with the last one, if any) until unsubscribed. */
export function subscribeOutbox(ops: OpsBridge, listener: Listener): () => void {
  const feed = feedFor(ops);
  feed.listeners.add(listener);
  if (feed.last) listener(feed.last);
  // A newly shown component reads at once; the interval runs while anything shows the outbox.
  const first = setTimeout(() => void readOutbox(ops), 0);
  if (feed.timer === undefined) feed.timer = setInterval(() => void readOutbox(ops), OUTBOX_REFRESH_MS);
  return () => {
    clearTimeout(first);
    feed.listeners.delete(listener);
    if (feed.listeners.size > 0) return;
    clearInterval(feed.timer);
    delete feed.timer;
    delete feed.last;
  };
}

export interface OutboxFeed {
  outbox?: OutboxState;
  /** Re-reads the outbox now (for every component showing it). */
  refresh(): Promise<void>;
}

/** The outbox through the bridge, shared by every mounted component, re-read on an interval while any is mounted. */
export function useOutbox(): OutboxFeed {
  const ops = useBridge();
  const [outbox, setOutbox] = useState<OutboxState>();
  useEffect(() => subscribeOutbox(ops, setOutbox), [ops]);
  const refresh = useCallback(() => readOutbox(ops), [ops]);
  return outbox ? { outbox, refresh } : { refresh };
}
