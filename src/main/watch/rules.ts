/**
 * Alert rules: keywords or a regular expression, optionally limited to a sender and to spaces. Patterns are
 * validated when saved (an invalid regex is `invalidInput` naming the problem on the `pattern` field); patterns that
 * can take exponential time are refused where recognisable (nested repetition), and every regex match runs in a
 * worker thread under a time limit (matcher.ts), so a pathological pattern cannot freeze the main process.
 */
import type { AlertRule, AlertRuleInput, RuleValidation } from '../../shared/contract/channels';
import { AppFailure } from '../errors';
import { assertNever } from '../../shared/errors';
import { sharedMatcher, type RegexMatcher } from './matcher';

export const MAX_REGEX_LENGTH = 500;
export const MAX_KEYWORDS = 50;
export const MAX_KEYWORD_LENGTH = 100;
/** Only the start of a message is matched (Webex messages are at most 7439 bytes anyway). */
export const MAX_MATCH_TEXT = 8_000;

export interface RuleSubject {
  roomId: string;
  personEmail: string;
  text: string;
}

export interface CompiledRule {
  rule: AlertRule;
  regex: RegExp;
  /** Keywords are a plain alternation of escaped literals: safe to run without the time limit. */
  safe: boolean;
}

function invalid(message: string, path = 'pattern'): AppFailure {
  return new AppFailure('invalidInput', message, { issues: [{ path, message }] });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function splitKeywords(pattern: string): string[] {
  return pattern
    .split(/[\s,]+/)
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
}

/**
 * Recognises nested unbounded repetition — `(a+)+`, `(\w*)*`, `(x+y?){2,}` — the classic catastrophic-backtracking
 * shape. Character classes and escapes are skipped; lookarounds count as groups.
 */
export function findNestedRepetition(source: string): string | undefined {
  const stack: { start: number; hasRepeat: boolean }[] = [];
  let i = 0;
  const isUnboundedAt = (pos: number): number => {
    const c = source[pos];
    if (c === '+' || c === '*') return 1;
    if (c === '{') {
      const m = /^\{(\d+),(\d*)\}/.exec(source.slice(pos));
      if (m && (m[2] === '' || Number(m[2]) > 10)) return m[0].length;
    }
    return 0;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') {
      i += 1;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i += 1;
      if (isUnboundedAt(i) > 0 && stack.length > 0)
        (stack[stack.length - 1] as { hasRepeat: boolean }).hasRepeat = true;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, hasRepeat: false });
      i += 1;
      continue;
    }
    if (c === ')') {
      const group = stack.pop();
      i += 1;
      const q = isUnboundedAt(i);
      if (group && q > 0) {
        if (group.hasRepeat) return source.slice(group.start, i + q);
        if (stack.length > 0) (stack[stack.length - 1] as { hasRepeat: boolean }).hasRepeat = true;
      } else if (group?.hasRepeat && stack.length > 0) {
        (stack[stack.length - 1] as { hasRepeat: boolean }).hasRepeat = true;
      }
      continue;
    }
    const q = isUnboundedAt(i);
    if (q > 0) {
      if (stack.length > 0) (stack[stack.length - 1] as { hasRepeat: boolean }).hasRepeat = true;
      i += q;
      continue;
    }
    i += 1;
  }
  return undefined;
}

/** Builds the matcher of a rule; throws `AppFailure('invalidInput')` with an issue on `pattern` when unusable. */
export function compileRule(rule: AlertRuleInput & { id: string }): CompiledRule {
  const flags = rule.caseSensitive ? 'u' : 'iu';
  if (rule.mode === 'keywords') {
    const keywords = splitKeywords(rule.pattern);
    if (keywords.length === 0) throw invalid('Enter at least one keyword.');
    if (keywords.length > MAX_KEYWORDS) throw invalid(`At most ${MAX_KEYWORDS} keywords per rule.`);
    const long = keywords.find((k) => k.length > MAX_KEYWORD_LENGTH);
    if (long) throw invalid(`A keyword is longer than ${MAX_KEYWORD_LENGTH} characters.`);
    const alternation = keywords.map(escapeRegex).join('|');
    const regex = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternation})(?![\\p{L}\\p{N}_])`, flags);
    return { rule: { ...rule }, regex, safe: true };
  }
  if (rule.pattern.length > MAX_REGEX_LENGTH) {
    throw invalid(`The regular expression is longer than ${MAX_REGEX_LENGTH} characters.`);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(rule.pattern, rule.caseSensitive ? '' : 'i');
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    throw invalid(`Invalid regular expression: ${detail}`);
  }
  const nested = findNestedRepetition(rule.pattern);
  if (nested !== undefined) {
    throw invalid(
      `The regular expression repeats a repetition (${nested}), which can take exponential time; rewrite it without nested + or *.`,
    );
  }
  if (regex.test('')) throw invalid('The regular expression matches every message (it matches empty text).');
  return { rule: { ...rule }, regex, safe: false };
}

/** Normalises and validates a rule from the renderer (the zod schema already checked shapes and lengths). */
export function normaliseRuleInput(input: AlertRuleInput, id: string): AlertRule {
  const rule: AlertRule = {
    id,
    name: input.name.trim(),
    mode: input.mode,
    pattern: input.mode === 'keywords' ? splitKeywords(input.pattern).join(', ') : input.pattern,
    caseSensitive: input.caseSensitive,
    critical: input.critical,
    enabled: input.enabled,
  };
  const sender = input.senderEmail?.trim().toLowerCase();
  if (sender) {
    if (!/^[^\s@]+@[^\s@]+$/.test(sender)) throw invalid('The sender must be an email address.', 'senderEmail');
    rule.senderEmail = sender;
  }
  if (input.roomIds && input.roomIds.length > 0) rule.roomIds = [...new Set(input.roomIds)];
  compileRule(rule);
  return rule;
}

export class RegexTimeout extends Error {
  constructor(readonly ruleId: string) {
    super(`alert rule ${ruleId} took too long`);
    this.name = 'RegexTimeout';
  }
}

/**
 * Tests one rule against many texts. Keyword rules (escaped literals, linear) run here; regex rules run in the
 * matcher's worker under `timeoutMs` (rejects with `RegexTimeout`, and the worker is restarted).
 */
export async function testRule(
  compiled: CompiledRule,
  texts: readonly string[],
  timeoutMs: number,
  matcher: RegexMatcher = sharedMatcher(),
): Promise<boolean[]> {
  if (compiled.safe) return texts.map((t) => compiled.regex.test(t));
  const outcome = await matcher.run(compiled.regex.source, compiled.regex.flags, texts, timeoutMs);
  switch (outcome.kind) {
    case 'done':
      return texts.map((_, i) => outcome.hits[i] === true);
    case 'timeout':
      throw new RegexTimeout(compiled.rule.id);
    case 'error':
      // The pattern compiled here, so a failure there is the worker's (it is restarted): no match this time.
      return texts.map(() => false);
    default:
      return assertNever(outcome);
  }
}

function applies(rule: AlertRule, subject: RuleSubject): boolean {
  if (!rule.enabled) return false;
  if (rule.senderEmail && rule.senderEmail !== subject.personEmail.toLowerCase()) return false;
  if (rule.roomIds && rule.roomIds.length > 0 && !rule.roomIds.includes(subject.roomId)) return false;
  return true;
}

export interface MatchResult {
  /** Per subject, the ids of the rules it matched (critical rules first). */
  matches: string[][];
  /** Rules that exceeded the time limit (the caller turns them off). */
  timedOut: string[];
}

/** Matches every rule against every subject, batching per rule (regex rules in the worker: never on this thread). */
export async function matchRules(
  rules: readonly CompiledRule[],
  subjects: readonly RuleSubject[],
  timeoutMs: number,
): Promise<MatchResult> {
  const matches: string[][] = subjects.map(() => []);
  const timedOut: string[] = [];
  const ordered = [...rules].sort((a, b) => Number(b.rule.critical) - Number(a.rule.critical));
  for (const compiled of ordered) {
    const indexes: number[] = [];
    const texts: string[] = [];
    subjects.forEach((s, i) => {
      if (applies(compiled.rule, s)) {
        indexes.push(i);
        texts.push(s.text.length > MAX_MATCH_TEXT ? s.text.slice(0, MAX_MATCH_TEXT) : s.text);
      }
    });
    if (texts.length === 0) continue;
    let hits: boolean[];
    try {
      hits = await testRule(compiled, texts, timeoutMs);
    } catch (e) {
      if (e instanceof RegexTimeout) {
        timedOut.push(compiled.rule.id);
        continue;
      }
      throw e;
    }
    hits.forEach((hit, k) => {
      if (hit) (matches[indexes[k] as number] as string[]).push(compiled.rule.id);
    });
  }
  return { matches, timedOut };
}

/**
 * Compiles saved rules. A rule that no longer compiles (e.g. a stricter validation in a newer version) is left out
 * rather than crashing the watcher — and reported through `onBroken`, so the operator learns that the alert stopped.
 */
export function compileAll(
  rules: readonly AlertRule[],
  onBroken?: (rule: AlertRule, reason: string) => void,
): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const rule of rules) {
    try {
      out.push(compileRule(rule));
    } catch (e) {
      onBroken?.(rule, e instanceof Error ? e.message : String(e));
    }
  }
  return out;
}

/** The engine's reason for refusing a regex, without the "Invalid regular expression: /…/: " prefix. */
function engineReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const m = /^Invalid regular expression: \/.*\/[a-z]*: (.*)$/s.exec(message);
  return m?.[1] ?? message;
}

/** Index of the last `(` never closed (escapes and character classes skipped). */
function unclosedGroup(source: string): number | undefined {
  const open: number[] = [];
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') i += 1;
    else if (c === '[') {
      i += 1;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
    } else if (c === '(') open.push(i);
    else if (c === ')') open.pop();
  }
  return open.at(-1);
}

/**
 * The engine's syntax error in `source`, and where it is. V8 names the problem but not the place: an unclosed group is found
 * by scanning; otherwise the error is where the shortest failing prefix ends (the prefix fails with the same reason).
 */
export function regexSyntaxError(source: string, flags: string): { reason: string; position?: number } | undefined {
  let reason: string;
  try {
    new RegExp(source, flags);
    return undefined;
  } catch (e) {
    reason = engineReason(e);
  }
  if (/unterminated group/i.test(reason)) {
    const position = unclosedGroup(source);
    return position === undefined ? { reason } : { reason, position };
  }
  for (let k = 1; k <= source.length; k += 1) {
    try {
      new RegExp(source.slice(0, k), flags);
    } catch (e) {
      if (engineReason(e) === reason) return { reason, position: k - 1 };
    }
  }
  return { reason };
}

/** Checks a pattern as the operator types it (rules.validate): the same checks as saving, with a position. */
export function validatePattern(input: { pattern: string; regex: boolean; caseSensitive: boolean }): RuleValidation {
  const rule: AlertRule = {
    id: 'validate',
    name: 'validate',
    mode: input.regex ? 'regex' : 'keywords',
    pattern: input.pattern,
    caseSensitive: input.caseSensitive,
    critical: false,
    enabled: true,
  };
  try {
    compileRule(rule);
    return { ok: true };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!input.regex) return { ok: false, message };
    const flags = input.caseSensitive ? '' : 'i';
    const syntax = input.pattern.length <= MAX_REGEX_LENGTH ? regexSyntaxError(input.pattern, flags) : undefined;
    if (syntax !== undefined) {
      const words = `Invalid regular expression: ${syntax.reason}.`;
      return syntax.position === undefined
        ? { ok: false, message: words }
        : { ok: false, message: words, position: syntax.position };
    }
    const nested = findNestedRepetition(input.pattern);
    if (nested !== undefined) return { ok: false, message, position: input.pattern.indexOf(nested) };
    return { ok: false, message };
  }
}
