/**
 * Runbook quick actions in the core (issue 10): the runbook folder, previews and runs, the outbox and audit log of
 * the signed-in identity, incidents, and the channels the window calls. Plain Node; the OS (reveal a folder, save a
 * file, notifications) comes in through deps.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type {
  IncidentView,
  IncidentsState,
  OutboxItemView,
  OutboxState,
  RunbookPreview,
  RunbookRunInput,
  RunbookRunResult,
  RunbooksState,
  RunbookTargetView,
  RunbookView,
  SessionState,
} from '../../shared/contract/channels';
import { isErrorKind, type AppErrorIssue } from '../../shared/errors';
import type { ActiveSession } from '../auth/types';
import type { Clock } from '../clock';
import { AppFailure } from '../errors';
import type { EventHub } from '../events/hub';
import { keyedDiff, wholeDiff } from '../events/diff';
import { snapshotOf } from '../events/snapshot';
import type { Handlers } from '../ipc/dispatch';
import type { Logger } from '../log/types';
import type { Notifier } from '../platform';
import { createNodeStoreFs, type Doc, type Store } from '../store';
import type { Room } from '../webex';
import { AuditLog, toCsv, type AuditOutcome, type AuditRow } from './audit';
import { DEFAULT_UPDATE_EVERY_MINUTES, incidentsDocSpec, timelineMarkdown, type IncidentsDoc } from './incidents';
import { RunbookLibrary, type LibrarySnapshot } from './library';
import { Outbox, type OutboxItem, type OutboxOutcome, type OutboxSender } from './outbox';
import { createJournalCompactor } from './outbox-journal';
import { outboxRecordSchema, type OutboxItemInit } from './outbox-records';
import type { UploadPicked } from '../spaces';
import type { PickedRecord } from '../spaces/picked-check';
import { composerSend } from './composer';
import { threadParent, type ThreadParent } from './thread';
import {
  planPostAs,
  postAsProblem,
  postAsSender,
  postedAs,
  postingClient,
  type PostAsOrigin,
  type PostAsSession,
} from './post-as';
import { sha256Hex, type LoadedRunbook } from './parse';
import { byteLength, MAX_MESSAGE_BYTES, renderTemplate, renderValue, escapeMarkdownText } from './template';
import { z } from 'zod';

export const UNDO_WINDOW_MS = 5 * 60_000;
/** How long a space's details and member count are reused between a preview and its run. */
export const ROOM_INFO_TTL_MS = 60_000;

interface RoomInfo {
  room: Room;
  target: RunbookTargetView;
  moderator: boolean;
}
export const TYPE_TO_CONFIRM_OVER = 10;
/** Upload progress reaches the window at most this often (docs/events.md: the outbox slice). */
export const PROGRESS_PUBLISH_MS = 250;
/** Closed (sent, discarded) items listed: the newest this many, and every one queued within CLOSED_RECENT_MS. */
export const CLOSED_KEPT = 100;
export const CLOSED_RECENT_MS = 10 * 60_000;
/** …but never more than this many closed items. */
export const CLOSED_KEPT_MAX = 1000;

export type RunbookChannel =
  | 'runbooks.snapshot'
  | 'runbooks.preview'
  | 'runbooks.run'
  | 'runbooks.revealFolder'
  | 'outbox.snapshot'
  | 'outbox.resolve'
  | 'audit.query'
  | 'audit.exportCsv'
  | 'audit.undo'
  | 'incidents.snapshot'
  | 'composer.send';

export interface RunbookServiceDeps {
  dataDir: string;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The signed-in identity, and (postingIdentity) other saved identities a runbook posts as. */
  session: {
    current(): ActiveSession | undefined;
    onChange(l: (a: ActiveSession | undefined) => void): () => void;
  } & PostAsSession;
  /**
   * The session slice as last published (saved identities, who is active) and its changes: each runbook's
   * `postAsProblem` is computed from it, without keychain or network. Absent → no problems are reported up front.
   */
  sessionState?: {
    current(): SessionState | undefined;
    onChange(listener: (state: SessionState) => void): () => void;
  };
  notifier: Notifier;
  /** Shows a file or folder in the file manager (the shell: shell.showItemInFolder). */
  revealPath?: (absolutePath: string) => Promise<void>;
  /** Asks where to save (a dialog in main) and writes the text; false when cancelled. */
  saveTextFile?: (request: { title: string; defaultName: string; content: string }) => Promise<boolean>;
  /** Raises (message) or clears (undefined) a warning banner with this id. */
  setWarning: (id: string, message: string | undefined) => void;
  /**
   * The event stream: the runbooks, outbox and incidents slices are published through it (docs/events.md), and
   * snapshots take their seq from it (`snapshotOf`).
   */
  hub: Pick<EventHub, 'flush' | 'seq' | 'emit'>;
  /** A message a runbook posted was deleted (undo): the window drops it from the pane. */
  onMessageDeleted?: (roomId: string, messageId: string) => void;
  /** Clears the space's draft after the composer queued it (spaces' drafts; only when it is that thread's draft). */
  clearDraft?: (active: ActiveSession, roomId: string, parentId: string | undefined) => Promise<void>;
  /** Sends a file chosen in main's dialog with a message (spaces' `uploadPicked`); without it files cannot be sent. */
  uploadPicked?: UploadPicked;
  /**
   * What main knows of a chosen file handle (spaces' `pickedRecord`: chosen in this run, or kept with the space's
   * draft), journaled with the composer's item so it is sent with its file after a restart.
   */
  pickedRecord?: (active: ActiveSession, roomId: string, fileId: string) => Promise<PickedRecord | undefined>;
  /** Outbox tuning (tests). */
  outbox?: {
    reconcileDelayMs?: number;
    retryBaseMs?: number;
    maxInFlight?: number;
    /** Journal compaction thresholds (docs/outbox.md “Compaction”). */
    compactAfterRecords?: number;
    keepClosed?: number;
  };
  /** A target's members were read: whether people from other organisations are in it (the sidebar's EXT mark). */
  noteExternal?: (identityId: string, roomId: string, external: boolean) => void;
}

export interface RunbookService {
  handlers: Pick<Handlers, RunbookChannel>;
  start(): Promise<void>;
  /** The signed-in identity's outbox once it has started (tests, quitting). */
  outbox(): Outbox | undefined;
  /** Items not yet sent (the app warns before quitting). */
  pendingCount(): number;
  dispose(): Promise<void>;
}

interface IdentityContext {
  active: ActiveSession;
  outbox: Outbox;
  audit: AuditLog;
  incidents: Doc<IncidentsDoc>;
  targets: Doc<AcceptedTargets>;
  ready: Promise<void>;
  undone: Set<string>;
  /** Space details and member counts read for a preview, reused by the run that follows (and the next preview). */
  roomCache: Map<string, { at: number; info: RoomInfo }>;
  dueTimer?: AbortController;
  notified: Set<string>;
  /** A pending publish of upload progress (throttled to PROGRESS_PUBLISH_MS), and when progress was last published. */
  progressTimer?: AbortController;
  progressPublishedAt: number;
}

const acceptedTargetsSchema = z.object({ lists: z.record(z.string(), z.array(z.string())) });
type AcceptedTargets = z.infer<typeof acceptedTargetsSchema>;

const iso = (ms: number): string => new Date(ms).toISOString();

function runbookView(rb: LoadedRunbook, sessionState: SessionState | undefined): RunbookView {
  const s = rb.spec;
  const view: RunbookView = {
    id: s.id,
    kind: s.kind,
    label: s.label,
    category: s.category,
    description: s.description,
    variables: Object.entries(s.variables).map(([name, v]) => {
      const out: RunbookView['variables'][number] = {
        name,
        label: v.label,
        required: v.required,
        kind: v.kind,
        multiline: v.multiline,
      };
      if (v.default !== undefined) out.default = v.default;
      if (v.pattern !== undefined) out.pattern = v.pattern;
      if (v.choices !== undefined) out.choices = [...v.choices];
      if (v.help !== undefined) out.help = v.help;
      return out;
    }),
    targets:
      s.targets === 'open'
        ? { type: 'open' }
        : s.targets === 'incident'
          ? { type: 'incident' }
          : { type: 'list', name: s.targets.list, ...(rb.list?.spec.label ? { label: rb.list.spec.label } : {}) },
    confirm: typeof s.confirm === 'object' ? 'membersOver' : s.confirm,
    thread: s.thread,
    ttlMinutes: s.ttlMinutes,
    file: rb.file,
  };
  if (typeof s.confirm === 'object') view.confirmMembersOver = s.confirm.membersOver;
  if (s.postAs !== undefined) {
    view.postAs = s.postAs;
    const problem = postAsProblem(s.postAs, sessionState);
    if (problem !== undefined) view.postAsProblem = problem;
  }
  return view;
}

function itemView(item: OutboxItem, now: number, undone: Set<string>): OutboxItemView {
  const st = item.state;
  let state: OutboxItemView['state'];
  switch (st.type) {
    case 'queued':
      state = { type: 'queued' };
      break;
    case 'sending':
      state = { type: 'sending', startedAt: st.startedAt };
      break;
    case 'sent':
      state = { type: 'sent', at: st.at, via: st.via, ...(st.messageId ? { messageId: st.messageId } : {}) };
      break;
    case 'unknown':
      state = { type: 'unknown', since: st.since };
      break;
    case 'needsOperator':
      state = { type: 'needsOperator', since: st.since, reason: st.reason };
      break;
    case 'failed':
      state = {
        type: 'failed',
        at: st.at,
        kind: isErrorKind(st.kind) ? st.kind : 'internal',
        message: st.message,
        ...(st.trackingId ? { trackingId: st.trackingId } : {}),
      };
      break;
    case 'discarded':
      state = { type: 'discarded', at: st.at };
      break;
  }
  const view: OutboxItemView = {
    id: item.id,
    roomId: item.roomId,
    roomTitle: item.roomTitle,
    markdown: item.markdown,
    queuedAt: item.queuedAt,
    expiresAt: item.expiresAt,
    state,
    attempts: item.attempts.length,
  };
  if (item.origin.runbookId) view.runbookId = item.origin.runbookId;
  if (item.origin.runbookLabel) view.runbookLabel = item.origin.runbookLabel;
  if (item.origin.batchId) view.batchId = item.origin.batchId;
  if (item.origin.incidentId) view.incidentId = item.origin.incidentId;
  if (item.origin.source) view.source = item.origin.source;
  if (item.parentId) view.parentId = item.parentId;
  if (item.fileId) view.hasFile = true;
  if (item.upload && st.type === 'sending') view.upload = { ...item.upload };
  // Undo is the runbooks' (a composer message is deleted from the pane like any own message).
  if (st.type === 'sent' && st.messageId && !undone.has(item.id) && item.origin.source !== 'composer') {
    const until = Date.parse(st.at) + UNDO_WINDOW_MS;
    if (until > now) view.undoUntil = iso(until);
  }
  return view;
}

function invalid(message: string, issues?: AppErrorIssue[]): AppFailure {
  return new AppFailure('invalidInput', message, issues ? { issues } : {});
}

/** Runs `fn` over `items` with at most `limit` at once. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

export function createRunbookService(deps: RunbookServiceDeps): RunbookService {
  const { clock, logger, store } = deps;
  const library = new RunbookLibrary({
    dataDir: deps.dataDir,
    clock,
    logger: logger.child({ component: 'runbooks' }),
    onChange: (snap) => {
      reportProblems(snap);
      publishRunbooks();
    },
  });
  let ctx: IdentityContext | undefined;
  const warned = new Set<string>();

  // --- the runbooks, outbox and incidents slices (docs/events.md) ----------------------------------------------
  // Every change ends in one of these: recompute the slice's view, compare with what was last sent, emit the
  // difference. They are cheap to call too often (nothing differs → no event).
  const runbooksSent = wholeDiff<RunbooksState>();
  const incidentsSent = wholeDiff<IncidentsState>();
  const outboxSent = keyedDiff<OutboxItemView>();
  /** Items whose view may have changed since the outbox was last published (each change marks its item). */
  const outboxDirty = new Set<string>();

  function runbooksState(): RunbooksState {
    const snap = library.snapshot();
    return {
      runbooks: snap.runbooks.map((rb) => runbookView(rb, deps.sessionState?.current())),
      files: snap.files.map((f) => ({
        file: f.file,
        runbookIds: [...f.runbookIds],
        problems: f.problems.map((p) => ({ ...p })),
        usingLastGood: f.usingLastGood,
      })),
    };
  }

  function incidentsState(c: IdentityContext | undefined): IncidentsState {
    return { incidents: c ? c.incidents.get().incidents.map((i) => ({ ...i, timeline: [...i.timeline] })) : [] };
  }

  function publishRunbooks(): void {
    const state = runbooksState();
    if (runbooksSent.changed(state)) deps.hub.emit({ type: 'runbooks.changed', state });
  }

  function publishIncidents(): void {
    const state = incidentsState(ctx);
    if (incidentsSent.changed(state)) deps.hub.emit({ type: 'incidents.changed', state });
  }

  /**
   * Upserts for changed items and removals for items no longer listed; `pending` rides along. Only the views of
   * items marked changed (and of newly listed ones) are built and compared, so a broadcast's hundreds of state
   * changes do not each serialise the whole outbox.
   */
  function publishOutbox(): void {
    const c = ctx;
    const listed = c ? listedItems(c) : [];
    const now = clock.now();
    const candidates = c
      ? listed.filter((i) => outboxDirty.has(i.id) || !outboxSent.has(i.id)).map((i) => itemView(i, now, c.undone))
      : [];
    outboxDirty.clear();
    const pending = c?.outbox.pendingCount() ?? 0;
    const { upserts, removed } = outboxSent.diffSome(
      listed.map((i) => i.id),
      candidates,
    );
    if (upserts.length > 0) deps.hub.emit({ type: 'outbox.upsert', items: upserts, pending });
    if (removed.length > 0) deps.hub.emit({ type: 'outbox.remove', ids: removed, pending });
  }

  /** Another identity (or none): the window gets its outbox and incidents whole. */
  function resetSlices(): void {
    const state = outboxState(ctx);
    outboxDirty.clear();
    outboxSent.reset(state.items);
    deps.hub.emit({ type: 'outbox.reset', state });
    publishIncidents();
  }

  /**
   * Upload progress is not a state change: published at most every PROGRESS_PUBLISH_MS (the first report at once),
   * and at once when the whole file has been read (then the item waits for the server's answer).
   */
  function publishProgress(c: IdentityContext, item: OutboxItem): void {
    if (c !== ctx) return;
    outboxDirty.add(item.id);
    const complete = item.upload !== undefined && item.upload.sentBytes >= item.upload.totalBytes;
    if (complete) {
      c.progressTimer?.abort();
      c.progressTimer = undefined;
    }
    if (c.progressTimer) return;
    const wait = c.progressPublishedAt + PROGRESS_PUBLISH_MS - clock.now();
    if (wait <= 0 || complete) {
      c.progressPublishedAt = clock.now();
      publishOutbox();
      return;
    }
    const controller = new AbortController();
    c.progressTimer = controller;
    clock.sleep(wait, controller.signal).then(
      () => {
        c.progressTimer = undefined;
        if (c !== ctx) return;
        c.progressPublishedAt = clock.now();
        publishOutbox();
      },
      () => undefined,
    );
  }

  function reportProblems(snap: LibrarySnapshot): void {
    const now = new Set<string>();
    for (const f of snap.files) {
      const id = `runbooks-${f.file.replace(/[^A-Za-z0-9._-]/g, '_')}`;
      const p = f.problems[0];
      if (!p) continue;
      now.add(id);
      const more = f.problems.length > 1 ? ` (+${f.problems.length - 1} more)` : '';
      const kept = f.usingLastGood ? ' The last good version of this file stays active.' : '';
      deps.setWarning(
        id,
        `${p.file} ${p.line}:${p.column}${p.path ? ` — ${p.path}` : ''}: ${p.message}${more}.${kept}`,
      );
    }
    for (const id of warned) if (!now.has(id)) deps.setWarning(id, undefined);
    warned.clear();
    for (const id of now) warned.add(id);
  }

  /**
   * The chosen file goes with the message (its record from the journal when the item has one). A file that is gone,
   * swapped, changed, unknown or too large is refused before any request: `delivery: 'notSent'`, so the item fails with those words instead of being read back.
   */
  function uploadFor(active: ActiveSession, upload: UploadPicked): NonNullable<OutboxSender['upload']> {
    return async (file, body, signal, onProgress) => {
      try {
        return await upload(
          active,
          file,
          {
            roomId: body.roomId ?? '',
            ...(body.markdown !== undefined ? { markdown: body.markdown } : {}),
            ...(body.parentId !== undefined ? { parentId: body.parentId } : {}),
          },
          { signal, ...(onProgress ? { onProgress } : {}) },
        );
      } catch (e) {
        if (e instanceof AppFailure && e.delivery === undefined && (e.kind === 'notFound' || e.kind === 'invalidInput'))
          throw new AppFailure(e.kind, e.message, { delivery: 'notSent', ...(e.issues ? { issues: e.issues } : {}) });
        throw e;
      }
    };
  }

  function senderFor(active: ActiveSession): OutboxSender {
    return {
      me: { id: active.me.id, type: active.me.type },
      create: (body, signal) => active.client.messages.create(body, { signal }),
      list: (query) => active.client.messages.list(query),
      ...(deps.uploadPicked ? { upload: uploadFor(active, deps.uploadPicked) } : {}),
    };
  }

  function audit(c: IdentityContext, item: OutboxItem, outcome: AuditOutcome, extra: Partial<AuditRow> = {}): void {
    const row: AuditRow = {
      at: iso(clock.now()),
      identityId: c.active.identity.id,
      identityEmail: c.active.identity.email,
      ...postedAs(item, c.active),
      itemId: item.id,
      roomId: item.roomId,
      roomTitle: item.roomTitle,
      textSha256: sha256Hex(item.markdown),
      confirmed: item.origin.confirmed,
      outcome,
      ...extra,
    };
    if (item.origin.runbookId) row.runbookId = item.origin.runbookId;
    if (item.origin.runbookSha256) row.runbookSha256 = item.origin.runbookSha256;
    if (item.origin.variables) row.variables = item.origin.variables;
    if (item.origin.source) row.source = item.origin.source;
    c.audit.append(row).catch((e: unknown) => logger.error('audit row lost', { error: e }));
  }

  function onOutcome(c: IdentityContext, item: OutboxItem, o: OutboxOutcome): void {
    switch (o.type) {
      case 'sent':
        audit(c, item, o.via === 'operator' ? 'markedSent' : 'sent', o.messageId ? { messageId: o.messageId } : {});
        if (item.origin.incidentId) recordTimeline(c, item, o.messageId);
        break;
      case 'unknown':
        audit(c, item, 'unknown', { detail: o.reason });
        break;
      case 'needsOperator':
        audit(c, item, 'needsOperator', { detail: o.reason });
        break;
      case 'failed':
        audit(c, item, 'failed', {
          errorKind: o.kind,
          ...(o.trackingId ? { trackingId: o.trackingId } : {}),
          detail: o.message,
        });
        break;
      case 'discarded':
        audit(c, item, 'discarded');
        break;
      case 'requeued':
        audit(c, item, 'requeued');
        break;
    }
  }

  function recordTimeline(c: IdentityContext, item: OutboxItem, messageId: string | undefined): void {
    const incidentId = item.origin.incidentId;
    c.incidents.update((doc) => ({
      incidents: doc.incidents.map((inc) => {
        if (inc.id !== incidentId) return inc;
        const entry: IncidentView['timeline'][number] = {
          at: iso(clock.now()),
          runbookId: item.origin.runbookId ?? '',
          roomTitle: item.roomTitle,
          markdown: item.markdown,
          ...(messageId ? { messageId } : {}),
        };
        const next: IncidentView = { ...inc, timeline: [...inc.timeline, entry] };
        if (!next.closedAt && item.origin.runbookId) {
          next.nextUpdateDue = iso(clock.now() + next.updateEveryMinutes * 60_000);
        }
        if (next.closedAt) next.timelineMarkdown = timelineMarkdown(next);
        return next;
      }),
    }));
    if (c === ctx) publishIncidents();
    scheduleDue(c);
  }

  function scheduleDue(c: IdentityContext): void {
    c.dueTimer?.abort();
    const open = c.incidents.get().incidents.filter((i) => !i.closedAt && i.nextUpdateDue);
    const next = open
      .filter((i) => !c.notified.has(`${i.id}|${i.nextUpdateDue}`))
      .sort((a, b) => Date.parse(a.nextUpdateDue ?? '') - Date.parse(b.nextUpdateDue ?? ''))[0];
    if (!next?.nextUpdateDue) return;
    const controller = new AbortController();
    c.dueTimer = controller;
    const dueAt = Date.parse(next.nextUpdateDue);
    clock.sleep(Math.max(0, dueAt - clock.now()), controller.signal).then(
      () => {
        c.notified.add(`${next.id}|${next.nextUpdateDue}`);
        deps.notifier.show(
          {
            id: `incident-due-${next.id}`,
            title: `Incident update due: ${next.title}`,
            body: `${next.severity} ${next.service} — the next update was due at ${next.nextUpdateDue}.`,
            roomId: next.roomId,
            critical: false,
          },
          () => undefined,
        );
        scheduleDue(c);
      },
      () => undefined,
    );
  }

  async function openContext(active: ActiveSession): Promise<IdentityContext> {
    const dir = active.dir;
    const incidents = await store.open(incidentsDocSpec(dir));
    const targets = await store.open({
      file: `${dir}/runbook-targets.json`,
      schemaVersion: 1,
      schema: acceptedTargetsSchema,
      defaults: (): AcceptedTargets => ({ lists: {} }),
    });
    const c: IdentityContext = {
      active,
      incidents,
      targets,
      audit: new AuditLog({ dir: path.join(store.dataDir, dir), logger, now: () => clock.now() }),
      undone: new Set(),
      roomCache: new Map(),
      notified: new Set(),
      progressPublishedAt: Number.NEGATIVE_INFINITY,
      ready: Promise.resolve(),
      outbox: undefined as unknown as Outbox,
    };
    c.outbox = new Outbox({
      journal: store.journal(`${dir}/outbox.jsonl`, outboxRecordSchema),
      // The journal is compacted as it grows (docs/outbox.md “Compaction”).
      compactor: createJournalCompactor({
        fs: createNodeStoreFs(),
        file: path.join(store.dataDir, dir, 'outbox.jsonl'),
      }),
      clock,
      logger: logger.child({ component: 'outbox' }),
      // An item posted as another saved identity goes out (and is read back) with that identity's client.
      sender: (item) =>
        item.origin.postAs !== undefined && item.origin.postAs !== c.active.identity.id
          ? postAsSender(deps.session, item)
          : senderFor(c.active),
      ...(deps.outbox ?? {}),
      onOutcome: (item, o) => onOutcome(c, item, o),
      onChange: (item) => {
        if (c !== ctx) return;
        outboxDirty.add(item.id);
        publishOutbox();
      },
      onProgress: (item) => publishProgress(c, item),
      // Closed items the journal compaction dropped leave the window's list too.
      onCompacted: () => {
        if (c === ctx) publishOutbox();
      },
    });
    c.ready = c.outbox
      .start()
      .catch((e: unknown) => logger.error('outbox start failed', { error: e }))
      // The journal's items were folded without a change each: the window gets them now.
      .then(() => {
        if (c === ctx) publishOutbox();
      });
    scheduleDue(c);
    return c;
  }

  let switching: Promise<void> = Promise.resolve();
  function onSession(active: ActiveSession | undefined): void {
    switching = switching.then(async () => {
      if (ctx && active && ctx.active.identity.id === active.identity.id) {
        ctx.active = active;
        return;
      }
      const old = ctx;
      ctx = undefined;
      if (old) {
        old.dueTimer?.abort();
        old.progressTimer?.abort();
        await old.outbox.dispose();
      }
      if (active) {
        try {
          ctx = await openContext(active);
        } catch (e) {
          logger.error('opening the runbook context failed', { error: e });
        }
      }
      resetSlices();
    });
  }

  async function current(): Promise<IdentityContext> {
    await switching;
    if (!ctx) throw new AppFailure('notSignedIn', 'Sign in to run runbooks.');
    await ctx.ready;
    return ctx;
  }

  // --- planning: variables, targets, rendering --------------------------------------------------------------

  interface Plan {
    rb: LoadedRunbook;
    preview: RunbookPreview;
    items: { target: RunbookTargetView; markdown: string }[];
    incident?: IncidentView;
    listSet?: { name: string; ids: string[] };
    /** Who posts the items (empty: the operator). */
    postAs: PostAsOrigin;
    /** A thread runbook started from a message: the thread its reply goes to. */
    thread?: ThreadParent;
  }

  async function roomInfo(c: IdentityContext, roomId: string): Promise<RoomInfo> {
    const client = c.active.client;
    const room = await client.rooms.get(roomId);
    const target: RunbookTargetView = { roomId: room.id, title: room.title, external: false };
    let moderator = false;
    try {
      let count = 0;
      let external = false;
      for await (const m of client.memberships.list({ roomId }, { limit: 1000 })) {
        count += 1;
        if (m.personOrgId && c.active.me.orgId && m.personOrgId !== c.active.me.orgId) external = true;
        if (m.personId === c.active.me.id && m.isModerator) moderator = true;
      }
      target.memberCount = count;
      target.external = external;
      deps.noteExternal?.(c.active.identity.id, room.id, external);
    } catch (e) {
      logger.warn('could not count members', { error: e });
    }
    return { room, target, moderator };
  }

  async function plan(input: RunbookRunInput): Promise<Plan> {
    const c = await current();
    const rb = library.get(input.runbookId);
    if (!rb) throw new AppFailure('notFound', `No runbook "${input.runbookId}".`);
    const spec = rb.spec;
    const problems: AppErrorIssue[] = [];

    // Incident
    let incident: IncidentView | undefined;
    if (spec.kind === 'incident-update' || spec.kind === 'incident-close') {
      if (!input.incidentId)
        throw invalid('This runbook needs an open incident.', [{ path: 'incidentId', message: 'required' }]);
      incident = c.incidents.get().incidents.find((i) => i.id === input.incidentId);
      if (!incident) throw new AppFailure('notFound', 'No such incident.');
      if (incident.closedAt) throw invalid('The incident is closed.', [{ path: 'incidentId', message: 'closed' }]);
    } else if (input.incidentId) {
      throw invalid('This runbook does not take an incident.', [{ path: 'incidentId', message: 'not expected' }]);
    }

    // Variables
    const values: Record<string, string> = Object.create(null) as Record<string, string>;
    const raw: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const name of Object.keys(input.variables)) {
      if (!Object.hasOwn(spec.variables, name))
        problems.push({ path: `variables.${name}`, message: 'not a variable of this runbook' });
    }
    for (const [name, v] of Object.entries(spec.variables)) {
      const value = (Object.hasOwn(input.variables, name) ? input.variables[name] : undefined) ?? v.default ?? '';
      raw[name] = value;
      if (value.trim() === '') {
        if (v.required) problems.push({ path: `variables.${name}`, message: 'required' });
        values[name] = '';
        continue;
      }
      if (v.choices && !v.choices.includes(value)) {
        problems.push({ path: `variables.${name}`, message: `must be one of ${v.choices.join(', ')}` });
        continue;
      }
      if (v.pattern !== undefined && !new RegExp(`^(?:${v.pattern})$`, 'u').test(value)) {
        problems.push({ path: `variables.${name}`, message: `does not match ${v.pattern}` });
        continue;
      }
      const r = renderValue(v.kind, value);
      if (!r.ok) problems.push({ path: `variables.${name}`, message: r.message });
      else values[name] = r.rendered;
    }

    // Who posts: the operator, or another saved identity (its client held by the session service in main).
    const postAs = await planPostAs(deps.session, c.active, spec.postAs);
    if (!postAs.ok) problems.push({ path: 'postAs', message: postAs.problem });

    // Targets
    let targetIds: string[] = [];
    let listSet: Plan['listSet'];
    let targetChange: RunbookPreview['targetChange'];
    if (spec.kind === 'incident-open') {
      if (!input.roomId)
        throw invalid('Open a space first: the incident belongs to it.', [{ path: 'roomId', message: 'required' }]);
      targetIds = [input.roomId];
    } else if (spec.targets === 'open') {
      if (!input.roomId) throw invalid('Open a space first.', [{ path: 'roomId', message: 'required' }]);
      targetIds = [input.roomId];
    } else if (spec.targets === 'incident') {
      targetIds = [incident?.roomId ?? ''];
    } else {
      const list = rb.list;
      if (!list) throw new AppFailure('notFound', `No target list "${spec.targets.list}".`);
      if ('spaces' in list.spec) {
        targetIds = [...list.spec.spaces];
      } else {
        const re = new RegExp(list.spec.titlePattern, 'iu');
        const rooms = await c.active.client.rooms.list({ type: 'group' }).toArray();
        targetIds = rooms
          .filter((r) => re.test(r.title))
          .map((r) => r.id)
          .sort();
        const accepted = c.targets.get().lists[list.name];
        const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
        const acceptedNow = input.acceptTargets ? [...input.acceptTargets].sort() : undefined;
        if (!accepted || !same(accepted, targetIds)) {
          if (!acceptedNow || !same(acceptedNow, targetIds)) {
            const titles = new Map(rooms.map((r) => [r.id, r.title]));
            const view = (id: string): RunbookTargetView => ({
              roomId: id,
              title: titles.get(id) ?? id,
              external: false,
            });
            targetChange = {
              added: targetIds.filter((x) => !(accepted ?? []).includes(x)).map(view),
              removed: (accepted ?? []).filter((x) => !targetIds.includes(x)).map(view),
            };
          }
          listSet = { name: list.name, ids: targetIds };
        }
      }
      if (targetIds.length === 0)
        problems.push({ path: 'targets', message: `the list "${list.name}" matches no space` });
    }

    // Thread replies: to the message the run was started from (any message), in the thread it belongs to.
    let thread: ThreadParent | undefined;
    if (spec.thread && input.parentId) {
      const t = await threadParent(c.active.client, input.parentId, targetIds);
      if (t.ok) thread = t.parent;
      else problems.push({ path: 'parentId', message: t.problem });
    }

    const infos = await mapLimited(targetIds, 4, async (id) => {
      const cached = c.roomCache.get(id);
      if (cached && clock.now() - cached.at < ROOM_INFO_TTL_MS) return cached.info;
      try {
        const info = await roomInfo(c, id);
        c.roomCache.set(id, { at: clock.now(), info });
        if (c.roomCache.size > 2000) c.roomCache.delete(c.roomCache.keys().next().value as string);
        return info;
      } catch (e) {
        if (e instanceof AppFailure && (e.kind === 'notFound' || e.kind === 'forbidden')) {
          throw new AppFailure('notFound', `A target space is not available (${e.kind}).`, {
            issues: [{ path: 'targets', message: id }],
          });
        }
        throw e;
      }
    });

    for (const info of infos) {
      if ((info.room.isLocked || info.room.isAnnouncementOnly) && !info.moderator) {
        const why = info.room.isLocked ? 'locked' : 'announcement-only';
        problems.push({ path: 'targets', message: `${info.room.title} is ${why}: only moderators can post there` });
      }
      if (info.room.isReadOnly) problems.push({ path: 'targets', message: `${info.room.title} is read-only` });
    }

    // Built-ins and rendering, per target (room.title differs)
    const now = clock.now();
    const me = c.active.me;
    const base: Record<string, string> = {
      'me.displayName': escapeMarkdownText(me.displayName),
      'me.email': escapeMarkdownText(me.emails[0] ?? c.active.identity.email),
      now: iso(now),
      date: iso(now).slice(0, 10),
    };
    if (spec.kind === 'incident-open') {
      const room = infos[0]?.room;
      incident = {
        id: randomUUID(),
        title: raw.title ?? '',
        severity: raw.severity ?? '',
        service: raw.service ?? '',
        roomId: room?.id ?? input.roomId ?? '',
        roomTitle: room?.title ?? '',
        openedBy: me.displayName,
        openedAt: iso(now),
        updateEveryMinutes: spec.updateEveryMinutes ?? DEFAULT_UPDATE_EVERY_MINUTES,
        timeline: [],
      };
    }
    if (incident) {
      base['incident.id'] = escapeMarkdownText(incident.id);
      base['incident.title'] = escapeMarkdownText(incident.title);
      base['incident.severity'] = escapeMarkdownText(incident.severity);
      base['incident.service'] = escapeMarkdownText(incident.service);
      base['incident.openedAt'] = incident.openedAt;
      base['incident.openedBy'] = escapeMarkdownText(incident.openedBy);
      base['incident.space'] = escapeMarkdownText(incident.roomTitle);
    }
    const items = infos.map(({ room, target }) => {
      const markdown = renderTemplate(rb.template, {
        values: { ...base, 'room.title': escapeMarkdownText(room.title), ...values },
      });
      return { target, markdown };
    });
    let bytes = 0;
    for (const it of items) {
      const b = byteLength(it.markdown);
      bytes = Math.max(bytes, b);
      if (b > MAX_MESSAGE_BYTES) {
        problems.push({
          path: 'template',
          message: `renders to ${b} bytes for ${it.target.title}; the limit is ${MAX_MESSAGE_BYTES}`,
        });
        break;
      }
    }
    if (items.some((it) => it.markdown.trim() === ''))
      problems.push({ path: 'template', message: 'renders to an empty message' });

    const targets = items.map((i) => i.target);
    const confirm = spec.confirm;
    const confirmRequired =
      confirm === 'always' ||
      (confirm === 'broadcast' && targets.length > 1) ||
      (typeof confirm === 'object' && targets.some((t) => (t.memberCount ?? Infinity) > confirm.membersOver));
    const preview: RunbookPreview = {
      runbookId: spec.id,
      markdown: items[0]?.markdown ?? '',
      bytes,
      maxBytes: MAX_MESSAGE_BYTES,
      targets,
      confirmRequired: confirmRequired || targets.length > TYPE_TO_CONFIRM_OVER,
      problems,
    };
    if (targets.length > TYPE_TO_CONFIRM_OVER) preview.typeToConfirm = targets.length;
    if (targetChange) preview.targetChange = targetChange;
    if (postAs.ok && postAs.origin.postAs !== undefined) {
      preview.postsAs = {
        displayName: postAs.displayName,
        email: postAs.origin.postedAsEmail ?? '',
        kind: postAs.origin.postedAsKind ?? 'person',
      };
    }
    const out: Plan = { rb, preview, items, postAs: postAs.ok ? postAs.origin : {} };
    if (thread) out.thread = thread;
    if (incident) out.incident = incident;
    if (listSet) out.listSet = listSet;
    return out;
  }

  async function run(input: RunbookRunInput): Promise<RunbookRunResult> {
    const p = await plan(input);
    const c = await current();
    const { preview, rb } = p;
    if (preview.problems.length > 0) throw invalid('The runbook cannot run as filled in.', preview.problems);
    if (preview.targetChange) {
      throw new AppFailure('conflict', 'The spaces of the target list changed; confirm the new set first.', {
        issues: [{ path: 'acceptTargets', message: 'confirm the changed target list' }],
      });
    }
    if (preview.confirmRequired && input.confirmed !== true) {
      throw invalid('This runbook must be confirmed.', [{ path: 'confirmed', message: 'required' }]);
    }
    if (preview.typeToConfirm !== undefined && input.typedCount !== preview.typeToConfirm) {
      throw invalid(`Type the number of spaces (${preview.typeToConfirm}) to confirm.`, [
        { path: 'typedCount', message: `must be ${preview.typeToConfirm}` },
      ]);
    }
    if (p.listSet) {
      const set = p.listSet;
      c.targets.update((d) => ({ lists: { ...d.lists, [set.name]: set.ids } }));
    }
    const now = clock.now();
    const batchId = randomUUID();
    let incidentId = p.incident?.id;
    if (rb.spec.kind === 'incident-open' && p.incident) {
      const created: IncidentView = { ...p.incident, nextUpdateDue: iso(now + p.incident.updateEveryMinutes * 60_000) };
      c.incidents.update((d) => ({ incidents: [...d.incidents, created] }));
      incidentId = created.id;
      publishIncidents();
    }
    const variables: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, spec] of Object.entries(rb.spec.variables)) {
      const v = (Object.hasOwn(input.variables, name) ? input.variables[name] : undefined) ?? spec.default;
      if (v !== undefined) variables[name] = v;
    }
    const inits: OutboxItemInit[] = p.items.map(({ target, markdown }) => {
      const init: OutboxItemInit = {
        id: randomUUID(),
        roomId: target.roomId,
        roomTitle: target.title,
        markdown,
        queuedAt: iso(now),
        expiresAt: iso(now + rb.spec.ttlMinutes * 60_000),
        origin: {
          runbookId: rb.spec.id,
          runbookSha256: rb.sha256,
          runbookLabel: rb.spec.label,
          batchId,
          variables,
          confirmed: input.confirmed === true,
          ...(incidentId ? { incidentId } : {}),
          ...p.postAs,
        },
      };
      if (p.thread && target.roomId === p.thread.roomId) init.parentId = p.thread.parentId;
      return init;
    });
    const items = await c.outbox.enqueue(inits);
    if (rb.spec.kind === 'incident-close' && incidentId) {
      c.incidents.update((d) => ({
        incidents: d.incidents.map((i) => {
          if (i.id !== incidentId) return i;
          const { nextUpdateDue: _due, ...rest } = i;
          const closed: IncidentView = { ...rest, closedAt: iso(now) };
          return { ...closed, timelineMarkdown: timelineMarkdown(closed) };
        }),
      }));
      publishIncidents();
      scheduleDue(c);
    }
    logger.info('runbook queued', { runbookId: rb.spec.id, targets: items.length });
    const result: RunbookRunResult = { batchId, itemIds: items.map((i) => i.id) };
    if (incidentId) result.incidentId = incidentId;
    return result;
  }

  /** The items the window lists: every open one, and the newest closed ones. */
  function listedItems(c: IdentityContext): OutboxItem[] {
    const all = c.outbox.list();
    const open = all.filter((i) => i.state.type !== 'sent' && i.state.type !== 'discarded');
    // A broadcast's results stay listed while its runner shows them: recent closed items are all kept.
    const recent = iso(clock.now() - CLOSED_RECENT_MS);
    const closed = all
      .filter((i) => i.state.type === 'sent' || i.state.type === 'discarded')
      .sort((a, b) => (a.queuedAt < b.queuedAt ? 1 : -1))
      .filter((i, n) => n < CLOSED_KEPT_MAX && (n < CLOSED_KEPT || i.queuedAt >= recent));
    return [...open, ...closed];
  }

  function outboxState(c: IdentityContext | undefined): OutboxState {
    if (!c) return { items: [], pending: 0 };
    const now = clock.now();
    return { items: listedItems(c).map((i) => itemView(i, now, c.undone)), pending: c.outbox.pendingCount() };
  }

  const handlers: Pick<Handlers, RunbookChannel> = {
    'runbooks.snapshot': async () => snapshotOf(deps.hub, runbooksState),
    'runbooks.preview': async (input) => (await plan(input)).preview,
    'runbooks.run': (input) => run(input),
    'runbooks.revealFolder': async () => {
      if (!deps.revealPath) return { revealed: false };
      await deps.revealPath(library.folder);
      return { revealed: true };
    },
    // Not waiting for the outbox to start (reconciling may read spaces back): what it loads arrives as events.
    'outbox.snapshot': async () => {
      await switching;
      return snapshotOf(deps.hub, () => outboxState(ctx));
    },
    'outbox.resolve': async ({ itemId, action }) => {
      const c = await current();
      const item = c.outbox.get(itemId);
      if (!item) throw new AppFailure('notFound', 'No such outbox item.');
      const ttl = Math.max(60_000, Date.parse(item.expiresAt) - Date.parse(item.queuedAt));
      const done = await c.outbox.resolve(itemId, action, ttl);
      return itemView(done, clock.now(), c.undone);
    },
    'audit.query': async (q) => {
      const c = await current();
      const { rows, truncated } = await c.audit.query(q);
      return { rows: rows.map(({ identityId: _id, postedAsId: _p, ...rest }) => rest), truncated };
    },
    'audit.exportCsv': async (q) => {
      const c = await current();
      const { rows } = await c.audit.query(q, Number.MAX_SAFE_INTEGER);
      if (!deps.saveTextFile) return { saved: false, rows: 0 };
      const saved = await deps.saveTextFile({
        title: 'Export audit log',
        defaultName: `audit-${iso(clock.now()).slice(0, 10)}.csv`,
        content: toCsv(rows),
      });
      return { saved, rows: saved ? rows.length : 0 };
    },
    'audit.undo': async ({ itemId }) => {
      const c = await current();
      const item = c.outbox.get(itemId);
      if (!item) throw new AppFailure('notFound', 'No such outbox item.');
      const st = item.state;
      if (st.type !== 'sent' || !st.messageId) throw new AppFailure('conflict', 'Only a posted message can be undone.');
      if (c.undone.has(itemId)) throw new AppFailure('conflict', 'This message was already undone.');
      if (clock.now() - Date.parse(st.at) > UNDO_WINDOW_MS) {
        throw new AppFailure(
          'conflict',
          'Undo is only possible within 5 minutes; post a correction in the thread instead.',
        );
      }
      try {
        // A message posted as another identity is deleted by that identity (Webex lets people delete their own).
        const client =
          item.origin.postAs !== undefined && item.origin.postAs !== c.active.identity.id
            ? await postingClient(deps.session, item.origin.postAs)
            : c.active.client;
        await client.messages.delete(st.messageId);
      } catch (e) {
        audit(c, item, 'undoFailed', {
          messageId: st.messageId,
          ...(e instanceof AppFailure
            ? { errorKind: e.kind, ...(e.trackingId ? { trackingId: e.trackingId } : {}) }
            : {}),
        });
        throw e;
      }
      c.undone.add(itemId);
      if (c === ctx) {
        outboxDirty.add(itemId);
        publishOutbox();
      }
      audit(c, item, 'undone', { messageId: st.messageId });
      deps.onMessageDeleted?.(item.roomId, st.messageId);
      return itemView(item, clock.now(), c.undone);
    },
    'composer.send': async (input) => {
      const c = await current();
      const pickedRecord = deps.pickedRecord;
      const item = await composerSend(
        {
          outbox: c.outbox,
          now: () => clock.now(),
          roomTitle: async (roomId) => {
            const cached = c.roomCache.get(roomId);
            if (cached && clock.now() - cached.at < ROOM_INFO_TTL_MS) return cached.info.room.title;
            return (await c.active.client.rooms.get(roomId)).title;
          },
          clearDraft: async (roomId, parentId) => deps.clearDraft?.(c.active, roomId, parentId),
          ...(pickedRecord
            ? { pickedRecord: (roomId: string, fileId: string) => pickedRecord(c.active, roomId, fileId) }
            : {}),
          onDraftError: (e) => logger.warn('clearing a sent draft failed', { error: e }),
        },
        input,
      );
      return itemView(item, clock.now(), c.undone);
    },
    'incidents.snapshot': async () => {
      await switching;
      return snapshotOf(deps.hub, () => incidentsState(ctx));
    },
  };

  let unsubscribe: (() => void) | undefined;
  // Saved identities signed in or out, added or forgotten: a runbook's postAs may have become (un)usable.
  const stopSessionState = deps.sessionState?.onChange(() => publishRunbooks());
  return {
    handlers,
    async start() {
      await library.start();
      unsubscribe = deps.session.onChange(onSession);
      onSession(deps.session.current());
      await switching;
    },
    outbox: () => ctx?.outbox,
    pendingCount: () => ctx?.outbox.pendingCount() ?? 0,
    async dispose() {
      unsubscribe?.();
      stopSessionState?.();
      await switching;
      ctx?.dueTimer?.abort();
      ctx?.progressTimer?.abort();
      await ctx?.outbox.dispose();
      await library.dispose();
    },
  };
}
