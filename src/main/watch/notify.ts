/**
 * Notification decisions: which new message notifies (per-space level, mentions, rules, do-not-disturb) and how a
 * storm coalesces. Notifications are grouped per space and rule (or per space for mentions / level "all"); a group
 * shows at once, then re-shows the same notification id with the count at most every `minIntervalMs`, so 200 alerts
 * a minute give a handful of notifications ("… (+57 more)").
 */
import type { NotifyLevel } from '../../shared/contract/channels';
import type { Logger } from '../log/types';
import type { NotificationRequest, Notifier } from '../platform';

export type NotifyReason =
  { kind: 'rule'; ruleId: string; ruleName: string; critical: boolean } | { kind: 'mention' } | { kind: 'all' };

export interface NotifyCandidate {
  level: NotifyLevel;
  mine: boolean;
  mentionsMe: boolean;
  /** Matched rules in priority order (critical first), with their names. */
  rules: { id: string; name: string; critical: boolean }[];
}

/** Why a new message notifies, or undefined when it does not (own message, level off, nothing relevant). */
export function notifyReason(c: NotifyCandidate): NotifyReason | undefined {
  if (c.mine || c.level === 'off') return undefined;
  const rule = c.rules[0];
  if (rule) return { kind: 'rule', ruleId: rule.id, ruleName: rule.name, critical: rule.critical };
  if (c.mentionsMe) return { kind: 'mention' };
  if (c.level === 'all') return { kind: 'all' };
  return undefined;
}

export interface Alert {
  roomId: string;
  roomTitle: string;
  reason: NotifyReason;
  sender: string;
  text: string;
}

interface Group {
  id: string;
  count: number;
  latest: Alert;
  lastAlertAt: number;
  lastShownAt?: number;
  pending: boolean;
}

export interface CoalescerOptions {
  notifier: Notifier;
  focusRoom(roomId: string): void;
  minIntervalMs: number;
  resetMs: number;
  logger: Logger;
}

export function notificationId(roomId: string, reason: NotifyReason): string {
  const key = reason.kind === 'rule' ? `rule:${reason.ruleId}` : reason.kind;
  return `watch:${roomId}:${key}`;
}

function snippet(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function renderNotification(group: { id: string; count: number; latest: Alert }): NotificationRequest {
  const { latest, count } = group;
  const reason = latest.reason;
  const title =
    reason.kind === 'rule'
      ? `${reason.critical ? 'CRITICAL · ' : ''}${reason.ruleName} · ${latest.roomTitle}`
      : reason.kind === 'mention'
        ? `Mention in ${latest.roomTitle}`
        : latest.roomTitle;
  const line = `${latest.sender}: ${snippet(latest.text) || '(no text)'}`;
  const body = count > 1 ? `${line} (+${count - 1} more)` : line;
  return { id: group.id, title, body, roomId: latest.roomId, critical: reason.kind === 'rule' && reason.critical };
}

export class NotificationCoalescer {
  private readonly groups = new Map<string, Group>();
  /** Notifications handed to the notifier (tests and the bench read it). */
  shown = 0;

  constructor(private readonly options: CoalescerOptions) {}

  /** Records one alert at local time `now`; shows or updates its notification when due. */
  offer(alert: Alert, now: number): void {
    const id = notificationId(alert.roomId, alert.reason);
    let group = this.groups.get(id);
    if (!group || now - group.lastAlertAt > this.options.resetMs) {
      group = { id, count: 0, latest: alert, lastAlertAt: now, pending: false };
      this.groups.set(id, group);
    }
    group.count += 1;
    group.latest = alert;
    group.lastAlertAt = now;
    if (group.lastShownAt === undefined || now - group.lastShownAt >= this.options.minIntervalMs) this.show(group, now);
    else group.pending = true;
  }

  /** Shows pending updates whose interval has passed; forgets quiet groups. */
  flush(now: number): void {
    for (const [id, group] of this.groups) {
      if (group.pending && group.lastShownAt !== undefined && now - group.lastShownAt >= this.options.minIntervalMs) {
        this.show(group, now);
      }
      if (!group.pending && now - group.lastAlertAt > this.options.resetMs) this.groups.delete(id);
    }
  }

  clear(): void {
    this.groups.clear();
  }

  private show(group: Group, now: number): void {
    group.lastShownAt = now;
    group.pending = false;
    const request = renderNotification(group);
    this.shown += 1;
    try {
      this.options.notifier.show(request, () => this.options.focusRoom(request.roomId));
    } catch (e) {
      this.options.logger.warn('notifier failed', { error: e });
    }
  }
}
