import { AppFailure } from '../errors';

/**
 * The only URLs the app hands to the operating system: `https:` without credentials, or `mailto:`. The URL is
 * parsed and re-serialized, so what the OS receives is exactly what was checked (DESIGN.md §8).
 */
export function checkExternalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppFailure('invalidInput', 'That link is not a valid URL.');
  }
  if (url.protocol === 'mailto:') return url.href;
  if (url.protocol !== 'https:') {
    throw new AppFailure('invalidInput', `Only https: and mailto: links open outside the app (got ${url.protocol}).`);
  }
  if (url.username || url.password) {
    throw new AppFailure('invalidInput', 'Links with embedded credentials are not opened.');
  }
  return url.href;
}
