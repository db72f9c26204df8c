import { AppFailure } from '../errors';
import { DEFAULT_API_BASE_URL, baseUrlString, checkBaseUrl } from '../net';
import type { Confirm } from '../platform';

export const DEFAULT_API_ORIGIN = new URL(DEFAULT_API_BASE_URL).origin;

/**
 * The per-identity API base URL (docs/architecture.md §4, docs/security.md): `https:`, or `http:` on loopback only (`configInvalid`
 * otherwise). A host other than the default one is confirmed in a native dialog opened by main, because the token
 * will be sent there; declined → `cancelled`. Origins already confirmed (or in use by a saved identity) are not
 * asked again. Returns the normalised URL without a trailing slash.
 */
export async function resolveApiBaseUrl(
  raw: string | undefined,
  confirm: Confirm,
  alreadyTrusted: (origin: string) => boolean,
): Promise<string> {
  const url = checkBaseUrl(raw === undefined || raw.trim() === '' ? DEFAULT_API_BASE_URL : raw);
  const normalised = baseUrlString(url);
  if (url.origin === DEFAULT_API_ORIGIN || alreadyTrusted(url.origin)) return normalised;
  const confirmed = await confirm({
    title: 'Use a different Webex API address?',
    message: `Sign in against ${url.origin}?`,
    detail:
      'Your access token will be sent to this address instead of Webex (webexapis.com). Continue only if you trust it — for example a test server or an address your administrator gave you.',
    confirmLabel: 'Use this address',
    cancelLabel: 'Cancel',
  });
  if (!confirmed) throw new AppFailure('cancelled', `Signing in against ${url.origin} was not confirmed.`);
  return normalised;
}
