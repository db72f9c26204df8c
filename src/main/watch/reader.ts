/**
 * Reading one room newest-first to what was already seen (docs/webex-api.md §11): walk each page until the last seen
 * message (by id; by `created` when its id is unknown or it was deleted), follow `rel="next"` only while the whole
 * page is new, and stop after the cycle's page budget — the rest becomes a gap read in later cycles, so a burst of
 * any size is fetched completely, never skipped and never twice.
 */
import type { Message, Page } from '../webex';
import type { Gap, Mark } from './persistence';
import { serverMs } from './time';

export interface PageQuery {
  beforeMessage?: string;
  before?: string;
}

/** Lists a room's messages newest first from a position (none = the newest). */
export type PageSource = (query: PageQuery) => AsyncIterableIterator<Page<Message>>;

export interface ReadPlan {
  /** Newest message already processed; absent for a room never read. */
  head?: Mark;
  /** For a room never read: messages created at or before this are old (its read marker / lastActivity). */
  floor: string;
  gaps: Gap[];
  /** Pages this read may request. */
  maxPages: number;
}

export interface ReadOutcome {
  /** Messages not seen before, oldest first (in the order Webex lists them). */
  fresh: Message[];
  head?: Mark;
  gaps: Gap[];
  /** The newest page as returned (the open space compares it for edits and deletions). */
  firstPage?: Message[];
  /** Whether the first page was the complete newest page (not cut by the stop). */
  pages: number;
}

/** The 404 Webex answers when a `beforeMessage` cursor message no longer exists (I#70). */
export type IsCursorGone = (error: unknown) => boolean;

/** Reached what was already seen: the stop message itself, or anything older than it. */
export function isAtOrBelow(message: Pick<Message, 'id' | 'created'>, stop: Mark): boolean {
  const created = serverMs(message.created);
  const stopAt = serverMs(stop.created);
  if (stop.id !== undefined) return message.id === stop.id || created < stopAt;
  return created <= stopAt;
}

interface WalkResult {
  fresh: Message[];
  firstPage?: Message[];
  /** The stop was reached or there are no older messages. */
  done: boolean;
  /** Oldest message of the last page read (the next cursor when not done). */
  oldest?: Message;
  pages: number;
}

async function walk(
  source: PageSource,
  query: PageQuery,
  stop: Mark,
  budget: number,
  isKnown: (id: string) => boolean,
): Promise<WalkResult> {
  const result: WalkResult = { fresh: [], done: false, pages: 0 };
  if (budget <= 0) return result;
  const iterator = source(query);
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        result.done = true;
        return result;
      }
      const page = next.value;
      result.pages += 1;
      if (result.pages === 1) result.firstPage = page.items;
      for (const item of page.items) {
        if (isAtOrBelow(item, stop)) {
          result.done = true;
          return result;
        }
        if (!isKnown(item.id)) result.fresh.push(item);
      }
      const last = page.items[page.items.length - 1];
      if (last) result.oldest = last;
      if (!page.hasNext || !last) {
        result.done = true;
        return result;
      }
      if (result.pages >= budget) return result;
    }
  } finally {
    await iterator.return?.();
  }
}

/**
 * Reads the head (new messages since `plan.head`), then open gaps newest first, within `plan.maxPages` requests.
 * Nothing is committed by the caller unless this resolves: a failure leaves the room to be read again.
 */
export async function readRoom(
  source: PageSource,
  plan: ReadPlan,
  isKnown: (id: string) => boolean,
  isCursorGone: IsCursorGone,
): Promise<ReadOutcome> {
  let budget = plan.maxPages;
  const fresh: Message[] = [];
  const taken = new Set<string>();
  const known = (id: string): boolean => taken.has(id) || isKnown(id);
  const collect = (items: Message[]): void => {
    for (const m of items) {
      if (taken.has(m.id)) continue;
      taken.add(m.id);
      fresh.push(m);
    }
  };

  const stop: Mark = plan.head ?? { created: plan.floor };
  const head = await walk(source, {}, stop, budget, known);
  budget -= head.pages;
  collect(head.fresh);
  const gaps: Gap[] = [];
  if (!head.done && head.oldest) {
    gaps.push({ beforeId: head.oldest.id, beforeCreated: head.oldest.created, stop });
  }
  gaps.push(...plan.gaps);

  const remaining: Gap[] = [];
  for (const gap of gaps) {
    if (budget <= 0) {
      remaining.push(gap);
      continue;
    }
    let part: WalkResult;
    try {
      part = await walk(source, { beforeMessage: gap.beforeId }, gap.stop, budget, known);
    } catch (e) {
      if (!isCursorGone(e)) throw e;
      // The cursor message was deleted: continue by time, one millisecond later so same-time messages are not
      // skipped (duplicates of those are dropped by id).
      const before = new Date(serverMs(gap.beforeCreated) + 1).toISOString();
      part = await walk(source, { before }, gap.stop, budget, known);
    }
    budget -= part.pages;
    collect(part.fresh);
    if (!part.done) {
      remaining.push(
        part.oldest ? { beforeId: part.oldest.id, beforeCreated: part.oldest.created, stop: gap.stop } : gap,
      );
    }
  }

  const newest = head.firstPage?.[0];
  const outcome: ReadOutcome = {
    // Walked newest to oldest (head, then gaps newest first): reversed, oldest first, same-time order kept.
    fresh: fresh.reverse(),
    gaps: remaining,
    pages: plan.maxPages - budget,
  };
  if (head.firstPage) outcome.firstPage = head.firstPage;
  const nextHead: Mark | undefined = newest ? { id: newest.id, created: newest.created } : plan.head;
  if (nextHead) outcome.head = nextHead;
  return outcome;
}
