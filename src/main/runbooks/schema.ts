/**
 * The runbook file format (README "Runbooks"): one YAML document per `*.yaml` file in the data folder's
 * `runbooks/` folder, validated with zod. Types here are what the rest of `src/main/runbooks` works with.
 */
import { z } from 'zod';

export const MAX_RUNBOOKS_PER_FILE = 500;
export const MAX_RUNBOOKS_TOTAL = 2000;
export const MAX_TEMPLATE_CHARS = 20_000;

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1–64 lowercase letters, digits, ".", "_" or "-"');
const variableName = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

export const variableSchema = z.strictObject({
  label: z.string().min(1).max(80),
  required: z.boolean().default(false),
  default: z.string().max(2000).optional(),
  /** A regular expression the whole value must match (anchored). */
  pattern: z.string().max(500).optional(),
  choices: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
  kind: z.enum(['text', 'markdown', 'mention', 'link']).default('text'),
  /** Shown under the field. */
  help: z.string().max(300).optional(),
  /** Multi-line input in the form. */
  multiline: z.boolean().default(false),
});
export type VariableSpec = z.infer<typeof variableSchema>;

export const targetsSchema = z.union([z.literal('open'), z.literal('incident'), z.strictObject({ list: id })]);
export type TargetsSpec = z.infer<typeof targetsSchema>;

export const confirmSchema = z.union([
  z.enum(['always', 'never', 'broadcast']),
  z.strictObject({ membersOver: z.number().int().min(0).max(100_000) }),
]);
export type ConfirmSpec = z.infer<typeof confirmSchema>;

export const runbookKindSchema = z.enum(['message', 'incident-open', 'incident-update', 'incident-close']);
export type RunbookKind = z.infer<typeof runbookKindSchema>;

export const runbookSchema = z.strictObject({
  id,
  kind: runbookKindSchema.default('message'),
  label: z.string().min(1).max(60),
  category: z.string().min(1).max(40),
  description: z.string().max(500).default(''),
  template: z.string().min(1).max(MAX_TEMPLATE_CHARS),
  variables: z
    .record(z.string().regex(variableName, 'variable names are letters, digits and "_"'), variableSchema)
    .default({}),
  targets: targetsSchema.default('open'),
  confirm: confirmSchema.default('broadcast'),
  thread: z.boolean().default(false),
  postAs: z.string().min(1).max(200).optional(),
  ttlMinutes: z.number().int().min(1).max(1440).default(5),
  /** incident-open only: minutes between updates (the "next update due" reminder). */
  updateEveryMinutes: z.number().int().min(1).max(1440).optional(),
});
export type RunbookSpec = z.infer<typeof runbookSchema>;

export const targetListSchema = z.union([
  z.strictObject({
    label: z.string().min(1).max(80).optional(),
    spaces: z.array(z.string().min(1).max(300)).min(1).max(1000),
  }),
  z.strictObject({
    label: z.string().min(1).max(80).optional(),
    /** A case-insensitive regular expression matched against the titles of the spaces the identity is in. */
    titlePattern: z.string().min(1).max(300),
  }),
]);
export type TargetListSpec = z.infer<typeof targetListSchema>;

export const runbookFileSchema = z.strictObject({
  version: z.literal(1),
  targets: z.record(id, targetListSchema).default({}),
  runbooks: z.array(runbookSchema).max(MAX_RUNBOOKS_PER_FILE, `at most ${MAX_RUNBOOKS_PER_FILE} runbooks per file`),
});
export type RunbookFile = z.infer<typeof runbookFileSchema>;
