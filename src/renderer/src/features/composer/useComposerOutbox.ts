import { useCallback, useEffect, useState } from 'react';
import type { OutboxItemView } from '../../../../shared/contract/channels';
import { useBridge, useCommands } from '../../bridge-context';

/** How often the composer re-reads the outbox (main sends no outbox events yet; like the quick-actions panel). */
export const OUTBOX_REFRESH_MS = 1500;

export interface ComposerOutbox {
  items: readonly OutboxItemView[];
  refresh(): Promise<void>;
  /** Puts an item main just answered with into the list before the next read. */
  merge(item: OutboxItemView): void;
}

/** The outbox's items through `outbox.snapshot`, re-read on an interval while mounted. */
export function useComposerOutbox(): ComposerOutbox {
  const ops = useBridge();
  const commands = useCommands();
  const [items, setItems] = useState<readonly OutboxItemView[]>([]);
  const refresh = useCallback(async () => {
    const r = await commands.run('composer.outbox', 'Read the outbox', () => ops.outbox.snapshot(), { toast: false });
    if (r.ok) setItems(r.value.data.items);
  }, [ops, commands]);
  const merge = useCallback((item: OutboxItemView) => {
    setItems((list) => [...list.filter((i) => i.id !== item.id), item]);
  }, []);
  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), OUTBOX_REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);
  return { items, refresh, merge };
}
