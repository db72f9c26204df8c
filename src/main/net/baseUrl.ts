import { DEFAULT_API_BASE_URL } from '../../shared/defaults';
import { AppFailure } from '../errors';
import { isLoopbackHost } from './loopback';

export { DEFAULT_API_BASE_URL };

function invalid(message: string): AppFailure {
  return new AppFailure('configInvalid', message, { issues: [{ path: 'baseUrl', message }] });
}

/**
 * The base-URL rule (docs/architecture.md §4): `https:` anywhere, `http:` only on loopback (127.0.0.0/8, ::1, localhost).
 * Returns the normalised URL — no trailing slash, the path (e.g. `/v1`) kept, no query, no fragment, no
 * credentials. Anything else throws `AppFailure('configInvalid')`. The message never echoes credentials.
 */
export function checkBaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalid('The API base URL is not a valid URL.');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw invalid('The API base URL must not contain credentials.');
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw invalid('The API base URL must not contain a query or a fragment.');
  }
  if (parsed.protocol === 'http:') {
    if (!isLoopbackHost(parsed.hostname)) {
      throw invalid('The API base URL must use https: (http: is allowed only on loopback).');
    }
  } else if (parsed.protocol !== 'https:') {
    throw invalid('The API base URL must use https: (http: is allowed only on loopback).');
  }
  const pathname = parsed.pathname.replace(/\/+$/, '');
  const normalised = new URL(`${parsed.protocol}//${parsed.host}${pathname}`);
  return normalised;
}

/** `checkBaseUrl(url).href` without the trailing slash URL adds to a bare origin. */
export function baseUrlString(url: URL): string {
  return url.href.replace(/\/+$/, '');
}
