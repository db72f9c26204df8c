import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { AddMemberOutcome, ContractError, MemberView, MembersView } from '../../../../shared/contract/channels';
import { useBridge, useCommand, useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';
import { hueOf } from '../messages/body';
import { AddResults } from './AddResults';
import { looksLikeEmail, parseEmails } from './emails';
import { useEscape } from '../../useEscape';
import './members.css';

function ErrorLine({ error }: { error: ContractError }) {
  const words = describeError(error);
  return (
    <p className="field-error" role="alert">
      <strong>{words.title}.</strong> {words.detail}
    </p>
  );
}

/** Darker than the message list's avatars: white initials keep 4.5:1 contrast on every hue (axe checks it). */
const avatarColor = (personId: string): string => `hsl(${hueOf(personId)} 45% 30%)`;

function MemberRow({
  member,
  isMe,
  canModerate,
  onRemove,
  onModerator,
}: {
  member: MemberView;
  isMe: boolean;
  canModerate: boolean;
  onRemove: (m: MemberView) => Promise<ContractError | undefined>;
  onModerator: (m: MemberView) => Promise<ContractError | undefined>;
}) {
  const [error, setError] = useState<ContractError>();
  const removing = useCommand(`members.remove:${member.membershipId}`)?.status === 'pending';
  const moderating = useCommand(`members.setModerator:${member.membershipId}`)?.status === 'pending';
  const act = async (action: (m: MemberView) => Promise<ContractError | undefined>): Promise<void> => {
    setError(undefined);
    setError(await action(member));
  };
  return (
    <li className="member" data-membership-id={member.membershipId} aria-label={member.displayName}>
      <span className="avatar" aria-hidden="true" style={{ backgroundColor: avatarColor(member.personId) }}>
        {member.initials}
      </span>
      <span className="member-name">
        {member.displayName}
        {isMe ? <span className="muted small"> (you)</span> : null}
        <span className="muted small member-email">{member.email}</span>
      </span>
      {member.isModerator ? (
        <span className="badge member-mark" title="Moderator">
          Moderator
        </span>
      ) : null}
      {member.external ? (
        <span className="badge ext" title="From another organisation">
          EXT
        </span>
      ) : null}
      {canModerate ? (
        <span className="member-tools">
          <button
            type="button"
            className="link small"
            disabled={moderating}
            aria-busy={moderating}
            aria-label={`${member.isModerator ? 'Unmake' : 'Make'} moderator: ${member.displayName}`}
            onClick={() => void act(onModerator)}
          >
            {member.isModerator ? 'Unmake moderator' : 'Make moderator'}
          </button>
          <button
            type="button"
            className="link small"
            disabled={removing}
            aria-busy={removing}
            aria-label={`Remove ${member.displayName}`}
            onClick={() => void act(onRemove)}
          >
            Remove
          </button>
        </span>
      ) : null}
      {error ? <ErrorLine error={error} /> : null}
    </li>
  );
}

/**
 * The open space's members (read through main): initials avatars, moderators and people from other organisations
 * marked; add several people by email (each outcome shown), remove, make or unmake moderator — offered where the
 * operator may (`canModerate`); a refusal is shown in words next to what was tried.
 */
export function MembersPanel({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const ops = useBridge();
  const { run, readMembers } = useCommands();
  const title = useOps((s) => s.rooms.byId.get(roomId)?.title ?? 'the space');
  const myPersonId = useOps((s) => s.session?.active?.personId);
  const [view, setView] = useState<MembersView>();
  const [loadError, setLoadError] = useState<ContractError>();
  const [emails, setEmails] = useState('');
  const [inputError, setInputError] = useState<string>();
  const [addError, setAddError] = useState<ContractError>();
  const [results, setResults] = useState<AddMemberOutcome[]>([]);
  const adding = useCommand(`members.add:${roomId}`)?.status === 'pending';
  const loading = useCommand(`members.list:${roomId}`)?.status === 'pending';
  const input = useRef<HTMLInputElement>(null);

  // Through the command layer into the store: the composer's member count reads the same list.
  const fetchMembers = useCallback(() => readMembers(roomId), [readMembers, roomId]);
  const show = (result: Awaited<ReturnType<typeof fetchMembers>>): void => {
    if (result.ok) setView(result.value);
    else setLoadError(result.error);
  };
  const retry = (): void => {
    setLoadError(undefined);
    void fetchMembers().then(show);
  };

  useEffect(() => {
    let live = true;
    void fetchMembers().then((result) => {
      if (!live) return;
      if (result.ok) setView(result.value);
      else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, [fetchMembers]);
  useEffect(() => input.current?.focus(), []);

  const replace = (member: MemberView): void =>
    setView((v) =>
      v ? { ...v, members: v.members.map((m) => (m.membershipId === member.membershipId ? member : m)) } : v,
    );

  const onAdd = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const list = parseEmails(emails);
    const bad = list.filter((e) => !looksLikeEmail(e));
    if (list.length === 0) return setInputError('Type one or more email addresses.');
    if (bad.length > 0) return setInputError(`Not an email address: ${bad.join(', ')}`);
    setInputError(undefined);
    setAddError(undefined);
    const result = await run(
      `members.add:${roomId}`,
      `Add people to ${title}`,
      () => ops.members.add({ roomId, emails: list }),
      { toast: false },
    );
    if (!result.ok) return setAddError(result.error);
    setResults(result.value.results);
    const added = result.value.results.flatMap((r) => (r.status === 'added' ? [r.member] : []));
    setView((v) => {
      if (!v) return v;
      const known = new Set(v.members.map((m) => m.membershipId));
      return { ...v, members: [...v.members, ...added.filter((m) => !known.has(m.membershipId))] };
    });
    // What failed stays in the field to correct; what worked is cleared.
    setEmails(result.value.results.flatMap((r) => (r.status === 'failed' ? [r.email] : [])).join(', '));
    if (added.length > 0) void fetchMembers();
  };

  const onRemove = async (member: MemberView): Promise<ContractError | undefined> => {
    const result = await run(
      `members.remove:${member.membershipId}`,
      `Remove ${member.displayName}`,
      () => ops.members.remove({ membershipId: member.membershipId }),
      { toast: false },
    );
    if (!result.ok) return result.error;
    setView((v) => (v ? { ...v, members: v.members.filter((m) => m.membershipId !== member.membershipId) } : v));
    void fetchMembers();
    return undefined;
  };

  const onModerator = async (member: MemberView): Promise<ContractError | undefined> => {
    const result = await run(
      `members.setModerator:${member.membershipId}`,
      `${member.isModerator ? 'Unmake' : 'Make'} ${member.displayName} moderator`,
      () => ops.members.setModerator({ membershipId: member.membershipId, isModerator: !member.isModerator }),
      { toast: false },
    );
    if (!result.ok) return result.error;
    replace(result.value);
    return undefined;
  };

  useEscape(onClose);

  return (
    <div className="overlay" onClick={onClose}>
      <div
        className="dialog members-panel"
        role="dialog"
        aria-modal="true"
        aria-label={`Members of ${title}`}
        onClick={(e) => e.stopPropagation()}
      >
        <div className="members-head">
          <h2 className="panel-title">
            Members of {title}
            {view ? <span className="muted small"> · {view.members.length}</span> : null}
            {view?.external ? (
              <span className="badge ext" title="People from other organisations are in this space">
                EXT
              </span>
            ) : null}
          </h2>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
        {loadError ? (
          <>
            <ErrorLine error={loadError} />
            <button type="button" onClick={retry}>
              Try again
            </button>
          </>
        ) : null}
        {view && !view.canModerate ? (
          <p className="muted small" role="note">
            This space is locked: only its moderators may add or remove people.
          </p>
        ) : null}
        {view?.canModerate !== false ? (
          <form className="members-add" onSubmit={(e) => void onAdd(e)} aria-label="Add people">
            <label htmlFor="members-add-emails">Add people by email (several: separate with commas or spaces)</label>
            <div className="members-add-row">
              <input
                id="members-add-emails"
                ref={input}
                type="text"
                value={emails}
                autoComplete="off"
                placeholder="name@example.com, other@example.com"
                aria-invalid={inputError !== undefined}
                aria-describedby={inputError ? 'members-add-error' : undefined}
                onChange={(e) => setEmails(e.target.value)}
              />
              <button type="submit" className="primary" disabled={adding || !view} aria-busy={adding}>
                Add
              </button>
            </div>
            {inputError ? (
              <p id="members-add-error" className="field-error" role="alert">
                {inputError}
              </p>
            ) : null}
            {addError ? <ErrorLine error={addError} /> : null}
            <AddResults results={results} />
          </form>
        ) : null}
        {loading && !view ? <p className="muted small">Loading members…</p> : null}
        {view ? (
          <ul className="members" aria-label="Members">
            {view.members.map((m) => (
              <MemberRow
                key={m.membershipId}
                member={m}
                isMe={m.personId === myPersonId}
                canModerate={view.canModerate}
                onRemove={onRemove}
                onModerator={onModerator}
              />
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

/** The space header's "Members" button; opens the panel. */
export function MembersButton({ roomId }: { roomId: string }) {
  // Open for one space: switching spaces closes it.
  const [openFor, setOpenFor] = useState<string>();
  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => setOpenFor(roomId)}>
        Members
      </button>
      {openFor === roomId ? <MembersPanel roomId={roomId} onClose={() => setOpenFor(undefined)} /> : null}
    </>
  );
}
