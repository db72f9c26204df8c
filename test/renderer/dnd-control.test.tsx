import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { act } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RulesState } from '../../src/shared/contract/channels';
import { DndControl } from '../../src/renderer/src/features/rules/DndControl';
import { useOps } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, renderWithBridge, seedStore } from './fake-bridge';

const rulesWith = (dnd: RulesState['dnd']): RulesState => ({ rules: [], dnd });

beforeEach(() => {
  seedStore([]);
  useOps.setState({ rules: rulesWith({ heldBack: 0, criticalBreaksThrough: true }) });
});

describe('do not disturb: the critical alerts switch', () => {
  it('shows the saved switch and turns it off through main (pending while main answers)', async () => {
    const user = userEvent.setup();
    const fake = fakeBridge({
      'rules.setDndOptions': (p) => rulesWith({ heldBack: 0, ...(p as { criticalBreaksThrough: boolean }) }),
    });
    renderWithBridge(<DndControl active={false} />, fake.bridge);
    const box = screen.getByRole('checkbox', { name: 'Critical alerts break through' });
    expect(box).toBeChecked();
    expect(screen.getByRole('button', { name: /^Do not disturb/ })).toHaveAttribute(
      'title',
      expect.stringContaining('critical alert rules still notify'),
    );
    fake.holdCalls();
    await user.click(box);
    expect(fake.callsTo('rules.setDndOptions')).toEqual([{ criticalBreaksThrough: false }]);
    expect(screen.getByRole('checkbox', { name: 'Critical alerts break through' })).toBeDisabled();
    await act(async () => fake.release());
    expect(screen.getByRole('checkbox', { name: 'Critical alerts break through' })).toBeEnabled();
    // Main's rules slice is what the box shows (the rules.changed event updates the store).
    act(() => useOps.setState({ rules: rulesWith({ heldBack: 0, criticalBreaksThrough: false }) }));
    expect(screen.getByRole('checkbox', { name: 'Critical alerts break through' })).not.toBeChecked();
    expect(screen.getByRole('button', { name: /^Do not disturb/ })).toHaveAttribute(
      'title',
      expect.stringContaining('critical alert rules too'),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Critical alerts break through' }));
    expect(fake.callsTo('rules.setDndOptions')).toEqual([
      { criticalBreaksThrough: false },
      { criticalBreaksThrough: true },
    ]);
  });

  it('is offered while do not disturb is on; an older main without the field counts as on', async () => {
    useOps.setState({ rules: rulesWith({ heldBack: 3, until: '2026-01-05T12:00:00.000Z' }) });
    const fake = fakeBridge({ 'rules.setDnd': () => rulesWith({ heldBack: 3 }) });
    renderWithBridge(<DndControl active />, fake.bridge);
    expect(screen.getByRole('button', { name: 'End do not disturb' })).toBeVisible();
    expect(screen.getByRole('checkbox', { name: 'Critical alerts break through' })).toBeChecked();
  });

  it('a refused switch is shown to the operator, and the box keeps what main says', async () => {
    const user = userEvent.setup();
    const fake = fakeBridge({
      'rules.setDndOptions': () => failure({ kind: 'notSignedIn', message: 'Sign in to change alert settings.' }),
    });
    renderWithBridge(<DndControl active={false} />, fake.bridge);
    await user.click(screen.getByRole('checkbox', { name: 'Critical alerts break through' }));
    expect(screen.getByRole('checkbox', { name: 'Critical alerts break through' })).toBeChecked();
    const command = useOps.getState().commands.get('rules.setDndOptions');
    expect(command).toMatchObject({ status: 'error', error: { kind: 'notSignedIn' } });
    expect(useOps.getState().toasts.map((t) => t.label)).toContain('Hold back critical alerts during do not disturb');
  });
});
