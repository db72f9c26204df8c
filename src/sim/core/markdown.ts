/**
 * The server side of Webex message formatting (docs/webex-api.md §6): a small, dependency-free converter from the
 * Webex markdown subset (D-format) to the read-only `html` field, the derived plain `text`, and the mention lists.
 *
 * Supported: paragraphs (blank line), hard breaks (two trailing spaces or `\` before a newline), headings `#`…`######`,
 * block quotes `>`, ordered/unordered (nested) lists, fenced code blocks, inline code, bold `**`/`__`, italic `*`/`_`,
 * links `[t](url)` and `<url>` and bare `http(s)://` urls (all with `rel="nofollow"`, only http/https/mailto), and
 * mentions `<@personId:ID|Name>`, `<@personEmail:e|Name>` (name optional) and `<@all>`. Raw HTML in the input is
 * escaped, never passed through. The plain text is built alongside the html: tags dropped, mentions → display name.
 */
export interface MentionTarget {
  /** Base64 person id (what `mentionedPeople` carries). */
  id: string;
  /** Raw uuid (what `data-object-id` carries, §6). */
  uuid: string;
  displayName: string;
}

export interface MentionResolver {
  /** By base64 person id (with or without padding) or raw uuid. */
  byId(id: string): MentionTarget | undefined;
  byEmail(email: string): MentionTarget | undefined;
}

export interface RenderedMarkdown {
  html: string;
  text: string;
  mentionedPeople: string[];
  mentionedGroups: string[];
}

interface Ctx {
  resolver: MentionResolver;
  people: string[];
  groups: string[];
}

interface Out {
  html: string;
  text: string;
}

type Block =
  | { kind: 'code'; lang: string; content: string }
  | { kind: 'heading'; level: number; content: string }
  | { kind: 'quote'; children: Block[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'paragraph'; content: string };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

export function renderMarkdown(markdown: string, resolver: MentionResolver): RenderedMarkdown {
  const ctx: Ctx = { resolver, people: [], groups: [] };
  const blocks = parseBlocks(markdown.replace(/\r\n?/g, '\n').split('\n'), 0);
  const out = renderBlocks(blocks, ctx, false);
  return {
    html: out.html,
    text: out.text.replace(/\n{3,}/g, '\n\n').trim(),
    mentionedPeople: ctx.people,
    mentionedGroups: ctx.groups,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING_RE = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$/;
const QUOTE_RE = /^ {0,3}> ?(.*)$/;
const ITEM_RE = /^( *)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

function startsBlock(line: string): boolean {
  return FENCE_RE.test(line) || HEADING_RE.test(line) || QUOTE_RE.test(line) || ITEM_RE.test(line);
}

function indentOf(line: string): number {
  const m = /^ */.exec(line);
  return m ? m[0].length : 0;
}

/** Nesting deeper than this (quotes in quotes, lists in lists, emphasis in emphasis) is rendered as plain text. */
const MAX_DEPTH = 16;

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  if (depth > MAX_DEPTH) {
    const content = lines.join('\n').trim();
    return content ? [{ kind: 'paragraph', content }] : [];
  }
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE_RE.exec(line);
    if (fence) {
      const marker = fence[1] as string;
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const l = lines[i] as string;
        const trimmed = l.trim();
        if (
          trimmed.startsWith(marker[0] as string) &&
          /^(`{3,}|~{3,})$/.test(trimmed) &&
          trimmed.length >= marker.length
        ) {
          i++;
          break;
        }
        body.push(l);
        i++;
      }
      blocks.push({ kind: 'code', lang: fence[2] ?? '', content: body.join('\n') });
      continue;
    }
    const heading = HEADING_RE.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: (heading[1] as string).length, content: heading[2] ?? '' });
      i++;
      continue;
    }
    if (QUOTE_RE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length) {
        const m = QUOTE_RE.exec(lines[i] as string);
        if (!m) break;
        inner.push(m[1] ?? '');
        i++;
      }
      blocks.push({ kind: 'quote', children: parseBlocks(inner, depth + 1) });
      continue;
    }
    const item = ITEM_RE.exec(line);
    if (item) {
      i = parseList(lines, i, blocks, depth);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i] as string;
      if (isBlank(l) || (para.length > 0 && startsBlock(l))) break;
      para.push(l);
      i++;
    }
    blocks.push({ kind: 'paragraph', content: para.map((l, n) => (n === 0 ? l.trimStart() : l)).join('\n') });
  }
  return blocks;
}

function listKind(marker: string): 'bullet' | 'ordered' {
  return /\d/.test(marker) ? 'ordered' : 'bullet';
}

/** Parses a list starting at `start`; pushes it to `blocks`; returns the index after it. */
function parseList(lines: string[], start: number, blocks: Block[], depth: number): number {
  const first = ITEM_RE.exec(lines[start] as string) as RegExpExecArray;
  const baseIndent = (first[1] as string).length;
  const kind = listKind(first[2] as string);
  const items: string[][] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i] as string;
    const m = ITEM_RE.exec(line);
    if (m && (m[1] as string).length <= baseIndent + 1 && (m[1] as string).length >= baseIndent - 1) {
      if (listKind(m[2] as string) !== kind) break;
      const contentIndent = (m[1] as string).length + (m[2] as string).length + 1;
      const body: string[] = [m[3] ?? ''];
      i++;
      while (i < lines.length) {
        const l = lines[i] as string;
        if (isBlank(l)) {
          // A blank line continues the item only when what follows is indented under it.
          let j = i + 1;
          while (j < lines.length && isBlank(lines[j] as string)) j++;
          if (j < lines.length && indentOf(lines[j] as string) > baseIndent + 1) {
            for (let k = i; k < j; k++) body.push('');
            i = j;
            continue;
          }
          break;
        }
        const ind = indentOf(l);
        if (ind > baseIndent + 1) {
          body.push(l.slice(Math.min(ind, contentIndent)));
          i++;
          continue;
        }
        if (startsBlock(l)) break;
        body.push(l.trimStart()); // lazy continuation
        i++;
      }
      items.push(body);
      continue;
    }
    break;
  }
  const startNum = kind === 'ordered' ? Number.parseInt(first[2] as string, 10) : 1;
  blocks.push({
    kind: 'list',
    ordered: kind === 'ordered',
    start: startNum,
    items: items.map((b) => parseBlocks(b, depth + 1)),
  });
  return i;
}

function renderBlocks(blocks: Block[], ctx: Ctx, tight: boolean): Out {
  let html = '';
  const texts: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'code': {
        const cls = block.lang ? ` class="language-${escapeHtml(block.lang)}"` : '';
        html += `<pre><code${cls}>${escapeHtml(block.content)}\n</code></pre>`;
        texts.push(block.content);
        break;
      }
      case 'heading': {
        const inner = renderInline(block.content, ctx, true);
        html += `<h${block.level}>${inner.html}</h${block.level}>`;
        texts.push(inner.text);
        break;
      }
      case 'quote': {
        const inner = renderBlocks(block.children, ctx, false);
        html += `<blockquote>${inner.html}</blockquote>`;
        texts.push(inner.text);
        break;
      }
      case 'list': {
        const tag = block.ordered ? 'ol' : 'ul';
        const startAttr = block.ordered && block.start !== 1 ? ` start="${block.start}"` : '';
        let itemsHtml = '';
        const itemTexts: string[] = [];
        for (const item of block.items) {
          const inner = renderBlocks(item, ctx, true);
          itemsHtml += `<li>${inner.html}</li>`;
          itemTexts.push(inner.text);
        }
        html += `<${tag}${startAttr}>${itemsHtml}</${tag}>`;
        texts.push(itemTexts.join('\n'));
        break;
      }
      case 'paragraph': {
        const inner = renderInline(block.content, ctx, true);
        html += tight ? inner.html : `<p>${inner.html}</p>`;
        texts.push(inner.text);
        break;
      }
      default:
        assertNever(block);
    }
  }
  return { html, text: texts.join('\n') };
}

function assertNever(value: never): never {
  throw new Error(`unexpected block ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Inline

const MENTION_RE = /^<@(personId|personEmail):([^|>\s]+)(?:\|([^>]*))?>/;
const ALL_RE = /^<@all>/i;
const AUTOLINK_RE = /^<((?:https?|mailto):[^\s<>]+)>/i;
const EMAIL_AUTOLINK_RE = /^<([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>/;
const BARE_URL_RE = /^https?:\/\/[^\s<>"]+/i;
const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

function safeHref(url: string): string | undefined {
  const trimmed = url.trim();
  return /^(https?:\/\/|mailto:)/i.test(trimmed) ? trimmed : undefined;
}

function anchor(href: string, inner: string): string {
  return `<a href="${escapeHtml(href)}" rel="nofollow">${inner}</a>`;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/** Finds the closing delimiter for an emphasis run starting at `from`; -1 when none. */
function findClosing(src: string, from: number, delim: string): number {
  const ch = delim[0] as string;
  let idx = src.indexOf(delim, from);
  while (idx !== -1) {
    // Prefer the rightmost position in a run of the delimiter char (`***x***`).
    let end = idx;
    while (src[end + delim.length] === ch) end++;
    const before = src[end - 1];
    const after = src[end + delim.length];
    const okBefore = before !== undefined && !/\s/.test(before) && end > from;
    const okAfter = ch !== '_' || !isWordChar(after);
    if (delim.length === 1 && src[end - 1] === ch) {
      idx = src.indexOf(delim, end + 1);
      continue;
    }
    if (okBefore && okAfter) return end;
    idx = src.indexOf(delim, end + delim.length);
  }
  return -1;
}

function renderInline(src: string, ctx: Ctx, links: boolean, depth = 0): Out {
  if (depth > MAX_DEPTH) return { html: escapeHtml(src), text: src };
  // Delimiters known to have no closer at or after a position (keeps unclosed runs linear, not quadratic).
  const noCloser = new Map<string, number>();
  let brackets: Int32Array | undefined;
  const closing = (from: number, delim: string): number => {
    const known = noCloser.get(delim);
    if (known !== undefined && from >= known) return -1;
    const found = findClosing(src, from, delim);
    if (found === -1) noCloser.set(delim, Math.min(from, known ?? from));
    return found;
  };
  let html = '';
  let text = '';
  let p = 0;
  const n = src.length;
  while (p < n) {
    const c = src[p] as string;
    const rest = (): string => src.slice(p);

    if (c === '\\') {
      const next = src[p + 1];
      if (next === '\n') {
        html += '<br/>\n';
        text += '\n';
        p += 2;
        continue;
      }
      if (next !== undefined && PUNCT.includes(next)) {
        html += escapeHtml(next);
        text += next;
        p += 2;
        continue;
      }
    }

    if (c === '\n') {
      // Two trailing spaces before a newline are a hard break (D-format); a lone newline is a soft break.
      const hard = html.endsWith('  ');
      if (hard) html = html.replace(/ +$/, '');
      text = text.replace(/ +$/, '');
      html += hard ? '<br/>\n' : '\n';
      text += '\n';
      p++;
      continue;
    }

    if (c === '`') {
      let run = 0;
      while (src[p + run] === '`') run++;
      const fence = '`'.repeat(run);
      let close = src.indexOf(fence, p + run);
      while (close !== -1 && src[close + run] === '`') close = src.indexOf(fence, close + run + 1);
      if (close !== -1) {
        let code = src.slice(p + run, close).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
        html += `<code>${escapeHtml(code)}</code>`;
        text += code;
        p = close + run;
        continue;
      }
      html += fence;
      text += fence;
      p += run;
      continue;
    }

    if (c === '<') {
      const r = rest();
      const all = ALL_RE.exec(r);
      if (all) {
        if (!ctx.groups.includes('all')) ctx.groups.push('all');
        html += '<spark-mention data-object-type="groupMention" data-group-type="all">All</spark-mention>';
        text += 'All';
        p += all[0].length;
        continue;
      }
      const mention = MENTION_RE.exec(r);
      if (mention) {
        const kind = mention[1] as string;
        const value = mention[2] as string;
        const given = mention[3];
        const target = kind === 'personId' ? ctx.resolver.byId(value) : ctx.resolver.byEmail(value);
        if (target) {
          if (!ctx.people.includes(target.id)) ctx.people.push(target.id);
          const name = given !== undefined && given.trim() !== '' ? given.trim() : target.displayName;
          html += `<spark-mention data-object-type="person" data-object-id="${escapeHtml(target.uuid)}">${escapeHtml(name)}</spark-mention>`;
          text += name;
        } else {
          // Unknown person: the service renders the visible name (or the raw value) as plain text.
          const name = given !== undefined && given.trim() !== '' ? given.trim() : value;
          html += escapeHtml(name);
          text += name;
        }
        p += mention[0].length;
        continue;
      }
      if (links) {
        const auto = AUTOLINK_RE.exec(r);
        if (auto) {
          const url = auto[1] as string;
          html += anchor(url, escapeHtml(url));
          text += url;
          p += auto[0].length;
          continue;
        }
        const mail = EMAIL_AUTOLINK_RE.exec(r);
        if (mail) {
          const addr = mail[1] as string;
          html += anchor(`mailto:${addr}`, escapeHtml(addr));
          text += addr;
          p += mail[0].length;
          continue;
        }
      }
      html += '&lt;';
      text += '<';
      p++;
      continue;
    }

    if (c === '[' && links) {
      brackets ??= matchBrackets(src);
      const link = matchLink(src, p, brackets);
      if (link) {
        const inner = renderInline(link.label, ctx, false, depth + 1);
        const href = safeHref(link.url);
        html += href ? anchor(href, inner.html) : inner.html;
        text += inner.text;
        p = link.end;
        continue;
      }
    }

    if (c === '*' || c === '_') {
      const prev = src[p - 1];
      const leftOk = c === '*' || !isWordChar(prev);
      const dbl = src[p + 1] === c;
      if (leftOk && dbl && src[p + 2] !== undefined && !/\s/.test(src[p + 2] as string)) {
        const close = closing(p + 2, c + c);
        if (close !== -1) {
          const inner = renderInline(src.slice(p + 2, close), ctx, links, depth + 1);
          html += `<strong>${inner.html}</strong>`;
          text += inner.text;
          p = close + 2;
          continue;
        }
      }
      if (leftOk && src[p + 1] !== undefined && !/\s/.test(src[p + 1] as string)) {
        const close = closing(p + 1, c);
        if (close !== -1) {
          const inner = renderInline(src.slice(p + 1, close), ctx, links, depth + 1);
          html += `<em>${inner.html}</em>`;
          text += inner.text;
          p = close + 1;
          continue;
        }
      }
      let run = 0;
      while (src[p + run] === c) run++;
      html += c.repeat(run);
      text += c.repeat(run);
      p += run;
      continue;
    }

    if (links && (c === 'h' || c === 'H') && !isWordChar(src[p - 1])) {
      const bare = BARE_URL_RE.exec(rest());
      if (bare) {
        let url = bare[0];
        // Trailing punctuation is not part of the url; a closing paren only when unbalanced.
        for (;;) {
          const last = url[url.length - 1] as string;
          if ('.,;:!?\'"*_'.includes(last)) url = url.slice(0, -1);
          else if (last === ')' && (url.match(/\(/g) ?? []).length < (url.match(/\)/g) ?? []).length)
            url = url.slice(0, -1);
          else break;
        }
        html += anchor(url, escapeHtml(url));
        text += url;
        p += url.length;
        continue;
      }
    }

    // Plain run: copy up to the next special character.
    let q = p + 1;
    while (q < n && !'\\\n`<[*_hH'.includes(src[q] as string)) q++;
    const chunk = src.slice(p, q);
    html += escapeHtml(chunk);
    text += chunk;
    p = q;
  }
  return { html, text };
}

/** For every '[' its matching ']' (-1 when unmatched), honouring backslash escapes: one O(n) pass. */
function matchBrackets(src: string): Int32Array {
  const match = new Int32Array(src.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '[') stack.push(i);
    else if (ch === ']') {
      const open = stack.pop();
      if (open !== undefined) match[open] = i;
    }
  }
  return match;
}

function matchLink(
  src: string,
  start: number,
  brackets: Int32Array,
): { label: string; url: string; end: number } | undefined {
  const i = brackets[start] ?? -1;
  if (i < 0 || src[i + 1] !== '(') return undefined;
  let close = -1;
  let parens = 0;
  for (let j = i + 2; j < src.length; j++) {
    const ch = src[j];
    if (ch === '\n') return undefined;
    if (ch === '(') parens++;
    else if (ch === ')') {
      if (parens === 0) {
        close = j;
        break;
      }
      parens--;
    }
  }
  if (close === -1) return undefined;
  const target = src.slice(i + 2, close).trim();
  const m = /^<?([^\s>]*)>?(?:\s+"[^"]*")?$/.exec(target);
  if (!m) return undefined;
  return { label: src.slice(start + 1, i), url: m[1] ?? '', end: close + 1 };
}
