import { useCallback, useMemo, useState } from 'react';
import type { OutboxItemView } from '../../../../shared/contract/channels';
import { useOutbox } from '../../useOutbox';
import { listOf } from '../../store/collection';

/** Answers kept until the outbox slice lists their item (normally within one event batch). */
const ANSWERS_KEPT = 20;

export interface ComposerOutbox {
  items: readonly OutboxItemView[];
  /** Shows an item main just answered with until the slice's event for it arrives. */
  merge(item: OutboxItemView): void;
}

/** The outbox's items from the store (live through `outbox.*` events), plus items main just answered with. */
export function useComposerOutbox(): ComposerOutbox {
  const outbox = useOutbox();
  const [answers, setAnswers] = useState<readonly OutboxItemView[]>([]);
  // Once the slice lists an item, its version is the newer one and the answer goes (so a later `outbox.reset`, for
  // another identity, leaves nothing of this one behind).
  if (answers.some((a) => outbox.byId.has(a.id))) setAnswers(answers.filter((a) => !outbox.byId.has(a.id)));
  const items = useMemo(() => {
    const listed = listOf(outbox);
    const extra = answers.filter((a) => !outbox.byId.has(a.id));
    return extra.length === 0 ? listed : [...listed, ...extra];
  }, [outbox, answers]);
  const merge = useCallback(
    (item: OutboxItemView) =>
      setAnswers((list) => [...list.filter((i) => i.id !== item.id), item].slice(-ANSWERS_KEPT)),
    [],
  );
  return { items, merge };
}
