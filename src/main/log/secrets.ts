import type { SecretRegistry } from './types';

export const REDACTED = '[REDACTED]';

/** Shorter values are ignored: they cannot be tokens and replacing them everywhere would shred the log. */
export const MIN_SECRET_LENGTH = 4;

/** `encodeURIComponent`, or undefined for a string it cannot encode (a lone surrogate: it throws URIError). */
function uriEncoded(secret: string): string | undefined {
  try {
    return encodeURIComponent(secret);
  } catch {
    return undefined;
  }
}

export function createSecretRegistry(): SecretRegistry {
  const secrets = new Set<string>();
  let needles: string[] = [];

  const rebuild = (): void => {
    const forms = new Set<string>();
    for (const secret of secrets) {
      forms.add(secret);
      forms.add(JSON.stringify(secret).slice(1, -1)); // as it appears inside a serialized JSON string
      const encoded = uriEncoded(secret);
      if (encoded !== undefined) forms.add(encoded); // in a query string or a form body
    }
    // Longest first, so a secret that contains another is replaced whole.
    needles = [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  };

  return {
    add(secret) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || secrets.has(secret)) return;
      secrets.add(secret);
      rebuild();
    },
    remove(secret) {
      if (secrets.delete(secret)) rebuild();
    },
    redact(text) {
      let out = text;
      for (const needle of needles) {
        if (out.includes(needle)) out = out.split(needle).join(REDACTED);
      }
      return out;
    },
  };
}
