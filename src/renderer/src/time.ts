/** Local time formatting (the OS locale and zone; the harness pins en-US and UTC). */
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'short', day: 'numeric' });

export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

export function formatDay(iso: string): string {
  return dayFormat.format(new Date(iso));
}

export function sameDay(a: string, b: string): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** "12 s ago" / "just now" — how long ago something happened. */
export function formatAgo(ms: number): string {
  return ms < 2000 ? 'just now' : `${formatAge(ms)} ago`;
}

/** "in 3 s" / "now" — how long until something happens. */
export function formatIn(ms: number): string {
  return ms < 1000 ? 'now' : `in ${formatAge(ms)}`;
}

/** "now", "12 s", "3 min", "2 h" — for the status bar. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 2) return 'now';
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.round(m / 60)} h`;
}
