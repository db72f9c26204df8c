/**
 * Drafts per space, per identity (`identities/<id>/drafts.json` through the store): they survive restarts and
 * identity switches (the sign-in text promises it, src/main/auth/notices.ts). An empty draft is removed.
 *
 * A file chosen for the draft is kept with it: main stores the resolved path with the file's identity (inode, size)
 * in the same document, the window sees only the handle, the name and the size (docs/security.md). After a restart
 * the handle is known again as soon as the draft is read, and the file is checked again before it is sent
 * (src/main/spaces/picked-check.ts).
 */
import { z } from 'zod';
import type { DraftsState, DraftView } from '../../shared/contract/channels';
import type { ActiveSession } from '../auth/types';
import type { Clock } from '../clock';
import type { DocumentSpec, Store } from '../store';
import type { PickedFiles } from './files';
import { pickedRecordSchema, pickedView, type PickedRecord } from './picked-check';

/** Drafts kept per identity; the oldest go first beyond this. */
export const MAX_DRAFTS = 500;
export const DRAFTS_FILE = 'drafts.json';

/** The chosen file kept with a draft: the same record (and checks) as an outbox item's file (picked-check.ts). */
const draftFileSchema = pickedRecordSchema;

const draftSchema = z.object({
  roomId: z.string().min(1).max(512),
  markdown: z.string().max(64 * 1024),
  parentId: z.string().min(1).max(512).optional(),
  updatedAt: z.iso.datetime({ offset: true }),
  file: draftFileSchema.optional(),
});
const draftsDocSchema = z.object({ drafts: z.array(draftSchema).max(MAX_DRAFTS) });
type DraftsDoc = z.infer<typeof draftsDocSchema>;

export function draftsSpec(identityDir: string): DocumentSpec<DraftsDoc> {
  return {
    file: `${identityDir}/${DRAFTS_FILE}`,
    schemaVersion: 1,
    schema: draftsDocSchema,
    defaults: () => ({ drafts: [] }),
  };
}

function copy(d: DraftsDoc['drafts'][number]): DraftView {
  const view: DraftView = { roomId: d.roomId, markdown: d.markdown, updatedAt: d.updatedAt };
  if (d.parentId !== undefined) view.parentId = d.parentId;
  if (d.file !== undefined) view.file = pickedView(d.file);
  return view;
}

export interface Drafts {
  snapshot(session: ActiveSession): Promise<DraftsState>;
  get(session: ActiveSession, roomId: string): Promise<DraftView | { roomId: string; markdown: '' }>;
  /** `fileId`: a handle from `composer.pickFile` kept with the draft (without it the draft has no file). */
  set(
    session: ActiveSession,
    input: { roomId: string; markdown: string; parentId?: string; fileId?: string },
  ): Promise<DraftsState>;
  /** The file kept with the space's draft under this handle (known again from now on), if any. */
  fileOf(session: ActiveSession, roomId: string, fileId: string): Promise<PickedRecord | undefined>;
  /** Removes the space's draft when it is the draft for that thread (`parentId`), i.e. the one just sent. */
  clearSent(session: ActiveSession, roomId: string, parentId: string | undefined): Promise<void>;
}

export function createDrafts(deps: {
  store: Pick<Store, 'open'>;
  clock: Clock;
  files: Pick<PickedFiles, 'entry' | 'adopt'>;
}): Drafts {
  const open = (session: ActiveSession) => deps.store.open(draftsSpec(session.dir));
  return {
    async snapshot(session) {
      return { drafts: (await open(session)).get().drafts.map(copy) };
    },
    async get(session, roomId) {
      const found = (await open(session)).get().drafts.find((d) => d.roomId === roomId);
      if (!found) return { roomId, markdown: '' };
      // The composer reads the draft of the space it shows: its file's handle is known again from now on.
      if (found.file) deps.files.adopt(found.file);
      return copy(found);
    },
    async fileOf(session, roomId, fileId) {
      const found = (await open(session)).get().drafts.find((d) => d.roomId === roomId && d.file?.fileId === fileId);
      if (found?.file) deps.files.adopt(found.file);
      return found?.file ? { ...found.file } : undefined;
    },
    async set(session, input) {
      const doc = await open(session);
      // A handle main no longer knows does not cost the text: the draft is kept without it (the answer shows
      // that), and sending says to choose the file again (composer.checkFile).
      const file: PickedRecord | undefined =
        input.fileId === undefined
          ? undefined
          : (deps.files.entry(input.fileId) ??
            doc.get().drafts.find((d) => d.roomId === input.roomId && d.file?.fileId === input.fileId)?.file);
      doc.update((current) => {
        const others = current.drafts.filter((d) => d.roomId !== input.roomId);
        if (input.markdown.trim() === '' && !file) return { drafts: others };
        const next: DraftsDoc['drafts'][number] = {
          roomId: input.roomId,
          markdown: input.markdown,
          updatedAt: new Date(deps.clock.now()).toISOString(),
        };
        if (input.parentId !== undefined) next.parentId = input.parentId;
        if (file) next.file = { ...file };
        return { drafts: [next, ...others].slice(0, MAX_DRAFTS) };
      });
      return { drafts: doc.get().drafts.map(copy) };
    },
    async clearSent(session, roomId, parentId) {
      const doc = await open(session);
      const sent = (d: DraftsDoc['drafts'][number]) => d.roomId === roomId && d.parentId === parentId;
      if (doc.get().drafts.some(sent)) doc.update((current) => ({ drafts: current.drafts.filter((d) => !sent(d)) }));
    },
  };
}
