import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ContractError, CreateSpaceResult, MemberView, TeamView } from '../../../../shared/contract/channels';
import { useBridge, useCommand, useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';
import { AddResults } from '../members/AddResults';
import { looksLikeEmail, parseEmails } from '../members/emails';
import { useEscape } from '../../useEscape';
import { closeWarRoom, openWarRoom, suggestedPeople, useWarRoom, type WarRoomRequest } from './warroom-state';
import './warroom.css';

export const CREATE_KEY = 'spaces.create';

function ErrorLine({ error, prefix }: { error: ContractError; prefix?: string }) {
  const words = describeError(error);
  return (
    <p className="field-error" role="alert">
      {prefix ? `${prefix} ` : ''}
      <strong>{words.title}.</strong> {words.detail}
    </p>
  );
}

/**
 * "Open a war room": a space titled from the alert (or typed), optionally in a team, people added by email; main
 * creates it, adds them and watches it, then the window opens it. From an alert it takes: "Open war room", the
 * people, Enter. The quick-actions panel (runbooks) is there for the new space like for any open space.
 */
function WarRoomForm({ request }: { request: WarRoomRequest }) {
  const ops = useBridge();
  const commands = useCommands();
  const [title, setTitle] = useState(request.title);
  const [teamId, setTeamId] = useState('');
  const [emails, setEmails] = useState('');
  const [teams, setTeams] = useState<TeamView[]>();
  const [teamsError, setTeamsError] = useState<ContractError>();
  const [inputError, setInputError] = useState<string>();
  const [error, setError] = useState<ContractError>();
  const [created, setCreated] = useState<CreateSpaceResult>();
  const myPersonId = useOps((s) => s.session?.active?.personId);
  const [suggested, setSuggested] = useState<MemberView[]>([]);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const creating = useCommand(CREATE_KEY)?.status === 'pending';
  const titleInput = useRef<HTMLInputElement>(null);
  const emailsInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (request.title ? emailsInput : titleInput).current?.focus();
  }, [request.title]);

  useEffect(() => {
    let live = true;
    void commands
      .run('teams.list', 'Read your teams', () => ops.teams.list(), { toast: false })
      .then((result) => {
        if (!live) return;
        if (result.ok) setTeams(result.value.teams);
        else setTeamsError(result.error);
      });
    return () => {
      live = false;
    };
  }, [ops, commands]);

  // The alert's space: its people are offered to bring in with one click each (not the operator, not bots).
  useEffect(() => {
    const roomId = request.fromRoomId;
    if (roomId === undefined) return;
    let live = true;
    void commands
      .run(`warroom.people:${roomId}`, 'Read the people of the alert’s space', () => ops.members.list({ roomId }), {
        toast: false,
      })
      .then((result) => {
        if (live && result.ok) setSuggested(suggestedPeople(result.value.members, myPersonId));
      });
    return () => {
      live = false;
    };
  }, [ops, commands, request.fromRoomId, myPersonId]);

  const toggle = (email: string): void =>
    setPicked((p) => {
      const next = new Set(p);
      if (next.has(email)) next.delete(email);
      else next.add(email);
      return next;
    });

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (creating || created) return;
    const typed = parseEmails(emails);
    const bad = typed.filter((e) => !looksLikeEmail(e));
    const list = parseEmails([...picked, ...typed].join(' '));
    if (!title.trim()) return setInputError('Give the war room a title.');
    if (bad.length > 0) return setInputError(`Not an email address: ${bad.join(', ')}`);
    setInputError(undefined);
    setError(undefined);
    const input = {
      title: title.trim(),
      ...(teamId ? { teamId } : {}),
      ...(list.length > 0 ? { emails: list } : {}),
    };
    const result = await commands.run(CREATE_KEY, `Open the war room ${input.title}`, () => ops.spaces.create(input), {
      toast: false,
    });
    if (!result.ok) return setError(result.error);
    await commands.openRoom(result.value.roomId);
    const trouble = result.value.watchError || result.value.members.some((m) => m.status === 'failed');
    if (trouble) setCreated(result.value);
    else closeWarRoom();
  };

  useEscape(closeWarRoom);

  return (
    <div className="overlay" onClick={closeWarRoom}>
      <div
        className="dialog warroom-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="warroom-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="warroom-title" className="panel-title">
          Open a war room
        </h2>
        {created ? (
          <div role="status" className="warroom-created">
            <p>
              <strong>{created.title}</strong> was created and opened.
            </p>
            {created.watchError ? <ErrorLine error={created.watchError} prefix="It is not watched:" /> : null}
            <AddResults results={created.members} />
            <div className="warroom-buttons">
              <button type="button" className="primary" onClick={closeWarRoom}>
                Close
              </button>
            </div>
          </div>
        ) : (
          <form className="warroom-form" onSubmit={(e) => void onSubmit(e)}>
            <label htmlFor="warroom-title-input">Title</label>
            <input
              id="warroom-title-input"
              ref={titleInput}
              type="text"
              value={title}
              maxLength={256}
              required
              onChange={(e) => setTitle(e.target.value)}
            />
            <label htmlFor="warroom-team">Team (optional)</label>
            <select id="warroom-team" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">No team</option>
              {teams?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            {teamsError ? <ErrorLine error={teamsError} prefix="Teams could not be read." /> : null}
            {suggested.length > 0 ? (
              <fieldset className="warroom-people">
                <legend>People from the alert’s space</legend>
                {suggested.map((m) => (
                  <label key={m.personId} className="warroom-person">
                    <input type="checkbox" checked={picked.has(m.email)} onChange={() => toggle(m.email)} />
                    {m.displayName}
                    {m.external ? <span className="badge ext">EXT</span> : null}
                  </label>
                ))}
              </fieldset>
            ) : null}
            <label htmlFor="warroom-emails">People by email (separate with commas or spaces)</label>
            <input
              id="warroom-emails"
              ref={emailsInput}
              type="text"
              value={emails}
              autoComplete="off"
              placeholder="name@example.com, other@example.com"
              onChange={(e) => setEmails(e.target.value)}
            />
            {inputError ? (
              <p className="field-error" role="alert">
                {inputError}
              </p>
            ) : null}
            {error ? <ErrorLine error={error} /> : null}
            <p className="muted small">The new space is watched and opened; runbooks are in Quick actions.</p>
            <div className="warroom-buttons">
              <button type="button" onClick={closeWarRoom}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={creating} aria-busy={creating}>
                {creating ? 'Creating…' : 'Create and open'}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}

/** The window's one war-room dialog (mounted once in App), shown while a request is open. */
export function WarRoomDialog() {
  const request = useWarRoom((s) => s.request);
  if (!request) return null;
  return <WarRoomForm key={`${request.fromMessageId ?? ''}|${request.title}`} request={request} />;
}

/** A button that opens the dialog (the space header: empty title; an alert message: its title). */
export function OpenWarRoomButton({
  request,
  className,
  label = 'Open war room',
}: {
  request: WarRoomRequest;
  className?: string;
  label?: string;
}) {
  return (
    <button type="button" className={className} aria-haspopup="dialog" onClick={() => openWarRoom(request)}>
      {label}
    </button>
  );
}
