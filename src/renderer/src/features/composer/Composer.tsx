import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ContractError, MessageView, PickedFileView } from '../../../../shared/contract/channels';
import { useBridge, useCommands } from '../../bridge-context';
import { useOps } from '../../store/store';
import { MessageBody } from '../messages/MessageBody';
import { ComposerSends } from './ComposerSends';
import {
  byteLength,
  composerItemsFor,
  DRAFT_SAVE_DELAY_MS,
  errorLine,
  keyAction,
  MAX_MESSAGE_BYTES,
  hasMentions,
  insertMention,
  matchMembers,
  mentionedEmails,
  mentionQueryAt,
  refusalOf,
  spaceGoneLine,
  spaceJustChanged,
} from './logic';
import { useComposerOutbox } from './useComposerOutbox';
import { PaperclipIcon } from './PaperclipIcon';
import './composer.css';

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Sent items a composer keeps showing (the newest); failed and unknown ones are always shown. */
const SENT_SHOWN = 3;

export interface ComposerProps {
  roomId: string;
  /** Replying in this thread (the thread panel's composer). */
  parentId?: string;
  /** The time, for the space-changed guard (tests pass their own). */
  now?: () => number;
}

/**
 * Writes a message to the open space (or a thread): markdown, Enter sends, Shift+Enter is a new line, a byte counter
 * that refuses over 7,439 bytes, a preview, the space and who posts above the box. Every message leaves through
 * the outbox (`composer.send`, docs/outbox.md) and its state is shown until acknowledged. The space's draft is kept
 * in main (`drafts.get/set`); the thread composer keeps none (one draft per space).
 */
export function Composer({ roomId, parentId, now = Date.now }: ComposerProps) {
  const ops = useBridge();
  const commands = useCommands();
  const room = useOps((s) => s.rooms.byId.get(roomId));
  const me = useOps((s) => s.session?.active);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState(false);
  const [error, setError] = useState<ContractError | string>();
  const [confirming, setConfirming] = useState(false);
  /** The space's members as last read through the command layer (the members panel re-reads after a change). */
  const members = useOps((s) => s.members.get(roomId));
  /** Mentions of people who are not members (main's words), with the addresses among them: asked before sending. */
  const [strangers, setStrangers] = useState<{ message: string; emails: string[] }>();
  /** The checks before queueing are running (a second Enter waits for them). */
  const checking = useRef(false);
  /** A file chosen in main's dialog, sent with the next message (kept with the space's draft in main). */
  const [file, setFileState] = useState<PickedFileView>();
  const fileRef = useRef<PickedFileView | undefined>(undefined);
  const setFile = (next: PickedFileView | undefined): void => {
    fileRef.current = next;
    setFileState(next);
  };
  /** The caret in the box (the mention list follows the `@word` before it). */
  const [caret, setCaret] = useState(0);
  const [mentionIndex, setMentionIndex] = useState(0);
  /** Where the `@` is of a mention list the operator closed with Esc. */
  const [mentionClosed, setMentionClosed] = useState<number>();
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const caretAfter = useRef<number | undefined>(undefined);
  const [shown, setShown] = useState<readonly string[]>([]);
  const outbox = useComposerOutbox();
  const changedAt = useRef<number | undefined>(undefined);
  /** The text as last typed or set (read by answers that arrive later: a loaded draft, a finished send). */
  const textRef = useRef(text);
  const changeText = (value: string): void => {
    textRef.current = value;
    setText(value);
  };
  // Another space or thread: nothing typed for the previous one is shown here.
  const place = `${roomId}|${parentId ?? ''}`;
  const [placeShown, setPlaceShown] = useState(place);
  if (placeShown !== place) {
    setPlaceShown(place);
    setText('');
    setError(undefined);
    setConfirming(false);
    setStrangers(undefined);
    setFileState(undefined); // fileRef follows in the place's effect below
  }
  /** A draft save waiting for typing to pause. */
  const pendingSave = useRef<
    { roomId: string; markdown: string; fileId: string | undefined; timer: ReturnType<typeof setTimeout> } | undefined
  >(undefined);
  const keepsDraft = parentId === undefined;
  const title = room?.title ?? 'this space';
  const sending = useOps((s) => s.commands.get(`composer.send:${roomId}`)?.status === 'pending');

  /** Saves the space's draft in main with the file chosen for it, if any (main keeps where the file is). */
  const saveDraft = (target: string, markdown: string, fileId: string | undefined): void => {
    void commands.run(
      `drafts.set:${target}`,
      'Save the draft',
      () => ops.drafts.set({ roomId: target, markdown, ...(fileId !== undefined ? { fileId } : {}) }),
      { toast: false },
    );
  };
  const flushDraft = (): void => {
    const p = pendingSave.current;
    if (!p) return;
    clearTimeout(p.timer);
    pendingSave.current = undefined;
    saveDraft(p.roomId, p.markdown, p.fileId);
  };
  const cancelDraftSave = (): void => {
    if (pendingSave.current) clearTimeout(pendingSave.current.timer);
    pendingSave.current = undefined;
  };

  // A new space: note when (the space-changed guard), load its draft and its members.
  useEffect(() => {
    // The guard is about the open space changing; a thread's composer opens on purpose, in the same space.
    changedAt.current = parentId === undefined ? now() : undefined;
    textRef.current = '';
    fileRef.current = undefined;
    let current = true;
    if (keepsDraft) {
      void commands
        .run(`drafts.get:${roomId}`, 'Load the draft', () => ops.drafts.get({ roomId }), { toast: false })
        .then((r) => {
          if (!current || !r.ok) return;
          if (r.value.markdown !== '' && textRef.current === '') changeText(r.value.markdown);
          // The file kept with the draft (main checks it again before sending).
          if ('file' in r.value && r.value.file && fileRef.current === undefined) setFile(r.value.file);
        });
    }
    void commands.readMembers(roomId);
    return () => {
      current = false;
      // Leaving the space: its draft is saved now, not lost with the timer.
      flushDraft();
    };
    // Only when the place changes; the helpers are fresh closures each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [roomId, parentId]);

  const onChange = (value: string): void => {
    changeText(value);
    setError(undefined);
    setStrangers(undefined);
    if (!keepsDraft) return;
    cancelDraftSave();
    const fileId = fileRef.current?.fileId;
    const timer = setTimeout(() => {
      pendingSave.current = undefined;
      saveDraft(roomId, value, fileId);
    }, DRAFT_SAVE_DELAY_MS);
    pendingSave.current = { roomId, markdown: value, fileId, timer };
  };

  /** The chosen file changed: the draft in main follows at once (it survives a restart with its file). */
  const changeFile = (next: PickedFileView | undefined): void => {
    setFile(next);
    if (!keepsDraft) return;
    cancelDraftSave();
    saveDraft(roomId, textRef.current, next?.fileId);
  };

  const bytes = byteLength(text);
  const textRefusal = refusalOf(text);
  // A file may go without text.
  const refusal = textRefusal === 'empty' && file ? undefined : textRefusal;

  const chooseFile = async (): Promise<void> => {
    const r = await commands.run(`composer.pickFile:${place}`, 'Choose a file', () => ops.composer.pickFile(), {
      toast: false,
    });
    if (!r.ok) setError(r.error);
    else if (r.value.picked) {
      changeFile(r.value.file);
      setError(undefined);
    }
  };

  /**
   * What main must say before anything is queued (nothing is lost when it refuses: the text and the draft stay):
   * the chosen file is still the one chosen, and every mention names a member. A refusal is shown; false then.
   */
  const checkBeforeQueueing = async (markdown: string, fileId: string | undefined): Promise<boolean> => {
    if (fileId !== undefined) {
      const r = await commands.run(
        `composer.checkFile:${place}`,
        'Check the chosen file',
        () => ops.composer.checkFile({ roomId, fileId }),
        { toast: false },
      );
      if (!r.ok) {
        // Main's own words about the file (gone, changed, swapped): they name it and say what to do.
        setError(r.error.kind === 'notFound' || r.error.kind === 'invalidInput' ? r.error.message : r.error);
        return false;
      }
    }
    if (hasMentions(markdown)) {
      const r = await commands.run(
        `composer.checkMentions:${place}`,
        'Check the mentions',
        () => ops.composer.checkMentions({ roomId, markdown }),
        { toast: false },
      );
      if (!r.ok && r.error.kind === 'invalidInput') {
        const known = new Set((members?.members ?? []).map((m) => m.email.toLowerCase()));
        const emails = mentionedEmails(markdown).filter((e) => !known.has(e.toLowerCase()));
        // "Add them" only when every one of them is an address (a person id mention cannot be added from here).
        const addable = emails.length > 0 && emails.length >= (r.error.issues?.length ?? 0);
        setStrangers({ message: r.error.message, emails: addable ? emails : [] });
        return false;
      }
      // A space deleted while composing is said now; a check that could not run (offline) does not hold the send
      // back: the outbox says what happens to it.
      if (!r.ok && r.error.kind === 'notFound') {
        setError(spaceGoneLine(title, r.error));
        return false;
      }
    }
    return true;
  };

  const send = async (options: { checked?: boolean } = {}): Promise<void> => {
    if (checking.current) return;
    setConfirming(false);
    setStrangers(undefined);
    const markdown = text;
    const fileId = file?.fileId;
    if (!options.checked) {
      checking.current = true;
      try {
        if (!(await checkBeforeQueueing(markdown, fileId))) return;
      } finally {
        checking.current = false;
      }
    }
    cancelDraftSave();
    const r = await commands.run(
      `composer.send:${roomId}`,
      `Send to ${title}`,
      () =>
        ops.composer.send({
          roomId,
          markdown,
          ...(parentId !== undefined ? { parentId } : {}),
          ...(fileId !== undefined ? { fileId } : {}),
        }),
      { toast: false },
    );
    if (!r.ok) {
      setError(r.error.kind === 'notFound' ? spaceGoneLine(title, r.error) : r.error);
      return;
    }
    outbox.merge(r.value);
    if (fileId !== undefined && fileRef.current?.fileId === fileId) setFile(undefined);
    setShown((ids) => [...ids, r.value.id].slice(-SENT_SHOWN));
    // Only when nothing new was typed meanwhile.
    if (textRef.current === markdown) changeText('');
    setPreview(false);
  };

  /** "Add them and send": the mentioned addresses that are not members are added (each outcome said), then it goes. */
  const addStrangersAndSend = async (emails: string[]): Promise<void> => {
    const r = await commands.run(
      `members.add:${roomId}`,
      `Add people to ${title}`,
      () => ops.members.add({ roomId, emails }),
      { toast: false },
    );
    if (!r.ok) {
      setError(r.error);
      return;
    }
    void commands.readMembers(roomId);
    const failed = r.value.results.flatMap((x) => (x.status === 'failed' ? [`${x.email}: ${errorLine(x.error)}`] : []));
    if (failed.length > 0) {
      setStrangers(undefined);
      setError(`Not added, nothing sent — ${failed.join('; ')}`);
      return;
    }
    await send({ checked: true });
  };

  const trySend = (): void => {
    if (sending) return;
    if (refusal === 'empty') return;
    if (refusal === 'tooLong') {
      setError(`The message is ${bytes} bytes; Webex accepts at most ${MAX_MESSAGE_BYTES}. Shorten it or split it.`);
      return;
    }
    if (spaceJustChanged(changedAt.current, now())) {
      setConfirming(true);
      return;
    }
    void send();
  };

  // Mention autocomplete: the `@word` before the caret offers the space's members (`<@personEmail:…|name>`).
  const mention = mentionQueryAt(text, caret);
  const choices =
    members && mention && mention.start !== mentionClosed ? matchMembers(members.members, mention.query) : [];
  const chosen = Math.min(mentionIndex, Math.max(0, choices.length - 1));
  const pickMention = (index: number): void => {
    const member = choices[index];
    if (!mention || !member) return;
    const next = insertMention(text, mention.start, caret, member);
    onChange(next.text);
    setCaret(next.caret);
    setMentionIndex(0);
    caretAfter.current = next.caret;
  };
  useLayoutEffect(() => {
    const at = caretAfter.current;
    if (at === undefined || !boxRef.current) return;
    caretAfter.current = undefined;
    boxRef.current.setSelectionRange(at, at);
    boxRef.current.focus();
  });

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (choices.length > 0 && !e.nativeEvent.isComposing) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setMentionIndex((chosen + step + choices.length) % choices.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        pickMention(chosen);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setMentionClosed(mention?.start);
        return;
      }
    }
    const action = keyAction({
      key: e.key,
      shiftKey: e.shiftKey,
      altKey: e.altKey,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
      isComposing: e.nativeEvent.isComposing,
    });
    if (action !== 'send') return;
    e.preventDefault();
    trySend();
  };

  const shownSet = useMemo(() => new Set(shown), [shown]);
  const items = composerItemsFor(outbox.items, roomId, parentId, shownSet);
  const previewMessage: MessageView = {
    id: 'composer-preview',
    roomId,
    personId: me?.personId ?? '',
    personEmail: me?.email ?? '',
    markdown: text,
    text,
    created: new Date(0).toISOString(),
    mentionsMe: false,
    mentionsAll: false,
    isMine: true,
    ruleMatches: [],
  };
  const errorText = errorLine(error);
  const label = parentId !== undefined ? `Reply in thread in ${title}` : `Message to ${title}`;

  return (
    <div className="composer" data-room-id={roomId} data-thread={parentId ?? undefined}>
      <ComposerSends
        items={items}
        onChanged={(item) => {
          if (item) outbox.merge(item);
        }}
        onDismiss={(id) => setShown((ids) => ids.filter((x) => x !== id))}
      />
      <div className="composer-target small" role="group" aria-label="Posting to">
        <span className="composer-room">
          {parentId !== undefined ? 'Reply in thread · ' : ''}
          {room?.type === 'direct' ? title : `# ${title}`}
        </span>
        {members ? (
          <span className="composer-members muted">
            {members.members.length === 1 ? '1 member' : `${members.members.length} members`}
          </span>
        ) : null}
        {members?.external ? (
          <span className="badge ext" title="People from other organisations are in this space">
            EXT
          </span>
        ) : null}
        {me ? (
          <span className="composer-who muted">
            as {me.displayName}
            {me.kind === 'bot' ? ' (bot)' : ''}
          </span>
        ) : null}
      </div>
      {confirming ? (
        <div className="composer-confirm" role="alertdialog" aria-label="The space just changed">
          <p>
            The open space just changed. Send this to <strong>{title}</strong>?
          </p>
          <button type="button" autoFocus onClick={() => void send()}>
            Send to {title}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      {strangers ? (
        <div className="composer-strangers" role="alert" aria-label="Not members of this space">
          <p>{strangers.message}</p>
          {strangers.emails.length > 0 ? (
            <button type="button" onClick={() => void addStrangersAndSend(strangers.emails)}>
              Add them and send
            </button>
          ) : null}
          <button type="button" onClick={() => void send({ checked: true })}>
            Send anyway
          </button>
          <button type="button" onClick={() => setStrangers(undefined)}>
            Cancel
          </button>
        </div>
      ) : null}
      {preview ? (
        <div className="composer-preview" role="region" aria-label="Preview">
          {text.trim() === '' ? (
            <p className="muted small">Nothing to preview.</p>
          ) : (
            <MessageBody message={previewMessage} />
          )}
        </div>
      ) : (
        <>
          {choices.length > 0 ? (
            <ul className="composer-mentions" role="listbox" id={`mentions-${place}`} aria-label="Mention someone">
              {choices.map((m, i) => (
                <li
                  key={m.personId}
                  role="option"
                  aria-selected={i === chosen}
                  className={i === chosen ? 'composer-mention-chosen' : undefined}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pickMention(i);
                  }}
                >
                  {m.displayName} <span className="muted">{m.email}</span>
                  {m.external ? <span className="badge ext">EXT</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <textarea
            ref={boxRef}
            className="composer-input"
            aria-label={label}
            aria-autocomplete="list"
            aria-controls={choices.length > 0 ? `mentions-${place}` : undefined}
            placeholder={`${label} — Enter sends, Shift+Enter new line, @ mentions`}
            value={text}
            rows={3}
            onChange={(e) => {
              onChange(e.target.value);
              setCaret(e.target.selectionStart);
              setMentionIndex(0);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
          />
        </>
      )}
      <div className="composer-footer small">
        <span
          className={`composer-bytes${bytes > MAX_MESSAGE_BYTES ? ' composer-bytes-over' : ''}`}
          data-over={bytes > MAX_MESSAGE_BYTES}
          role="note"
          aria-label="Size"
        >
          {bytes}/{MAX_MESSAGE_BYTES} B
        </span>
        {errorText ? (
          <span className="composer-error" role="alert">
            {errorText}
          </span>
        ) : null}
        {file ? (
          <span className="composer-file" data-file-id={file.fileId}>
            <PaperclipIcon /> {file.name} ({sizeText(file.size)})
            <button
              type="button"
              className="link small"
              aria-label={`Remove ${file.name}`}
              onClick={() => changeFile(undefined)}
            >
              ×
            </button>
          </span>
        ) : null}
        <span className="composer-buttons">
          <button type="button" onClick={() => void chooseFile()}>
            Attach…
          </button>
          <button type="button" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
            Preview
          </button>
          <button type="button" disabled={refusal !== undefined || sending} aria-busy={sending} onClick={trySend}>
            Send
          </button>
        </span>
      </div>
    </div>
  );
}
