/**
 * The outbox journal (docs/outbox.md): one fsynced JSON line per state change in
 * `identities/<id>/outbox.jsonl`. Folding the records in order gives every item's current state.
 */
import { z } from 'zod';
import { pickedRecordSchema } from '../spaces/picked-check';

const iso = z.string().min(1).max(40);
const shortText = z.string().max(2000);

export const outboxOriginSchema = z.strictObject({
  runbookId: z.string().max(64).optional(),
  runbookSha256: z.string().max(64).optional(),
  runbookLabel: z.string().max(60).optional(),
  /** Items queued together by one run (a broadcast). */
  batchId: z.string().max(64).optional(),
  incidentId: z.string().max(64).optional(),
  variables: z.record(z.string().max(40), z.string().max(8000)).optional(),
  confirmed: z.boolean(),
  /** The saved identity (id) that posts the item, when not the operator (a runbook's `postAs`, e.g. the team's bot). */
  postAs: z.string().max(200).optional(),
  /** Who that identity is, recorded when the item is queued: the audit row and reading the space back use them. */
  postedAsEmail: z.string().max(320).optional(),
  postedAsPersonId: z.string().max(300).optional(),
  postedAsKind: z.enum(['person', 'bot']).optional(),
  /** Who queued the item: a runbook (absent in older journals) or the composer. */
  source: z.enum(['runbook', 'composer']).optional(),
});
export type OutboxOrigin = z.infer<typeof outboxOriginSchema>;

export const outboxItemInitSchema = z
  .strictObject({
    id: z.string().min(1).max(64),
    roomId: z.string().min(1).max(300),
    roomTitle: z.string().max(500),
    /** Empty only for a file sent without text. */
    markdown: z.string().max(20_000),
    parentId: z.string().max(300).optional(),
    /** A file chosen in main's dialog: the window's opaque handle… */
    fileId: z.string().max(200).optional(),
    /**
     * …and what main knows of it (resolved path, device, inode, size; src/main/spaces/picked-check.ts), so the item
     * is sent with its file after a restart — checked again first. Absent in older journals.
     */
    file: pickedRecordSchema.optional(),
    queuedAt: iso,
    expiresAt: iso,
    origin: outboxOriginSchema,
  })
  .refine((i) => i.markdown.length > 0 || i.fileId !== undefined, 'A message needs text or a file.');
export type OutboxItemInit = z.infer<typeof outboxItemInitSchema>;

export const operatorReasonSchema = z.enum(['cannotReadBack', 'expired', 'unreadable']);
export type OperatorReason = z.infer<typeof operatorReasonSchema>;

export const outboxRecordSchema = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('queued'), item: outboxItemInitSchema }),
  z.strictObject({ t: z.literal('sending'), id: z.string(), attemptId: z.string(), startedAt: iso }),
  z.strictObject({
    t: z.literal('sent'),
    id: z.string(),
    at: iso,
    messageId: z.string().optional(),
    via: z.enum(['post', 'reconciled', 'operator']),
  }),
  z.strictObject({ t: z.literal('unknown'), id: z.string(), at: iso, reason: shortText }),
  z.strictObject({ t: z.literal('retry'), id: z.string(), at: iso, reason: shortText, notBefore: iso.optional() }),
  z.strictObject({ t: z.literal('operator'), id: z.string(), at: iso, reason: operatorReasonSchema }),
  z.strictObject({
    t: z.literal('failed'),
    id: z.string(),
    at: iso,
    kind: z.string().max(40),
    trackingId: z.string().max(300).optional(),
    message: shortText,
  }),
  z.strictObject({ t: z.literal('discarded'), id: z.string(), at: iso }),
  z.strictObject({ t: z.literal('requeued'), id: z.string(), at: iso, expiresAt: iso }),
]);
export type OutboxRecord = z.infer<typeof outboxRecordSchema>;
