import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nullLogger } from '../../../src/main/log/types';
import { AuditLog, csvCell, toCsv, type AuditRow } from '../../../src/main/runbooks/audit';

let dir: string;
let now = Date.UTC(2026, 0, 5, 9);
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const row = (n: number, extra: Partial<AuditRow> = {}): AuditRow => ({
  at: new Date(now + n * 1000).toISOString(),
  identityId: 'i',
  identityEmail: 'op@example.com',
  itemId: `item-${n}`,
  runbookId: n % 2 ? 'odd' : 'even',
  roomId: 'R',
  roomTitle: 'NOC',
  textSha256: 'a'.repeat(64),
  confirmed: true,
  outcome: 'sent',
  ...extra,
});

describe('audit log', () => {
  it('appends JSON lines, rotates by size by renaming (never rewriting), and reads across files newest first', async () => {
    const log = new AuditLog({ dir, logger: nullLogger, maxBytes: 1000, now: () => (now += 1000) });
    for (let n = 0; n < 12; n++) await log.append(row(n));
    const files = (await readdir(dir)).sort();
    expect(files.length).toBeGreaterThan(2);
    expect(files).toContain('audit.jsonl');
    expect(files.filter((f) => /^audit-\d{8}T\d{9}Z(-\d+)?\.jsonl$/.test(f)).length).toBe(files.length - 1);
    for (const f of files) {
      const text = await readFile(path.join(dir, f), 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000);
      expect(text.endsWith('\n')).toBe(true);
    }
    const all = await log.query();
    expect(all.rows.map((r) => r.itemId)).toEqual(Array.from({ length: 12 }, (_, i) => `item-${11 - i}`));
    const odd = await log.query({ runbookId: 'odd', outcome: 'sent' }, 3);
    expect(odd.rows.map((r) => r.itemId)).toEqual(['item-11', 'item-9', 'item-7']);
    expect(odd.truncated).toBe(true);
  });

  it('refuses a row that does not match the schema', () => {
    const log = new AuditLog({ dir, logger: nullLogger, now: () => now });
    expect(() => log.append({ ...row(1), outcome: 'nope' as AuditRow['outcome'] })).toThrow();
  });
});

describe('CSV', () => {
  it('quotes, doubles quotes and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    const csv = toCsv([row(1, { variables: { a: 'x,y' }, errorKind: 'server', trackingId: 'T1' })]);
    const [head, line] = csv.split('\r\n');
    expect(head).toBe(
      'at,identityEmail,postedAsEmail,runbookId,runbookSha256,roomTitle,roomId,outcome,messageId,errorKind,trackingId,confirmed,textSha256,variables,detail',
    );
    expect(line).toContain(',server,T1,true,');
    expect(line).toContain('"{""a"":""x,y""}"');
  });
});
