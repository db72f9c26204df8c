/** Defaults both sides show or use. Imports nothing. */

/** The Webex REST API (docs/webex-api.md §1). */
export const DEFAULT_API_BASE_URL = 'https://webexapis.com/v1';

/** The loopback redirect URI the operator registers with an OAuth integration (docs/webex-api.md Appendix C). */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:53682/oauth/callback';
