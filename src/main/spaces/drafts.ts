/**
 * Drafts per space, per identity (`identities/<id>/drafts.json` through the store): they survive restarts and
 * identity switches (the sign-in text promises it, src/main/auth/notices.ts). An empty draft is removed.
 */
import { z } from 'zod';
import type { DraftsState, DraftView } from '../../shared/contract/channels';
import type { ActiveSession } from '../auth/types';
import type { Clock } from '../clock';
import type { DocumentSpec, Store } from '../store';

/** Drafts kept per identity; the oldest go first beyond this. */
export const MAX_DRAFTS = 500;
export const DRAFTS_FILE = 'drafts.json';

const draftSchema = z.object({
  roomId: z.string().min(1).max(512),
  markdown: z.string().max(64 * 1024),
  parentId: z.string().min(1).max(512).optional(),
  updatedAt: z.iso.datetime({ offset: true }),
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
  return view;
}

export interface Drafts {
  snapshot(session: ActiveSession): Promise<DraftsState>;
  get(session: ActiveSession, roomId: string): Promise<DraftView | { roomId: string; markdown: '' }>;
  set(session: ActiveSession, input: { roomId: string; markdown: string; parentId?: string }): Promise<DraftsState>;
  /** Removes the space's draft when it is the draft for that thread (`parentId`), i.e. the one just sent. */
  clearSent(session: ActiveSession, roomId: string, parentId: string | undefined): Promise<void>;
}

export function createDrafts(deps: { store: Pick<Store, 'open'>; clock: Clock }): Drafts {
  const open = (session: ActiveSession) => deps.store.open(draftsSpec(session.dir));
  return {
    async snapshot(session) {
      return { drafts: (await open(session)).get().drafts.map(copy) };
    },
    async get(session, roomId) {
      const found = (await open(session)).get().drafts.find((d) => d.roomId === roomId);
      return found ? copy(found) : { roomId, markdown: '' };
    },
    async set(session, input) {
      const doc = await open(session);
      doc.update((current) => {
        const others = current.drafts.filter((d) => d.roomId !== input.roomId);
        if (input.markdown.trim() === '') return { drafts: others };
        const next: DraftsDoc['drafts'][number] = {
          roomId: input.roomId,
          markdown: input.markdown,
          updatedAt: new Date(deps.clock.now()).toISOString(),
        };
        if (input.parentId !== undefined) next.parentId = input.parentId;
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
