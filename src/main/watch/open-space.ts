/**
 * The open space's messages in memory: what `messages.snapshot` returns and what a re-read is compared with to find
 * edits and deletions (Webex has no change feed: an edited message only shows a new `updated`/content, a deleted one
 * simply disappears from the list).
 */
import type { MessagesState } from '../../shared/contract/channels';
import { compareMessages } from '../../shared/order';
import type { Message } from '../webex';
import { serverMs } from './time';

export interface HeldMessage {
  raw: Message;
  /** Ids of the alert rules it matched. */
  rules: string[];
}

export interface PageDiff {
  /** Held messages whose content changed (edited), with the new content. */
  edited: Message[];
  /** Held messages the page shows were deleted. */
  deleted: Message[];
}

function contentChanged(a: Message, b: Message): boolean {
  return a.updated !== b.updated || a.text !== b.text || a.markdown !== b.markdown || a.html !== b.html;
}

export class OpenSpace {
  loading = true;
  readMarker?: string;
  error?: MessagesState['error'];
  /** Local time of the last read of its newest page. */
  lastRefresh: number;
  readonly messages = new Map<string, HeldMessage>();
  /** Ids deleted at Webex since the window last heard of it (`takeDeleted`), as opposed to trimmed away. */
  private readonly deletedSinceTaken = new Set<string>();

  constructor(
    readonly roomId: string,
    now: number,
  ) {
    this.lastRefresh = now;
  }

  hold(message: Message, rules: string[]): void {
    this.messages.set(message.id, { raw: message, rules });
  }

  /** A held message was deleted at Webex (seen on a re-read, or the operator's own delete); false if not held. */
  forgetDeleted(id: string): boolean {
    if (!this.messages.delete(id)) return false;
    this.deletedSinceTaken.add(id);
    return true;
  }

  /** The ids deleted since the last call (the window marks them as deleted rather than dropping them). */
  takeDeleted(): Set<string> {
    const ids = new Set(this.deletedSinceTaken);
    this.deletedSinceTaken.clear();
    return ids;
  }

  /** Held messages, oldest first. */
  ordered(): HeldMessage[] {
    return [...this.messages.values()].sort((a, b) => compareMessages(a.raw, b.raw));
  }

  /**
   * Compares the newest page as Webex lists it now with what is held. A full page covers every message newer than its
   * oldest one; a short page covers the whole room. Deleted messages are dropped from the held set.
   */
  diffNewestPage(page: readonly Message[], pageSize: number): PageDiff {
    const diff: PageDiff = { edited: [], deleted: [] };
    const ids = new Set(page.map((m) => m.id));
    for (const m of page) {
      const held = this.messages.get(m.id);
      if (held && contentChanged(held.raw, m)) diff.edited.push(m);
    }
    const oldest = page[page.length - 1];
    const coversFrom = page.length < pageSize || !oldest ? Number.NEGATIVE_INFINITY : serverMs(oldest.created);
    for (const [id, held] of this.messages) {
      if (!ids.has(id) && serverMs(held.raw.created) > coversFrom) {
        diff.deleted.push(held.raw);
        this.forgetDeleted(id);
      }
    }
    return diff;
  }

  /** Keeps the newest `keep` messages; returns the ids dropped. */
  trim(keep: number): string[] {
    if (this.messages.size <= keep) return [];
    const ordered = this.ordered();
    const drop = ordered.slice(0, ordered.length - keep).map((h) => h.raw.id);
    for (const id of drop) this.messages.delete(id);
    return drop;
  }
}
