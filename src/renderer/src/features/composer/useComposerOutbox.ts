import { useCallback, useEffect, useState } from 'react';
import type { OutboxItemView } from '../../../../shared/contract/channels';
import { useBridge } from '../../bridge-context';
import { readOutbox, subscribeOutbox } from '../../useOutbox';

export interface ComposerOutbox {
  items: readonly OutboxItemView[];
  refresh(): Promise<void>;
  /** Puts an item main just answered with into the list before the next read. */
  merge(item: OutboxItemView): void;
}

/** The outbox's items from the window's one outbox poll (`useOutbox`), plus items main just answered with. */
export function useComposerOutbox(): ComposerOutbox {
  const ops = useBridge();
  const [items, setItems] = useState<readonly OutboxItemView[]>([]);
  useEffect(() => subscribeOutbox(ops, (outbox) => setItems(outbox.items)), [ops]);
  const refresh = useCallback(() => readOutbox(ops), [ops]);
  const merge = useCallback((item: OutboxItemView) => {
    setItems((list) => [...list.filter((i) => i.id !== item.id), item]);
  }, []);
  return { items, refresh, merge };
}
