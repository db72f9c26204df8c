/**
 * Parses one runbook file: size limit, YAML (with a `LineCounter` for positions and the alias limit against YAML
 * bombs), the zod schema, then checks zod cannot make (templates, patterns, target lists). Every problem carries
 * line:column and the schema path. Pure apart from hashing; never throws for bad input.
 */
import { createHash } from 'node:crypto';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import {
  MAX_RUNBOOKS_PER_FILE,
  runbookFileSchema,
  type RunbookFile,
  type RunbookSpec,
  type TargetListSpec,
} from './schema';
import { BUILTINS, parseTemplate, type ParsedTemplate } from './template';

export const MAX_FILE_BYTES = 1024 * 1024;

export interface FileProblem {
  file: string;
  line: number;
  column: number;
  /** Schema path, e.g. `runbooks.0.variables.severity.choices`; '' for the whole file. */
  path: string;
  message: string;
}

export interface LoadedRunbook {
  spec: RunbookSpec;
  template: ParsedTemplate;
  file: string;
  /** sha256 (hex) of the runbook's validated definition, for the audit log. */
  sha256: string;
  /** The named target list (`targets: { list }`), from the same file. */
  list?: { name: string; spec: TargetListSpec };
}

export interface ParsedRunbookFile {
  file: string;
  runbooks: LoadedRunbook[];
  targets: Record<string, TargetListSpec>;
}

export type ParseOutcome = { ok: true; value: ParsedRunbookFile } | { ok: false; problems: FileProblem[] };

const BUILTIN_SET = new Set<string>(BUILTINS);

function positionOf(doc: Document, lc: LineCounter, path: (string | number)[]): { line: number; column: number } {
  // The deepest node that exists on the path (a missing key is reported at its parent).
  for (let n = path.length; n >= 0; n -= 1) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

function describeTooBig(bytes: number): string {
  return `the file is ${(bytes / 1024 / 1024).toFixed(1)} MB; runbook files may be at most ${MAX_FILE_BYTES / 1024 / 1024} MB`;
}

/** Checks the size before anything is parsed (the caller may pass the size from `stat` without reading). */
export function checkFileSize(file: string, bytes: number): FileProblem | undefined {
  if (bytes <= MAX_FILE_BYTES) return undefined;
  return { file, line: 1, column: 1, path: '', message: describeTooBig(bytes) };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Stable JSON: object keys sorted, so the same definition always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function compiles(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : 'invalid regular expression';
  }
}

export function parseRunbookText(file: string, text: string): ParseOutcome {
  const size = checkFileSize(file, Buffer.byteLength(text, 'utf8'));
  if (size) return { ok: false, problems: [size] };
  const lc = new LineCounter();
  const problems: FileProblem[] = [];
  const at = (doc: Document, path: (string | number)[], message: string): void => {
    problems.push({ file, ...positionOf(doc, lc, path), path: path.join('.'), message });
  };

  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.slice(0, 10).map((e) => ({
        file,
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        path: '',
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // yaml throws a plain ReferenceError for alias expansion past maxAliasCount (a "billion laughs" file).
    const message =
      e instanceof ReferenceError
        ? 'refused: too many YAML aliases (the file expands too much; a YAML bomb?)'
        : `could not read the YAML: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, problems: [{ file, line: 1, column: 1, path: '', message }] };
  }

  // A clear refusal for huge lists before the schema walks them.
  if (data !== null && typeof data === 'object' && 'runbooks' in data) {
    const list = (data as { runbooks: unknown }).runbooks;
    if (Array.isArray(list) && list.length > MAX_RUNBOOKS_PER_FILE) {
      at(doc, ['runbooks'], `refused: ${list.length} runbooks; a file may hold at most ${MAX_RUNBOOKS_PER_FILE}`);
      return { ok: false, problems };
    }
  }

  const result = runbookFileSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues.slice(0, 20)) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      at(doc, path, issue.message);
    }
    return { ok: false, problems };
  }
  const parsed: RunbookFile = result.data;

  for (const [name, list] of Object.entries(parsed.targets)) {
    if ('titlePattern' in list) {
      const err = compiles(list.titlePattern);
      if (err) at(doc, ['targets', name, 'titlePattern'], `not a valid regular expression: ${err}`);
    }
  }

  const seen = new Set<string>();
  const runbooks: LoadedRunbook[] = [];
  parsed.runbooks.forEach((spec, index) => {
    const base = ['runbooks', index];
    if (seen.has(spec.id)) at(doc, [...base, 'id'], `duplicate runbook id "${spec.id}"`);
    seen.add(spec.id);
    for (const [name, v] of Object.entries(spec.variables)) {
      const vp = [...base, 'variables', name];
      if (BUILTIN_SET.has(name)) at(doc, vp, `"${name}" is a built-in name; choose another variable name`);
      if (v.pattern !== undefined) {
        const err = compiles(v.pattern);
        if (err) at(doc, [...vp, 'pattern'], `not a valid regular expression: ${err}`);
      }
      if (v.choices && v.default !== undefined && !v.choices.includes(v.default)) {
        at(doc, [...vp, 'default'], 'the default must be one of the choices');
      }
      if (v.kind !== 'text' && v.kind !== 'markdown' && v.multiline) {
        at(doc, [...vp, 'multiline'], `a ${v.kind} variable is one line`);
      }
    }
    if (typeof spec.targets === 'object' && !(spec.targets.list in parsed.targets)) {
      at(doc, [...base, 'targets', 'list'], `no target list "${spec.targets.list}" in this file's "targets"`);
    }
    if (spec.targets === 'incident' && spec.kind !== 'incident-update' && spec.kind !== 'incident-close') {
      at(doc, [...base, 'targets'], 'only incident-update and incident-close runbooks can target an incident');
    }
    if (spec.updateEveryMinutes !== undefined && spec.kind !== 'incident-open') {
      at(doc, [...base, 'updateEveryMinutes'], 'only for incident-open runbooks');
    }
    if (spec.kind === 'incident-open' && !('title' in spec.variables)) {
      at(doc, [...base, 'variables'], 'an incident-open runbook needs a "title" variable');
    }
    const declared = new Set(Object.keys(spec.variables));
    const allowsIncident = spec.kind !== 'message';
    const { template, problems: tp } = parseTemplate(
      spec.template,
      (name) => declared.has(name) || (BUILTIN_SET.has(name) && (allowsIncident || !name.startsWith('incident.'))),
    );
    for (const p of tp) {
      const pos = positionOf(doc, lc, [...base, 'template']);
      problems.push({ file, ...pos, path: [...base, 'template'].join('.'), message: p.message });
    }
    const loaded: LoadedRunbook = { spec, template, file, sha256: sha256Hex(canonicalJson(spec)) };
    if (typeof spec.targets === 'object') {
      const list = parsed.targets[spec.targets.list];
      if (list) loaded.list = { name: spec.targets.list, spec: list };
    }
    runbooks.push(loaded);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { file, runbooks, targets: parsed.targets } };
}
