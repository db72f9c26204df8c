/**
 * Remembers secrets (tokens) the client has handled and scrubs them from any text it is about to put in an error,
 * an event or a log line. Also removes anything that looks like a bearer credential.
 */
export class Redactor {
  private readonly secrets: string[] = [];

  remember(secret: string | undefined): void {
    if (!secret || secret.length < 4 || this.secrets.includes(secret)) return;
    this.secrets.push(secret);
    if (this.secrets.length > 16) this.secrets.shift();
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[REDACTED]');
    return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [REDACTED]');
  }
}
