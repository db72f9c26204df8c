import { useState, type KeyboardEvent } from 'react';
import type { AlertRule } from '../../../../shared/contract/channels';
import { useBridge, useCommand, useCommands } from '../../bridge-context';
import { useOps } from '../../store/store';
import { RuleForm } from './RuleForm';
import {
  closeRulesView,
  draftOf,
  emptyDraft,
  openRulesView,
  ruleInputOf,
  useRulesView,
  warningsOf,
  type RuleDraft,
} from './rules-state';
import './rules.css';

function RuleRow({ rule, onEdit }: { rule: AlertRule; onEdit: () => void }) {
  const ops = useBridge();
  const commands = useCommands();
  const allWarnings = useOps((s) => s.app.warnings);
  const warnings = warningsOf(rule, allWarnings);
  const rooms = useOps((s) => s.rooms.byId);
  const toggling = useCommand(`rules.save:${rule.id}`)?.status === 'pending';
  const removing = useCommand(`rules.remove:${rule.id}`)?.status === 'pending';
  const scope =
    rule.roomIds && rule.roomIds.length > 0
      ? rule.roomIds.map((id) => rooms.get(id)?.title ?? 'a space').join(', ')
      : 'all watched spaces';
  const toggle = () =>
    void commands.run(`rules.save:${rule.id}`, `${rule.enabled ? 'Turn off' : 'Turn on'} ${rule.name}`, () =>
      ops.rules.save(ruleInputOf(rule, { enabled: !rule.enabled })),
    );
  const remove = () =>
    void commands.run(`rules.remove:${rule.id}`, `Remove ${rule.name}`, () => ops.rules.remove({ id: rule.id }));
  return (
    <li className="rules-item" data-rule-id={rule.id} data-enabled={rule.enabled ? 'true' : 'false'}>
      <div className="rules-item-head">
        <label className="rules-enabled">
          <input
            type="checkbox"
            checked={rule.enabled}
            disabled={toggling}
            onChange={toggle}
            aria-label={`Enabled: ${rule.name}`}
          />
        </label>
        <strong className="rules-name">{rule.name}</strong>
        {rule.critical ? <span className="tag rules-critical">critical</span> : null}
        <span className="rules-spacer" />
        <button type="button" className="link" onClick={onEdit} aria-label={`Edit ${rule.name}`}>
          Edit
        </button>
        <button type="button" className="link" onClick={remove} disabled={removing} aria-label={`Remove ${rule.name}`}>
          Remove
        </button>
      </div>
      <div className="muted small">
        {rule.mode === 'regex' ? 'regex' : 'keywords'} <code>{rule.pattern}</code>
        {rule.caseSensitive ? ' · match case' : ''} · {scope}
        {rule.senderEmail ? ` · from ${rule.senderEmail}` : ''}
      </div>
      {warnings.map((w) => (
        <p key={w.id} className="field-error rules-warning" role="alert">
          ⚠ {w.message}
        </p>
      ))}
    </li>
  );
}

/** The alert-rules view: the list (enable, edit, remove) and the form for a new or edited rule. */
export function RulesPanel() {
  const rules = useOps((s) => s.rules.rules);
  const [editing, setEditing] = useState<RuleDraft>();
  const [formKey, setFormKey] = useState(0);
  const edit = (draft: RuleDraft): void => {
    setEditing(draft);
    setFormKey((k) => k + 1);
  };
  return (
    <div className="rules-panel">
      {editing ? (
        <RuleForm key={formKey} initial={editing} onDone={() => setEditing(undefined)} />
      ) : (
        <>
          {rules.length === 0 ? (
            <p className="muted">No alert rules yet. A rule highlights and notifies on matching messages.</p>
          ) : (
            <ul className="rules-list" aria-label="Alert rules">
              {rules.map((r) => (
                <RuleRow key={r.id} rule={r} onEdit={() => edit(draftOf(r))} />
              ))}
            </ul>
          )}
          <div className="rules-buttons">
            <button type="button" className="primary" onClick={() => edit(emptyDraft())}>
              Add a rule
            </button>
            <button type="button" onClick={closeRulesView}>
              Close
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** The window's one alert-rules dialog (mounted once in App), shown while open. */
export function RulesDialog() {
  const open = useRulesView((s) => s.open);
  if (!open) return null;
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    closeRulesView();
  };
  return (
    <div className="overlay" onKeyDown={onKeyDown} onClick={closeRulesView}>
      <div
        className="dialog rules-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="rules-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="rules-title" className="panel-title">
          Alert rules
        </h2>
        <RulesPanel />
      </div>
    </div>
  );
}

/** Opens the alert-rules dialog (status bar); shows how many rules have a warning. */
export function RulesButton() {
  const count = useOps((s) => s.rules.rules.length);
  const warned = useOps((s) => s.rules.rules.filter((r) => warningsOf(r, s.app.warnings).length > 0).length);
  return (
    <button type="button" className="link" aria-haspopup="dialog" onClick={openRulesView}>
      Alert rules ({count}){warned > 0 ? ` · ${warned} with a warning` : ''}
    </button>
  );
}
