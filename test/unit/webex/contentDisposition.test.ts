import { describe, expect, it } from 'vitest';
import { fileNameFromContentDisposition } from '../../../src/main/webex';

describe('fileNameFromContentDisposition', () => {
  it('reads quoted, bare and RFC 5987 names, preferring filename*', () => {
    expect(fileNameFromContentDisposition('attachment; filename="report.pdf"')).toBe('report.pdf');
    expect(fileNameFromContentDisposition('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(fileNameFromContentDisposition(`attachment; filename="x.txt"; filename*=UTF-8''na%C3%AFve%20file.txt`)).toBe(
      'naïve file.txt',
    );
    expect(fileNameFromContentDisposition('attachment; filename="a \\"quoted\\" name.png"')).toBe(
      'a "quoted" name.png',
    );
  });

  it('keeps only the base name and drops control characters', () => {
    expect(fileNameFromContentDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(fileNameFromContentDisposition('attachment; filename="C:\\\\Windows\\\\evil.exe"')).toBe('evil.exe');
    expect(fileNameFromContentDisposition('attachment; filename="a\u0007b.txt"')).toBe('ab.txt');
  });

  it("is '' when absent", () => {
    expect(fileNameFromContentDisposition(undefined)).toBe('');
    expect(fileNameFromContentDisposition('inline')).toBe('');
  });
});
