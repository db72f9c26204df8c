import { z } from 'zod';
import type { DocumentSpec } from '../../../src/main/store';

/** What crash-child.ts writes and crash.test.ts checks. */
export const docSchema = z.object({ n: z.number().int(), payload: z.string() });
export const docSpec: DocumentSpec<z.infer<typeof docSchema>> = {
  file: 'identities/x/state.json',
  schemaVersion: 1,
  schema: docSchema,
  defaults: () => ({ n: 0, payload: '' }),
};
export const journalFile = 'identities/x/outbox.jsonl';
export const journalSchema = z.object({ seq: z.number().int(), payload: z.string() });
