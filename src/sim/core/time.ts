/** Timestamps as the real service writes them (docs/webex-api.md §7): `YYYY-MM-DDTHH:MM:SS.mmmZ`, always UTC. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Lenient ISO-8601 parse (with or without millis, `Z` or an offset); undefined when invalid. */
export function parseIso(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
