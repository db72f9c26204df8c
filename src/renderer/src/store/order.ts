import type { IncidentView, OutboxItemView } from '../../../shared/contract/channels';

/** The one ordering of spaces and messages, shared with main (src/shared/order.ts). */
export { compareMessages, compareRooms } from '../../../shared/order';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Outbox items in the order they were queued (id breaks ties). */
export function compareOutboxItems(a: OutboxItemView, b: OutboxItemView): number {
  return byText(a.queuedAt, b.queuedAt) || byText(a.id, b.id);
}

/** Incidents in the order they were opened (id breaks ties). */
export function compareIncidents(a: IncidentView, b: IncidentView): number {
  return byText(a.openedAt, b.openedAt) || byText(a.id, b.id);
}
