import { DEEP_LINK_SCHEME } from './identity';

/**
 * The whole accepted form, matched on the raw text (no URL parsing: it would resolve `..` segments and
 * percent-escapes first). Webex ids are URL-safe base64; the simulator's are a subset.
 */
const LINK = new RegExp(`^${DEEP_LINK_SCHEME}://room/([A-Za-z0-9_-]{1,256})/?$`, 'i');

/**
 * `webex-ops://room/<id>` → the room id, or undefined for anything else (another scheme or host, extra path
 * segments, dot segments, escapes, a query or fragment, credentials, a port). Links come from other programs: treat
 * them as untrusted (docs/security.md, Deep links).
 */
export function parseDeepLink(link: string): string | undefined {
  if (link.length > 512) return undefined;
  return LINK.exec(link)?.[1];
}

/** The room id of the first valid deep link on a command line (Windows and Linux pass the link as an argument). */
export function findDeepLink(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    const id = parseDeepLink(arg);
    if (id !== undefined) return id;
  }
  return undefined;
}
