/**
 * Who posts, in the window: the runner's preview and confirm step say "Posts as <name> (bot)" when the runbook
 * posts as another saved identity (`RunbookPreview.postsAs`), and a runbook whose `postAs` cannot be used is shown
 * disabled in the quick-actions list with main's reason (`RunbookView.postAsProblem`), following runbooks events.
 */
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvent, RunbookPreview, RunbookView } from '../../src/shared/contract/channels';
import { QuickActions } from '../../src/renderer/src/features/quick-actions/QuickActions';
import { applyEvent, runbooksSliceOf } from '../../src/renderer/src/store/apply';
import { useOps } from '../../src/renderer/src/store/store';
import { fakeBridge, renderWithBridge, room, seedStore, sessionAs } from './fake-bridge';

const noc = room('r1', { title: 'NOC' });

function deliver(event: CoreEvent): void {
  act(() => useOps.setState((s) => applyEvent(s, event)));
}

const botNotice: RunbookView = {
  id: 'bot-notice',
  kind: 'message',
  label: 'Bot notice',
  category: 'Automation',
  description: 'Posted by the team bot.',
  variables: [],
  targets: { type: 'open' },
  confirm: 'always',
  thread: false,
  postAs: 'alertbot@example.com',
  ttlMinutes: 5,
  file: 'runbooks/bot.yaml',
};

function previewAs(postsAs: RunbookPreview['postsAs']): RunbookPreview {
  return {
    runbookId: 'bot-notice',
    markdown: 'Automated notice: disk',
    bytes: 22,
    maxBytes: 7439,
    targets: [{ roomId: 'r1', title: 'NOC', memberCount: 4, external: false }],
    confirmRequired: true,
    problems: [],
    ...(postsAs ? { postsAs } : {}),
  };
}

function seed(runbooks: RunbookView[]): void {
  seedStore([noc], [], {
    openRoomId: 'r1',
    extra: { session: sessionAs('a'.repeat(64)), runbooks: runbooksSliceOf({ runbooks, files: [] }) },
  });
}

beforeEach(() => seed([botNotice]));

describe('who posts, in the quick actions', () => {
  it('the preview and the confirm step say the runbook posts as the bot', async () => {
    const user = userEvent.setup();
    const fake = fakeBridge({
      'runbooks.preview': () => previewAs({ displayName: 'AlertBot', email: 'alertbot@example.com', kind: 'bot' }),
    });
    renderWithBridge(<QuickActions signedIn />, fake.bridge);
    await user.click(screen.getByRole('button', { name: 'Bot notice' }));
    const runner = screen.getByRole('region', { name: 'Run Bot notice' });
    await user.click(within(runner).getByRole('button', { name: 'Preview' }));
    const preview = await within(runner).findByLabelText('Preview');
    expect(preview.querySelector('[data-part="posts-as"]')).toHaveTextContent('Posts as AlertBot (bot)');

    await user.click(within(runner).getByRole('button', { name: 'Review and confirm…' }));
    const confirm = within(runner).getByRole('group', { name: 'Confirm' });
    expect(within(confirm).getByText(/Posts as/)).toHaveTextContent('Posts as AlertBot (bot) alertbot@example.com');
  });

  it('a colleague is named without "(bot)"; the operator themself is not announced', async () => {
    const user = userEvent.setup();
    let postsAs: RunbookPreview['postsAs'] = { displayName: 'Sam Lee', email: 'sam@example.com', kind: 'person' };
    const fake = fakeBridge({ 'runbooks.preview': () => previewAs(postsAs) });
    renderWithBridge(<QuickActions signedIn />, fake.bridge);
    await user.click(screen.getByRole('button', { name: 'Bot notice' }));
    const runner = screen.getByRole('region', { name: 'Run Bot notice' });
    await user.click(within(runner).getByRole('button', { name: 'Preview' }));
    const line = await within(runner).findByText(/Posts as/);
    expect(line).toHaveTextContent('Posts as Sam Lee sam@example.com');
    expect(line).not.toHaveTextContent('(bot)');

    // The signed-in operator (sessionAs: dana@example.com) is who posts: nothing to announce.
    postsAs = { displayName: 'Dana Ops', email: 'DANA@example.com', kind: 'person' };
    await user.click(within(runner).getByRole('button', { name: 'Preview' }));
    await within(runner).findByLabelText('Preview');
    expect(runner.querySelector('[data-part="posts-as"]')).toBeNull();
    expect(within(runner).queryByText(/Posts as/)).toBeNull();
  });

  it('a runbook whose postAs cannot be used is disabled with main’s reason, and enabled again by the next event', () => {
    const reason = 'AlertBot is signed out: sign in as it again to post as it.';
    seed([{ ...botNotice, postAsProblem: reason }]);
    const fake = fakeBridge();
    renderWithBridge(<QuickActions signedIn />, fake.bridge);
    const button = screen.getByRole('button', { name: /Bot notice/ });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('title', reason);
    expect(button).toHaveAccessibleDescription(reason);
    // Said in words beside the button, not only on hover.
    expect(document.querySelector('[data-runbook-id="bot-notice"]')).toHaveTextContent(`Bot notice: ${reason}`);

    deliver({ type: 'runbooks.changed', state: { runbooks: [botNotice], files: [] } });
    expect(screen.getByRole('button', { name: 'Bot notice' })).toBeEnabled();
    expect(document.querySelector('[data-runbook-id="bot-notice"]')).toBeNull();
  });

  it('the palette (Ctrl+J) shows the runbook disabled with the reason, and Enter does not start it', async () => {
    const user = userEvent.setup();
    const reason = 'No saved identity "alertbot@example.com" to post as.';
    seed([{ ...botNotice, postAsProblem: reason }]);
    renderWithBridge(<QuickActions signedIn />, fakeBridge().bridge);
    await user.keyboard('{Control>}j{/Control}');
    const option = within(screen.getByRole('listbox', { name: 'Runbooks' })).getByRole('option', {
      name: /Bot notice/,
    });
    expect(option).toHaveAttribute('aria-disabled', 'true');
    expect(option).toHaveTextContent(reason);
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('region', { name: 'Run Bot notice' })).toBeNull();
  });
});
