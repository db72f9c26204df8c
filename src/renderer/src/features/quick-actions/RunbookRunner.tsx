import { useMemo, useState } from 'react';
import type {
  ContractError,
  IncidentView,
  MessageView,
  OutboxItemView,
  RunbookPreview,
  RunbookRunInput,
  RunbookView,
} from '../../../../shared/contract/channels';
import { useBridge } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';
import { MessageBody } from '../messages/MessageBody';
import { broadcastProgress } from './progress';
import { authorOf } from './runbook-request';

/** Client-side checks for inline validation; main checks again (and decides). */
export function checkVariable(v: RunbookView['variables'][number], value: string): string | undefined {
  if (value.trim() === '') return v.required ? 'Required.' : undefined;
  if (v.choices && !v.choices.includes(value)) return `Choose one of ${v.choices.join(', ')}.`;
  if (v.pattern) {
    try {
      if (!new RegExp(`^(?:${v.pattern})$`, 'u').test(value)) return `Must match ${v.pattern}.`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function previewMessage(markdown: string, roomId: string): MessageView {
  return {
    id: 'preview',
    roomId,
    personId: 'me',
    personEmail: '',
    markdown,
    created: new Date(0).toISOString(),
    mentionsMe: false,
    mentionsAll: false,
    isMine: true,
    ruleMatches: [],
  };
}

type Step = 'form' | 'confirm' | 'sent';

export function RunbookRunner({
  runbook,
  roomId,
  incidents,
  outbox,
  trigger,
  onClose,
}: {
  runbook: RunbookView;
  roomId?: string;
  incidents: readonly IncidentView[];
  /** The outbox slice's items: the run's progress is read from them as their events arrive. */
  outbox: readonly OutboxItemView[];
  /** The alert the run starts from (offered to the variables; thread runbooks reply to it). */
  trigger?: MessageView;
  onClose(): void;
}) {
  const ops = useBridge();
  const offersTrigger = trigger !== undefined && (runbook.kind === 'incident-open' || runbook.thread);
  const [useTrigger, setUseTrigger] = useState(offersTrigger);
  const initial = useMemo(() => {
    const v = Object.create(null) as Record<string, string>;
    for (const variable of runbook.variables) v[variable.name] = variable.default ?? '';
    if (trigger && runbook.kind === 'incident-open') {
      const text = (trigger.text ?? '').trim();
      const names = new Set(runbook.variables.map((x) => x.name));
      if (names.has('alert')) v.alert = text;
      if (names.has('title') && !v.title) v.title = (text.split('\n')[0] ?? '').slice(0, 80);
    }
    return v;
  }, [runbook, trigger]);
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [incidentId, setIncidentId] = useState<string | undefined>(incidents[0]?.id);
  const [preview, setPreview] = useState<RunbookPreview>();
  const [error, setError] = useState<ContractError>();
  const [step, setStep] = useState<Step>('form');
  const [typed, setTyped] = useState('');
  const [acceptChange, setAcceptChange] = useState(false);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<{ batchId: string; itemIds: string[] }>();

  const blocked = runbook.postAsProblem;
  const blockedBy = blocked !== undefined ? `rb-blocked-${runbook.id}` : undefined;
  const needsIncident = runbook.kind === 'incident-update' || runbook.kind === 'incident-close';
  const problems = runbook.variables
    .map((v) => ({ name: v.name, message: checkVariable(v, values[v.name] ?? '') }))
    .filter((p): p is { name: string; message: string } => p.message !== undefined);

  const input = (): RunbookRunInput => {
    const out: RunbookRunInput = { runbookId: runbook.id, variables: { ...values } };
    if (roomId && (runbook.targets.type === 'open' || runbook.kind === 'incident-open')) out.roomId = roomId;
    if (needsIncident && incidentId) out.incidentId = incidentId;
    if (offersTrigger && useTrigger && trigger) out.parentId = trigger.id;
    return out;
  };

  const doPreview = async (): Promise<void> => {
    setTouched(new Set(runbook.variables.map((v) => v.name)));
    if (problems.length > 0) return;
    setBusy(true);
    const r = await ops.runbooks.preview(input());
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(undefined);
    setPreview(r.value);
  };

  const send = async (): Promise<void> => {
    if (!preview || blocked !== undefined) return;
    const payload = input();
    payload.confirmed = step === 'confirm';
    if (preview.typeToConfirm !== undefined) payload.typedCount = Number(typed);
    if (preview.targetChange && acceptChange) payload.acceptTargets = preview.targets.map((t) => t.roomId);
    setBusy(true);
    const r = await ops.runbooks.run(payload);
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(undefined);
    setRun({ batchId: r.value.batchId, itemIds: r.value.itemIds });
    setStep('sent');
  };

  const next = (): void => {
    if (!preview || blocked !== undefined) return;
    if (preview.confirmRequired || preview.targetChange) setStep('confirm');
    else void send();
  };

  const progress = run ? broadcastProgress(outbox, run) : undefined;

  return (
    <section className="runbook-runner" aria-label={`Run ${runbook.label}`}>
      <header className="runbook-runner-head">
        <h3>{runbook.label}</h3>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </header>
      {runbook.description && <p className="small">{runbook.description}</p>}
      {offersTrigger && trigger && (
        <label className="runbook-trigger small">
          <input type="checkbox" checked={useTrigger} onChange={(e) => setUseTrigger(e.target.checked)} /> Started from{' '}
          {authorOf(trigger)}: “{(trigger.text ?? '').slice(0, 80)}”
        </label>
      )}
      {runbook.thread && trigger && useTrigger && (
        <p className="runbook-thread small" data-part="thread">
          Replies in the thread of {authorOf(trigger)}&apos;s message
        </p>
      )}
      {/* Main says the identity the runbook posts as cannot be used: nothing can be sent until that changes. */}
      {blocked !== undefined && (
        <p className="field-error" id={`rb-blocked-${runbook.id}`} role="alert">
          {blocked}
        </p>
      )}

      {step === 'form' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (preview) next();
            else void doPreview();
          }}
        >
          {needsIncident && (
            <label className="field">
              <span>Incident</span>
              <select value={incidentId ?? ''} onChange={(e) => setIncidentId(e.target.value)}>
                {incidents.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.severity} {i.title}
                  </option>
                ))}
              </select>
            </label>
          )}
          {runbook.variables.map((v) => {
            const message = touched.has(v.name) ? checkVariable(v, values[v.name] ?? '') : undefined;
            const id = `rb-var-${v.name}`;
            const common = {
              id,
              'aria-invalid': message ? true : undefined,
              'aria-describedby': message ? `${id}-error` : undefined,
              value: values[v.name] ?? '',
              onBlur: () => setTouched(new Set([...touched, v.name])),
            };
            const set = (value: string): void => {
              setValues({ ...values, [v.name]: value });
              setPreview(undefined);
            };
            return (
              <div className="field" key={v.name}>
                <label htmlFor={id}>
                  {v.label}
                  {v.required ? ' *' : ''}
                </label>
                {v.choices ? (
                  <select {...common} onChange={(e) => set(e.target.value)}>
                    {!v.required || !v.default ? <option value="">—</option> : null}
                    {v.choices.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                ) : v.multiline ? (
                  <textarea {...common} rows={3} onChange={(e) => set(e.target.value)} />
                ) : (
                  <input {...common} type="text" onChange={(e) => set(e.target.value)} />
                )}
                {v.help && <span className="small">{v.help}</span>}
                {message && (
                  <span className="field-error" id={`${id}-error`} role="alert">
                    {message}
                  </span>
                )}
              </div>
            );
          })}
          {preview && (
            <div className="runbook-preview" aria-label="Preview">
              <div className="small">
                Preview — {preview.bytes.toLocaleString()} of {preview.maxBytes.toLocaleString()} bytes, to{' '}
                {preview.targets.length === 1 ? preview.targets[0]?.title : `${preview.targets.length} spaces`}
              </div>
              <PostsAs preview={preview} />
              <MessageBody message={previewMessage(preview.markdown, preview.targets[0]?.roomId ?? '')} />
              {preview.problems.map((p) => (
                <div className="field-error" role="alert" key={`${p.path}${p.message}`}>
                  {p.path}: {p.message}
                </div>
              ))}
            </div>
          )}
          {error && <ErrorLine error={error} />}
          <div className="runbook-actions">
            <button type="button" onClick={() => void doPreview()} disabled={busy}>
              Preview
            </button>
            <button
              type="submit"
              className="primary"
              disabled={busy || blocked !== undefined || !preview || preview.problems.length > 0}
              aria-describedby={blockedBy}
            >
              {preview && (preview.confirmRequired || preview.targetChange) ? 'Review and confirm…' : 'Send'}
            </button>
          </div>
        </form>
      )}

      {step === 'confirm' && preview && (
        <div className="runbook-confirm" role="group" aria-label="Confirm">
          <p>
            Post this message to <strong>{preview.targets.length}</strong>{' '}
            {preview.targets.length === 1 ? 'space' : 'spaces'}:
          </p>
          <PostsAs preview={preview} />
          <ul className="runbook-targets">
            {preview.targets.map((t) => (
              <li key={t.roomId}>
                {t.title} <span className="small">({t.memberCount ?? '?'} members)</span>
                {t.external && (
                  <span className="badge ext" title="People from other organisations">
                    EXT
                  </span>
                )}
              </li>
            ))}
          </ul>
          {preview.targetChange && (
            <div className="runbook-change" role="alert">
              <p>The spaces of this list changed since it was last used.</p>
              {preview.targetChange.added.length > 0 && (
                <p>Added: {preview.targetChange.added.map((t) => t.title).join(', ')}</p>
              )}
              {preview.targetChange.removed.length > 0 && (
                <p>Removed: {preview.targetChange.removed.map((t) => t.title).join(', ')}</p>
              )}
              <label>
                <input type="checkbox" checked={acceptChange} onChange={(e) => setAcceptChange(e.target.checked)} /> Use
                the new set of spaces
              </label>
            </div>
          )}
          {preview.typeToConfirm !== undefined && (
            <label className="field">
              <span>Type the number of spaces ({preview.typeToConfirm}) to confirm</span>
              <input inputMode="numeric" value={typed} onChange={(e) => setTyped(e.target.value)} />
            </label>
          )}
          {error && <ErrorLine error={error} />}
          <div className="runbook-actions">
            {/* Cancel is the default: Confirm is never pre-selected. */}
            <button type="button" autoFocus onClick={() => setStep('form')}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              aria-describedby={blockedBy}
              disabled={
                busy ||
                blocked !== undefined ||
                (preview.targetChange !== undefined && !acceptChange) ||
                (preview.typeToConfirm !== undefined && Number(typed) !== preview.typeToConfirm)
              }
              onClick={() => void send()}
            >
              Confirm and send
            </button>
          </div>
        </div>
      )}

      {step === 'sent' && progress && (
        <div className="runbook-results" role="region" aria-label="Results">
          <p role="status">
            {progress.sent} / {progress.total} sent
            {progress.failed > 0 ? `, ${progress.failed} failed` : ''}
            {progress.unknown > 0 ? `, ${progress.unknown} unknown` : ''}
          </p>
          <div className="small runbook-progress">
            <progress value={progress.done} max={Math.max(1, progress.total)} aria-label="Done" /> {progress.done} /{' '}
            {progress.total} done
          </div>
          <ul aria-label="Result per space">
            {progress.results.map((r) => (
              <li key={r.itemId} data-state={r.outcome} data-room-id={r.roomId}>
                <strong>{r.roomTitle}</strong>: {r.detail}
                {r.trackingId && <span className="small"> (tracking id {r.trackingId})</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/**
 * Who the spaces will see as the author, when it is not the signed-in operator (a runbook's `postAs`, e.g. the
 * team's bot): "Posts as AlertBot (bot)". Main names that identity in the preview only when it differs.
 */
function PostsAs({ preview }: { preview: RunbookPreview }) {
  const activeEmail = useOps((s) => s.session?.active?.email);
  const who = preview.postsAs;
  if (!who || (activeEmail !== undefined && who.email.toLowerCase() === activeEmail.toLowerCase())) return null;
  return (
    <p className="runbook-posts-as small" data-part="posts-as">
      Posts as <strong>{who.displayName}</strong>
      {who.kind === 'bot' ? ' (bot)' : ''} <span className="muted">{who.email}</span>
    </p>
  );
}

function ErrorLine({ error }: { error: ContractError }) {
  const words = describeError(error);
  return (
    <div className="field-error" role="alert">
      {words.title}
      {words.detail ? ` — ${words.detail}` : ''}
    </div>
  );
}
