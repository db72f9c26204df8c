import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertRule, AlertRuleInput, RuleTestResult } from '../../src/shared/contract/channels';
import { validatePattern } from '../../src/main/watch/rules';
import { DndControl } from '../../src/renderer/src/features/rules/DndControl';
import { RulesDialog } from '../../src/renderer/src/features/rules/RulesDialog';
import { openRulesView, closeRulesView } from '../../src/renderer/src/features/rules/rules-state';
import { useOps } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, renderWithBridge, room, seedStore } from './fake-bridge';

const disk: AlertRule = {
  id: 'rule-disk',
  name: 'Disk',
  mode: 'keywords',
  pattern: 'disk, full',
  caseSensitive: false,
  critical: false,
  enabled: true,
};
const legacy: AlertRule = {
  id: 'rule-old',
  name: 'Legacy',
  mode: 'regex',
  pattern: '(x+)+y',
  caseSensitive: true,
  critical: true,
  enabled: true,
  roomIds: ['r-noc'],
};

const testResult: RuleTestResult = {
  checked: 42,
  timedOut: false,
  matches: [
    {
      roomId: 'r-db',
      roomTitle: 'db-oncall',
      messageId: 'm1',
      sender: 'Alert Bot',
      text: 'WARNING: db-12 disk 91%',
      created: '2026-01-05T09:58:00.000Z',
    },
  ],
};

/** The real pattern check of main answers rules.validate; saving echoes the rule with an id. */
function bridge() {
  return fakeBridge({
    'rules.validate': (p) => validatePattern(p as Parameters<typeof validatePattern>[0]),
    'rules.test': () => testResult,
    'rules.save': (p) => ({ ...(p as AlertRuleInput), id: (p as AlertRuleInput).id ?? 'rule-new' }),
    'rules.remove': () => ({ rules: [disk], dnd: { heldBack: 0 } }),
    'rules.setDnd': () => ({ rules: [], dnd: { heldBack: 0, until: '2026-01-05T12:00:00.000Z' } }),
  });
}

beforeEach(() => {
  closeRulesView();
  seedStore([
    room('r-noc', { title: 'noc', watched: true }),
    room('r-db', { title: 'db-oncall', watched: true }),
    room('r-chat', { title: 'chatter', watched: false }),
  ]);
  useOps.setState({
    rules: { rules: [disk, legacy], dnd: { heldBack: 0 } },
    app: {
      warnings: [
        {
          id: 'rule-rule-old',
          source: 'config',
          message: 'The alert rule "Legacy" can no longer be used and does not alert.',
          at: '2026-01-05T09:00:00.000Z',
        },
      ],
    },
  });
  openRulesView();
});

describe('the alert rules view', () => {
  it('lists rules with their scope and warnings; turns one off and removes one through main', async () => {
    const user = userEvent.setup();
    const fake = bridge();
    renderWithBridge(<RulesDialog />, fake.bridge);
    const list = screen.getByRole('list', { name: 'Alert rules' });
    const [first, second] = within(list).getAllByRole('listitem');
    if (!first || !second) throw new Error('two rules expected');
    expect(first).toHaveTextContent('all watched spaces');
    expect(within(first).queryByRole('alert')).toBeNull();
    expect(second).toHaveTextContent('critical');
    expect(second).toHaveTextContent('noc');
    expect(within(second).getByRole('alert')).toHaveTextContent('"Legacy" can no longer be used');
    await user.click(within(first).getByRole('checkbox', { name: 'Enabled: Disk' }));
    expect(fake.callsTo('rules.save')).toEqual([{ ...disk, enabled: false }]);
    await user.click(within(second).getByRole('button', { name: 'Remove Legacy' }));
    expect(fake.callsTo('rules.remove')).toEqual([{ id: 'rule-old' }]);
  });

  it('checks a regex as typed and points at the error', async () => {
    const user = userEvent.setup();
    const fake = bridge();
    renderWithBridge(<RulesDialog />, fake.bridge);
    await user.click(screen.getByRole('button', { name: 'Add a rule' }));
    await user.click(screen.getByRole('radio', { name: 'Regular expression' }));
    const pattern = screen.getByRole('textbox', { name: 'Regular expression' });
    await user.type(pattern, 'db-(\\d+');
    const error = await screen.findByTestId('pattern-error');
    expect(error).toHaveTextContent('Unterminated group');
    expect(error).toHaveTextContent('at character 4');
    expect(error.querySelector('mark')).toHaveTextContent('(');
    expect(pattern).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: /Test against the last 200 messages/ })).toBeDisabled();
    await user.type(pattern, ')');
    await screen.findByRole('button', { name: /Test against the last 200 messages/ });
    expect(await screen.findByRole('textbox', { name: 'Regular expression' })).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByTestId('pattern-error')).toBeNull();
    expect(fake.callsTo('rules.validate').at(-1)).toEqual({ pattern: 'db-(\\d+)', regex: true, caseSensitive: false });
  });

  it('previews matches, then saves a scoped critical rule with a sender', async () => {
    const user = userEvent.setup();
    const fake = bridge();
    renderWithBridge(<RulesDialog />, fake.bridge);
    await user.click(screen.getByRole('button', { name: 'Add a rule' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'DB warnings');
    await user.type(screen.getByRole('textbox', { name: /Keywords/ }), 'WARNING');
    // Only watched spaces are offered as a scope.
    const spaces = screen.getByRole('group', { name: 'Spaces' });
    expect(within(spaces).queryByRole('checkbox', { name: 'chatter' })).toBeNull();
    await user.click(within(spaces).getByRole('checkbox', { name: 'db-oncall' }));
    await user.click(screen.getByRole('radio', { name: /Critical/ }));
    await user.type(screen.getByRole('textbox', { name: /sender/ }), 'bot@example.com');
    await user.click(screen.getByRole('button', { name: 'Test against the last 200 messages' }));
    const results = await screen.findByTestId('rule-test-results');
    expect(results).toHaveTextContent('1 of the last 42 messages of watched spaces would have matched');
    expect(results).toHaveTextContent('db-oncall · Alert Bot');
    expect(results).toHaveTextContent('WARNING: db-12 disk 91%');
    const expected = {
      name: 'DB warnings',
      mode: 'keywords',
      pattern: 'WARNING',
      caseSensitive: false,
      critical: true,
      enabled: true,
      senderEmail: 'bot@example.com',
      roomIds: ['r-db'],
    };
    expect(fake.callsTo('rules.test')).toEqual([{ rule: expected }]);
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(fake.callsTo('rules.save')).toEqual([expected]);
    // Back to the list once saved.
    expect(await screen.findByRole('button', { name: 'Add a rule' })).toBeInTheDocument();
  });

  it('shows why main refused a rule and keeps the form as typed', async () => {
    const user = userEvent.setup();
    const fake = fakeBridge({
      'rules.validate': () => ({ ok: true }),
      'rules.save': () =>
        failure({
          kind: 'invalidInput',
          message: 'The sender must be an email address.',
          issues: [{ path: 'senderEmail', message: 'The sender must be an email address.' }],
        }),
    });
    renderWithBridge(<RulesDialog />, fake.bridge);
    await user.click(
      within(screen.getAllByRole('listitem')[0] as HTMLElement).getByRole('button', { name: 'Edit Disk' }),
    );
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('Disk');
    await user.type(screen.getByRole('textbox', { name: /sender/ }), 'x@');
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(await screen.findByText(/The sender must be an email address/)).toBeInTheDocument();
    expect(fake.callsTo('rules.save')).toEqual([{ ...disk, senderEmail: 'x@' }]);
    expect(screen.getByRole('textbox', { name: /sender/ })).toHaveValue('x@');
    expect(useOps.getState().toasts).toEqual([]);
  });

  it('a 10 KB pattern is refused in the form without asking main', async () => {
    const user = userEvent.setup();
    const fake = bridge();
    renderWithBridge(<RulesDialog />, fake.bridge);
    await user.click(screen.getByRole('button', { name: 'Add a rule' }));
    const pattern = screen.getByRole('textbox', { name: /Keywords/ });
    pattern.focus();
    await user.paste('a'.repeat(10_240));
    expect(await screen.findByTestId('pattern-error')).toHaveTextContent('longer than 1000 characters');
    expect(screen.getByRole('button', { name: 'Save rule' })).toBeDisabled();
    expect(fake.callsTo('rules.validate')).toEqual([]);
    expect(pattern).toHaveValue('a'.repeat(10_240));
  });
});

describe('do not disturb', () => {
  it('runs for the chosen duration', async () => {
    const user = userEvent.setup();
    const fake = bridge();
    renderWithBridge(<DndControl active={false} />, fake.bridge);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Do not disturb for how long' }), '2 h');
    await user.click(screen.getByRole('button', { name: 'Do not disturb 2 h' }));
    expect(fake.callsTo('rules.setDnd')).toEqual([{ minutes: 120 }]);
  });
});
