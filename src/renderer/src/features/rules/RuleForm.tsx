import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ContractError, RoomView, RuleTestResult, RuleValidation } from '../../../../shared/contract/channels';
import { useBridge, useCommand, useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';
import { formatTime } from '../../time';
import { inputOf, PATTERN_MAX, type RuleDraft } from './rules-state';

/** How many messages `rules.test` checks (main's window; shown in the button). */
export const TEST_WINDOW = 200;

function PatternError({ pattern, validation }: { pattern: string; validation: RuleValidation }) {
  if (validation.ok) return null;
  const pos = validation.position;
  return (
    <div className="field-error rules-pattern-error" role="alert" data-testid="pattern-error">
      <span>{validation.message}</span>
      {pos !== undefined ? (
        <span className="rules-error-position">
          {' '}
          (at character {pos + 1}:{' '}
          <code>
            {pattern.slice(0, pos)}
            <mark>{pattern.slice(pos, pos + 1) || ' '}</mark>
            {pattern.slice(pos + 1)}
          </code>
          )
        </span>
      ) : null}
    </div>
  );
}

function TestResults({ result }: { result: RuleTestResult }) {
  if (result.timedOut) {
    return (
      <p className="field-error" role="status">
        The pattern took too long on these messages; simplify it.
      </p>
    );
  }
  return (
    <div className="rules-test" role="status" data-testid="rule-test-results">
      <p className="muted small">
        {result.matches.length === 0
          ? `No match among the last ${result.checked} messages of watched spaces.`
          : `${result.matches.length} of the last ${result.checked} messages of watched spaces would have matched:`}
      </p>
      {result.matches.length > 0 ? (
        <ul className="rules-test-list">
          {result.matches.map((m) => (
            <li key={m.messageId}>
              <span className="muted small">
                {m.roomTitle ?? 'a space'} · {m.sender} · {formatTime(m.created)}
              </span>
              <span className="rules-test-text">{m.text}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Add or edit a rule: pattern checked as typed, a preview against recent messages, saved through main. */
export function RuleForm({ initial, onDone }: { initial: RuleDraft; onDone: () => void }) {
  const ops = useBridge();
  const commands = useCommands();
  const [draft, setDraft] = useState<RuleDraft>(initial);
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => nameInput.current?.focus(), []);
  const [checked, setChecked] = useState<{ key: string; result: RuleValidation }>();
  const [test, setTest] = useState<RuleTestResult>();
  const [error, setError] = useState<ContractError>();
  const roomsById = useOps((s) => s.rooms.byId);
  const saveKey = `rules.save:${initial.id ?? 'new'}`;
  const saving = useCommand(saveKey)?.status === 'pending';
  const testing = useCommand('rules.test')?.status === 'pending';
  const watched = useMemo(
    () =>
      [...roomsById.values()]
        .filter((r: RoomView) => r.watched || draft.roomIds.includes(r.id))
        .sort((a, b) => (a.title ?? '').localeCompare(b.title ?? '')),
    [roomsById, draft.roomIds],
  );

  const { pattern, regex, caseSensitive } = draft;
  const tooLong = pattern.length > PATTERN_MAX;
  const checkKey = JSON.stringify([pattern, regex, caseSensitive]);
  const needsCheck = pattern.trim() !== '' && !tooLong;
  useEffect(() => {
    if (!needsCheck) return;
    let live = true;
    void commands
      .run('rules.validate', 'Check the pattern', () => ops.rules.validate({ pattern, regex, caseSensitive }), {
        toast: false,
      })
      .then((result) => {
        if (live && result.ok) setChecked({ key: checkKey, result: result.value });
      });
    return () => {
      live = false;
    };
  }, [ops, commands, needsCheck, checkKey, pattern, regex, caseSensitive]);
  // What the operator sees: a local limit, else main's answer for exactly this pattern (none yet: no error shown).
  const validation: RuleValidation = tooLong
    ? { ok: false, message: `The pattern is longer than ${PATTERN_MAX} characters.` }
    : needsCheck && checked?.key === checkKey
      ? checked.result
      : { ok: true };

  const change = (changes: Partial<RuleDraft>): void => {
    setDraft((d) => ({ ...d, ...changes }));
    setTest(undefined);
    setError(undefined);
  };

  const onTest = async (): Promise<void> => {
    setError(undefined);
    const result = await commands.run(
      'rules.test',
      'Test the alert rule',
      () => ops.rules.test({ rule: inputOf(draft) }),
      {
        toast: false,
      },
    );
    if (result.ok) setTest(result.value);
    else setError(result.error);
  };

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (saving || tooLong) return;
    setError(undefined);
    const result = await commands.run(saveKey, 'Save the alert rule', () => ops.rules.save(inputOf(draft)), {
      toast: false,
    });
    if (result.ok) onDone();
    else setError(result.error);
  };

  const toggleRoom = (roomId: string, on: boolean): void =>
    change({ roomIds: on ? [...draft.roomIds, roomId] : draft.roomIds.filter((id) => id !== roomId) });

  const words = error ? describeError(error) : undefined;
  const canCheck = pattern.trim() !== '' && validation.ok && !tooLong;

  return (
    <form
      className="rules-form"
      aria-label={initial.id ? 'Edit the alert rule' : 'New alert rule'}
      onSubmit={(e) => void onSubmit(e)}
    >
      <label htmlFor="rule-name">Name</label>
      <input
        id="rule-name"
        ref={nameInput}
        type="text"
        value={draft.name}
        maxLength={200}
        required
        onChange={(e) => change({ name: e.target.value })}
      />
      <fieldset className="rules-row">
        <legend>Pattern</legend>
        <label>
          <input type="radio" name="rule-mode" checked={!regex} onChange={() => change({ regex: false })} /> Keywords
        </label>
        <label>
          <input type="radio" name="rule-mode" checked={regex} onChange={() => change({ regex: true })} /> Regular
          expression
        </label>
        <label>
          <input
            type="checkbox"
            checked={caseSensitive}
            onChange={(e) => change({ caseSensitive: e.target.checked })}
          />{' '}
          Match case
        </label>
      </fieldset>
      <input
        id="rule-pattern"
        type="text"
        aria-label={regex ? 'Regular expression' : 'Keywords (separate with commas or spaces)'}
        aria-invalid={!validation.ok}
        className="rules-pattern"
        spellCheck={false}
        autoComplete="off"
        placeholder={regex ? 'WARN(ING)?: db-\\d+' : 'CRITICAL, SEV1'}
        value={pattern}
        onChange={(e) => change({ pattern: e.target.value })}
      />
      <PatternError pattern={pattern} validation={validation} />
      <label htmlFor="rule-sender">Only from sender (email, optional)</label>
      <input
        id="rule-sender"
        type="text"
        inputMode="email"
        value={draft.senderEmail}
        maxLength={320}
        autoComplete="off"
        onChange={(e) => change({ senderEmail: e.target.value })}
      />
      <fieldset className="rules-scope">
        <legend>Spaces</legend>
        <label>
          <input
            type="radio"
            name="rule-scope"
            checked={draft.roomIds.length === 0}
            onChange={() => change({ roomIds: [] })}
          />{' '}
          All watched spaces
        </label>
        {watched.length === 0 ? <p className="muted small">No watched spaces yet.</p> : null}
        {watched.map((r) => (
          <label key={r.id}>
            <input
              type="checkbox"
              checked={draft.roomIds.includes(r.id)}
              onChange={(e) => toggleRoom(r.id, e.target.checked)}
            />{' '}
            {r.title ?? 'Untitled space'}
          </label>
        ))}
      </fieldset>
      <fieldset className="rules-row">
        <legend>Level</legend>
        <label>
          <input
            type="radio"
            name="rule-level"
            checked={!draft.critical}
            onChange={() => change({ critical: false })}
          />{' '}
          Notify
        </label>
        <label>
          <input type="radio" name="rule-level" checked={draft.critical} onChange={() => change({ critical: true })} />{' '}
          Critical (breaks through do not disturb)
        </label>
      </fieldset>
      {words ? (
        <p className="field-error" role="alert">
          <strong>{words.title}.</strong> {error?.issues?.[0]?.message ?? words.detail}
        </p>
      ) : null}
      {test ? <TestResults result={test} /> : null}
      <div className="rules-buttons">
        <button type="button" onClick={() => void onTest()} disabled={!canCheck || testing} aria-busy={testing}>
          Test against the last {TEST_WINDOW} messages
        </button>
        <span className="rules-spacer" />
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={saving || tooLong} aria-busy={saving}>
          {saving ? 'Saving…' : 'Save rule'}
        </button>
      </div>
    </form>
  );
}
