import type { MessageView } from '../../../../shared/contract/channels';

/** The text to show when a message's markdown renders to nothing: Webex's plain text, else the markdown source. */
export function plainTextOf(message: Pick<MessageView, 'text' | 'markdown'>): string {
  const text = message.text?.trim();
  if (text) return message.text ?? '';
  return message.markdown ?? '';
}

/** Up to two initials for a sender's avatar: "Dana Ops" → "DO", "ops-bot@example.com" → "OB". */
export function initialsOf(name: string): string {
  const base = name.includes('@') && !name.includes(' ') ? (name.split('@')[0] ?? name) : name;
  const words = base
    .split(/[\s._-]+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  const letters = words.length >= 2 ? [words[0], words[words.length - 1]] : [words[0] ?? ''];
  const out = letters.map((w) => [...(w ?? '')][0] ?? '').join('');
  return out.toLocaleUpperCase() || '?';
}

/** A stable hue (0–359) for a sender, so each person's avatar keeps its colour. */
export function hueOf(key: string): number {
  let h = 0;
  for (const ch of key) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

/** ISO time in UTC for a tooltip: "2026-01-05 14:03:07 UTC". */
export function utcTooltip(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Replies per parent id (only parents present in the list are counted). */
export function replyCounts(messages: readonly Pick<MessageView, 'id' | 'parentId'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) if (m.parentId) counts.set(m.parentId, (counts.get(m.parentId) ?? 0) + 1);
  return counts;
}

/** "12 KB", "3.4 MB": a file size for a chip. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A short kind for a content type: "PNG image", "PDF", "text", else the subtype. */
export function kindOf(contentType: string): string {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/pdf') return 'PDF';
  const [major, minor = ''] = type.split('/');
  if (major === 'image') return `${minor.toUpperCase()} image`;
  if (major === 'text') return 'text';
  return minor || 'file';
}
