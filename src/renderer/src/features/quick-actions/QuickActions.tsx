import { useState } from 'react';
import type { RunbookView } from '../../../../shared/contract/channels';
import { useBridge } from '../../bridge-context';
import { useOps } from '../../store/store';
import { AuditView } from '../audit/AuditView';
import { Incidents } from './Incidents';
import { OutboxList } from './OutboxList';
import { RunbookPalette } from './RunbookPalette';
import { RunbookRunner } from './RunbookRunner';
import { authorOf, clearRunbookSource } from './runbook-request';
import { useRunbookData } from './useRunbookData';
import './quick-actions.css';

/** Why a runbook cannot run right now, or undefined when it can. */
export function disabledReason(rb: RunbookView, roomOpen: boolean, openIncidents: number): string | undefined {
  // Main says when the identity the runbook posts as cannot be used (not saved, signed out, another API address).
  if (rb.postAsProblem !== undefined) return rb.postAsProblem;
  if ((rb.targets.type === 'open' || rb.kind === 'incident-open') && !roomOpen) return 'Open a space first.';
  if ((rb.kind === 'incident-update' || rb.kind === 'incident-close') && openIncidents === 0) {
    return 'No incident is open.';
  }
  return undefined;
}

export function QuickActions({ signedIn }: { signedIn: boolean }) {
  return (
    <section className="panel" aria-labelledby="quick-actions-title">
      <h2 id="quick-actions-title" className="panel-title">
        Quick actions
      </h2>
      {signedIn ? (
        <RunbookPanel />
      ) : (
        <div className="empty small">Runbook buttons appear here once you are signed in.</div>
      )}
    </section>
  );
}

function RunbookPanel() {
  const ops = useBridge();
  const data = useRunbookData();
  const openRoomId = useOps((s) => s.rooms.openRoomId);
  const messages = useOps((s) => s.messages);
  // A message's "Run runbook…" action: that message is the run's source, while its space is open.
  const request = useOps((s) => s.ui.runbookFrom);
  const fromMessage = request && request.message.roomId === openRoomId ? request : undefined;
  // Otherwise the newest alert in the open space (a message an alert rule matched, or that is not mine): what a run can
  // start from — an incident takes its text and space, a thread runbook replies to it.
  const newestAlert =
    messages.roomId === openRoomId
      ? [...messages.ids]
          .reverse()
          .map((id) => messages.byId.get(id))
          .find(
            (m) => m !== undefined && !m.isMine && (m.ruleMatches.length > 0 || /CRITICAL|ALERT/.test(m.text ?? '')),
          )
      : undefined;
  const trigger = fromMessage?.message ?? newestAlert;
  const [selected, setSelected] = useState<string>();
  const [showAudit, setShowAudit] = useState(false);
  const { runbooks, incidents } = data;
  const openIncidents = incidents.filter((i) => !i.closedAt);
  const broken = data.files.filter((f) => f.problems.length > 0);
  const categories = [...new Set(runbooks.map((r) => r.category))];
  const current = runbooks.find((r) => r.id === selected);

  if (!data.loaded) return <div className="empty small">Loading runbooks…</div>;

  return (
    <div className="runbooks">
      <RunbookPalette
        runbooks={runbooks}
        disabledReason={(r) => disabledReason(r, openRoomId !== undefined, openIncidents.length)}
        onChoose={setSelected}
        {...(fromMessage
          ? {
              request: {
                nonce: fromMessage.nonce,
                source: `Starts from ${authorOf(fromMessage.message)}'s message: “${(fromMessage.message.text ?? '').slice(0, 80)}”`,
              },
            }
          : {})}
        onKeyboardOpen={clearRunbookSource}
        onDismiss={clearRunbookSource}
      />
      {broken.map((f) => (
        <div className="runbook-file-problem small" role="alert" key={f.file}>
          {f.problems[0]?.file} {f.problems[0]?.line}:{f.problems[0]?.column}
          {f.problems[0]?.path ? ` — ${f.problems[0].path}` : ''}: {f.problems[0]?.message}
          {f.usingLastGood ? ' (the last good version stays active)' : ''}
        </div>
      ))}
      {runbooks.length === 0 && <div className="empty small">No runbooks are loaded yet.</div>}
      {current ? (
        <RunbookRunner
          // A run from another message is another run (its form starts again).
          key={`${current.id}:${fromMessage?.nonce ?? ''}`}
          runbook={current}
          {...(openRoomId ? { roomId: openRoomId } : {})}
          incidents={openIncidents}
          outbox={data.outbox}
          {...(trigger ? { trigger } : {})}
          onClose={() => {
            setSelected(undefined);
            clearRunbookSource();
          }}
        />
      ) : (
        categories.map((category) => (
          <div className="runbook-group" role="group" aria-label={category} key={category}>
            <h3 className="panel-subtitle">{category}</h3>
            <div className="runbook-buttons">
              {runbooks
                .filter((r) => r.category === category)
                .map((r) => {
                  const reason = disabledReason(r, openRoomId !== undefined, openIncidents.length);
                  return (
                    <button
                      type="button"
                      key={r.id}
                      disabled={reason !== undefined}
                      title={reason ?? r.description}
                      aria-describedby={reason ? `rb-reason-${r.id}` : undefined}
                      onClick={() => setSelected(r.id)}
                    >
                      {r.label}
                      {reason && (
                        <span className="sr-only" id={`rb-reason-${r.id}`}>
                          {reason}
                        </span>
                      )}
                    </button>
                  );
                })}
            </div>
            {/* A postAs problem asks the operator to act elsewhere (sign in as the bot): said in words, not only on hover. */}
            {runbooks
              .filter((r) => r.category === category && r.postAsProblem !== undefined)
              .map((r) => (
                <p className="runbook-reason small" data-runbook-id={r.id} key={r.id}>
                  {r.label}: {r.postAsProblem}
                </p>
              ))}
          </div>
        ))
      )}
      <Incidents incidents={incidents} />
      <OutboxList items={data.outbox} />
      <div className="runbook-actions">
        <button type="button" className="link" onClick={() => setShowAudit(!showAudit)} aria-expanded={showAudit}>
          {showAudit ? 'Hide audit log' : 'Audit log'}
        </button>
        <button type="button" className="link" onClick={() => void ops.runbooks.revealFolder()}>
          Reveal runbook folder
        </button>
      </div>
      {showAudit && (
        <AuditView
          runbookIds={runbooks.map((r) => r.id)}
          refreshKey={data.outbox.map((i) => `${i.id}:${i.state.type}:${i.undoUntil ?? ''}`).join()}
        />
      )}
    </div>
  );
}
