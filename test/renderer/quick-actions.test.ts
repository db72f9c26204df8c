import { describe, expect, it } from 'vitest';
import type { RunbookView } from '../../src/shared/contract/channels';
import { disabledReason } from '../../src/renderer/src/features/quick-actions/QuickActions';
import { checkVariable } from '../../src/renderer/src/features/quick-actions/RunbookRunner';

const rb = (over: Partial<RunbookView>): RunbookView => ({
  id: 'x',
  kind: 'message',
  label: 'X',
  category: 'C',
  description: '',
  variables: [],
  targets: { type: 'open' },
  confirm: 'never',
  thread: false,
  ttlMinutes: 5,
  file: 'runbooks/x.yaml',
  ...over,
});

describe('quick actions', () => {
  it('says why a runbook cannot run', () => {
    expect(disabledReason(rb({}), false, 0)).toBe('Open a space first.');
    expect(disabledReason(rb({}), true, 0)).toBeUndefined();
    expect(disabledReason(rb({ kind: 'incident-open' }), false, 0)).toBe('Open a space first.');
    expect(disabledReason(rb({ kind: 'incident-update', targets: { type: 'incident' } }), true, 0)).toBe(
      'No incident is open.',
    );
    expect(disabledReason(rb({ kind: 'incident-close', targets: { type: 'incident' } }), false, 1)).toBeUndefined();
    expect(disabledReason(rb({ targets: { type: 'list', name: 'l' } }), false, 0)).toBeUndefined();
  });

  it('validates variables inline: required, choices, anchored pattern', () => {
    const v = { name: 'c', label: 'C', required: true, kind: 'text' as const, multiline: false };
    expect(checkVariable(v, ' ')).toBe('Required.');
    expect(checkVariable({ ...v, required: false }, '')).toBeUndefined();
    expect(checkVariable({ ...v, choices: ['a', 'b'] }, 'c')).toBe('Choose one of a, b.');
    expect(checkVariable({ ...v, pattern: 'CHG[0-9]{4}' }, 'CHG1234')).toBeUndefined();
    expect(checkVariable({ ...v, pattern: 'CHG[0-9]{4}' }, 'xCHG1234')).toBe('Must match CHG[0-9]{4}.');
  });
});
