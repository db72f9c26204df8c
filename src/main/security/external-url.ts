import { isLoopbackHost } from '../net';
import { AppFailure } from '../errors';

export interface ExternalUrlOptions {
  /**
   * Also allow `http:` to a loopback host. Only for URLs main builds itself (the OAuth authorize page of an API
   * that is itself on loopback, such as the built-in simulator) — never for links coming from the renderer.
   */
  allowLoopbackHttp?: boolean;
}

/**
 * The only URLs the app hands to the operating system: `https:` without credentials, or `mailto:`. The URL is
 * parsed and re-serialized, so what the OS receives is exactly what was checked (docs/security.md).
 */
export function checkExternalUrl(raw: string, options: ExternalUrlOptions = {}): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppFailure('invalidInput', 'That link is not a valid URL.');
  }
  if (url.protocol === 'mailto:') return url.href;
  const loopbackHttp = options.allowLoopbackHttp === true && url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new AppFailure('invalidInput', `Only https: and mailto: links open outside the app (got ${url.protocol}).`);
  }
  if (url.username || url.password) {
    throw new AppFailure('invalidInput', 'Links with embedded credentials are not opened.');
  }
  return url.href;
}
