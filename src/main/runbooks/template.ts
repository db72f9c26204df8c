/**
 * Runbook templates (docs/outbox.md): markdown with `{{name}}` placeholders. A template is parsed once at load, so an
 * unknown `{{name}}` is a file error, never an empty string. Rendering replaces each placeholder in one pass with
 * the value as literal text — a value is never scanned for placeholders again, and markdown, mentions and links in
 * it are escaped unless the variable's kind allows them. Pure functions, no I/O.
 */

/** Webex limit for `text` and `markdown`, in UTF-8 bytes (docs/webex-api.md §6). */
export const MAX_MESSAGE_BYTES = 7439;

export type VariableKind = 'text' | 'markdown' | 'mention' | 'link';

/** Built-in names a template may use without declaring them. */
export const BUILTINS = [
  'room.title',
  'me.displayName',
  'me.email',
  'now',
  'date',
  'incident.id',
  'incident.title',
  'incident.severity',
  'incident.service',
  'incident.openedAt',
  'incident.openedBy',
  'incident.space',
] as const;
export type BuiltinName = (typeof BUILTINS)[number];

export type TemplatePart = { type: 'text'; value: string } | { type: 'var'; name: string; offset: number };

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Every placeholder name used, in order of first use. */
  names: string[];
}

export interface TemplateProblem {
  /** Character offset in the template source. */
  offset: number;
  message: string;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

/**
 * Splits a template into literal text and placeholders. `known` says which names exist (declared variables and
 * built-ins); anything else — an unknown name, a malformed `{{…}}`, an unclosed `{{` — is a problem.
 */
export function parseTemplate(
  source: string,
  known: (name: string) => boolean,
): { template: ParsedTemplate; problems: TemplateProblem[] } {
  const parts: TemplatePart[] = [];
  const names: string[] = [];
  const problems: TemplateProblem[] = [];
  let last = 0;
  for (const m of source.matchAll(PLACEHOLDER)) {
    const offset = m.index;
    const name = m[1] ?? '';
    if (offset > last) parts.push({ type: 'text', value: source.slice(last, offset) });
    last = offset + m[0].length;
    if (!NAME.test(name)) {
      problems.push({ offset, message: `"{{${name}}}" is not a valid placeholder name` });
      continue;
    }
    if (!known(name)) {
      problems.push({ offset, message: `unknown placeholder "{{${name}}}"` });
      continue;
    }
    if (!names.includes(name)) names.push(name);
    parts.push({ type: 'var', name, offset });
  }
  if (last < source.length) parts.push({ type: 'text', value: source.slice(last) });
  // An unclosed or stray "{{" left in literal text would reach the message; report it.
  for (const part of parts) {
    if (part.type !== 'text') continue;
    const at = part.value.indexOf('{{');
    if (at >= 0) problems.push({ offset: source.indexOf(part.value) + at, message: 'unclosed "{{"' });
  }
  return { template: { parts, names }, problems };
}

/** Every ASCII punctuation character CommonMark lets a backslash escape (so the character shows literally). */
const MARKDOWN_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * A value shown as literal text: every markdown control character (and every other ASCII punctuation character,
 * which also defeats `<@…>` mentions, `<url>` and bare-URL autolinks and `{{`) is backslash-escaped; line breaks are
 * kept, leading indentation is dropped (it would start a code block).
 */
export function escapeMarkdownText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^[ \t]+/, '').replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`))
    .join('  \n');
}

/** Markdown allowed, mentions not: `<@…>` is escaped so a value cannot notify people or a whole space. */
export function escapeMentions(value: string): string {
  return value.replace(/<(?=\s*@)/g, '\\<');
}

const EMAIL = /^[^\s@<>|()[\]\\]+@[^\s@<>|()[\]\\]+\.[^\s@<>|()[\]\\]+$/;
const PERSON_ID = /^[A-Za-z0-9_=-]{8,}$/;

export type ValueCheck = { ok: true; rendered: string } | { ok: false; message: string };

/** Checks and renders one value by its variable's kind. */
export function renderValue(kind: VariableKind, value: string): ValueCheck {
  switch (kind) {
    case 'text':
      return { ok: true, rendered: escapeMarkdownText(value) };
    case 'markdown':
      return { ok: true, rendered: escapeMentions(value) };
    case 'mention': {
      const v = value.trim();
      if (EMAIL.test(v)) return { ok: true, rendered: `<@personEmail:${v}>` };
      if (PERSON_ID.test(v)) return { ok: true, rendered: `<@personId:${v}>` };
      return { ok: false, message: 'must be an email address or a person id' };
    }
    case 'link': {
      const v = value.trim();
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        return { ok: false, message: 'must be an https:// or http:// link' };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return { ok: false, message: 'must be an https:// or http:// link' };
      }
      // Percent-encode what could end the autolink or start markup.
      return { ok: true, rendered: `<${url.href.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>` };
    }
  }
}

export interface RenderInput {
  /** Rendered (already escaped) value per placeholder name. */
  values: Record<string, string>;
}

/** Joins the parts; every name must be present in `values` (the caller checked). */
export function renderTemplate(template: ParsedTemplate, input: RenderInput): string {
  let out = '';
  for (const part of template.parts) {
    if (part.type === 'text') out += part.value;
    else out += input.values[part.name] ?? '';
  }
  return out;
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
