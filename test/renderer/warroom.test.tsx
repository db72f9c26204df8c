import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VirtuosoMockContext } from 'react-virtuoso';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateSpaceInput, CreateSpaceResult } from '../../src/shared/contract/channels';
import { MessagePane } from '../../src/renderer/src/features/messages/MessagePane';
import { WarRoomDialog } from '../../src/renderer/src/features/warroom/WarRoomDialog';
import { titleFromAlert, useWarRoom } from '../../src/renderer/src/features/warroom/warroom-state';
import { useOps } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, message, renderWithBridge, room, seedStore, sessionAs } from './fake-bridge';

const alert = message('m1', {
  personDisplayName: 'AlertBot',
  text: 'CRITICAL: payments-db primary down\nreplica lag 40 s',
  markdown: '**CRITICAL**: payments-db primary down\nreplica lag 40 s',
  ruleMatches: ['rule-critical'],
});
const chat = message('m2', { text: 'looking', created: '2026-01-05T10:01:00.000Z' });

const created = (input: CreateSpaceInput, over: Partial<CreateSpaceResult> = {}): CreateSpaceResult => ({
  roomId: 'war1',
  title: input.title,
  members: (input.emails ?? []).map((email) => ({ email, status: 'alreadyMember' as const })),
  room: room('war1', { title: input.title, watched: true }),
  ...over,
});

function renderPane(handlers: Parameters<typeof fakeBridge>[0]) {
  const main = fakeBridge({ 'teams.list': () => ({ teams: [{ id: 't1', name: 'Platform' }] }), ...handlers });
  // Virtuoso measures nothing in happy-dom: the mock context gives it a viewport and a row height.
  renderWithBridge(
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 30 }}>
      <MessagePane />
      <WarRoomDialog />
    </VirtuosoMockContext.Provider>,
    main.bridge,
  );
  return main;
}

/** A message's row in the pane: Virtuoso places its rows a few frames after the first render. */
function messageRow(id: string): Promise<HTMLElement> {
  return waitFor(() => {
    const row = document.querySelector(`[data-message-id="${id}"]`);
    if (!row) throw new Error(`message ${id} is not shown yet`);
    return row as HTMLElement;
  });
}

describe('open a war room', () => {
  beforeEach(() => {
    seedStore([room('r1', { title: 'NOC' })], [alert, chat], { openRoomId: 'r1' });
    useWarRoom.setState({ request: undefined });
  });

  it('titles the room from the alert’s first line without markdown, shortened when long', () => {
    expect(titleFromAlert(alert)).toBe('War room: CRITICAL: payments-db primary down');
    expect(titleFromAlert({ markdown: `# ${'x'.repeat(200)}` })).toHaveLength(80);
  });

  it('from an alert in 3 interactions: "Open war room", the people, Enter — created, watched and opened', async () => {
    const user = userEvent.setup();
    const main = renderPane({
      'spaces.create': (p) => created(p as CreateSpaceInput),
      'rooms.open': () => ({ roomId: 'war1' }),
    });
    // Only alerts offer it.
    expect(within(await messageRow('m2')).queryByText('Open war room')).toBeNull();
    // By text: in happy-dom Virtuoso may keep the list `visibility: hidden` (it measures nothing), which takes the
    // rows out of the accessibility tree; the e2e clicks the same button by its role.
    await user.click(within(await messageRow('m1')).getByText('Open war room'));
    const dialog = screen.getByRole('dialog', { name: 'Open a war room' });
    expect(within(dialog).getByLabelText('Title')).toHaveValue('War room: CRITICAL: payments-db primary down');
    const people = within(dialog).getByLabelText(/People by email/);
    expect(people).toHaveFocus();
    await user.keyboard('sam.rivera@acme-ops.example, priya.natarajan@acme-ops.example{Enter}');
    await expect.poll(() => main.callsTo('rooms.open')).toEqual([{ roomId: 'war1' }]);
    expect(main.callsTo('spaces.create')).toEqual([
      {
        title: 'War room: CRITICAL: payments-db primary down',
        emails: ['sam.rivera@acme-ops.example', 'priya.natarajan@acme-ops.example'],
      },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('people of the alert’s space are offered: two clicks bring them in, with anyone typed', async () => {
    const user = userEvent.setup();
    const person = (id: string, name: string, personId = `p-${id}`) => ({
      membershipId: `ms-${id}`,
      personId,
      displayName: name,
      email: `${id}@acme-ops.example`,
      initials: 'XX',
      isModerator: false,
      external: false,
    });
    const main = renderPane({
      'members.list': () => ({
        roomId: 'r1',
        members: [person('dana', 'Dana Ops', 'person-me'), person('sam', 'Sam Rivera'), person('lee', 'Lee Chen')],
        external: false,
        isLocked: false,
        canModerate: true,
      }),
      'spaces.create': (p) => created(p as CreateSpaceInput),
      'rooms.open': () => ({ roomId: 'war1' }),
    });
    useOps.setState({ session: sessionAs('me') });
    await user.click(within(await messageRow('m1')).getByText('Open war room'));
    const dialog = screen.getByRole('dialog', { name: 'Open a war room' });
    const people = await within(dialog).findByRole('group', { name: 'People from the alert’s space' });
    // Not the operator: they are in the new space anyway.
    expect(
      within(people)
        .getAllByRole('checkbox')
        .map((c) => c.closest('label')?.textContent),
    ).toEqual(['Sam Rivera', 'Lee Chen']);
    await user.click(within(people).getByRole('checkbox', { name: 'Lee Chen' }));
    await user.type(within(dialog).getByLabelText(/People by email/), 'vic@vendor.example');
    await user.click(within(dialog).getByRole('button', { name: 'Create and open' }));
    await expect.poll(() => main.callsTo('rooms.open')).toEqual([{ roomId: 'war1' }]);
    expect(main.callsTo('spaces.create')).toEqual([
      { title: 'War room: CRITICAL: payments-db primary down', emails: ['lee@acme-ops.example', 'vic@vendor.example'] },
    ]);
  });

  it('bots of the alert’s space are not offered as people (flagged by main, or a @webex.bot address)', async () => {
    const user = userEvent.setup();
    const person = (id: string, name: string, over: Record<string, unknown> = {}) => ({
      membershipId: `ms-${id}`,
      personId: `p-${id}`,
      displayName: name,
      email: `${id}@acme-ops.example`,
      initials: 'XX',
      isModerator: false,
      external: false,
      ...over,
    });
    renderPane({
      'members.list': () => ({
        roomId: 'r1',
        members: [
          person('sam', 'Sam Rivera'),
          person('alertbot', 'AlertBot', { email: 'alertbot@webex.bot', bot: true }),
          person('deploybot', 'DeployBot', { email: 'DeployBot@Webex.Bot' }),
          person('opsbot', 'Ops Bot (me)', { personId: 'person-me', email: 'opsbot@webex.bot', bot: true }),
        ],
        external: false,
        isLocked: false,
        canModerate: true,
      }),
    });
    useOps.setState({ session: sessionAs('me') });
    await user.click(within(await messageRow('m1')).getByText('Open war room'));
    const dialog = screen.getByRole('dialog', { name: 'Open a war room' });
    const people = await within(dialog).findByRole('group', { name: 'People from the alert’s space' });
    expect(
      within(people)
        .getAllByRole('checkbox')
        .map((c) => c.closest('label')?.textContent),
    ).toEqual(['Sam Rivera']);
  });

  it('from the header: a typed title, a team from teams.list', async () => {
    const user = userEvent.setup();
    const main = renderPane({
      'spaces.create': (p) => created(p as CreateSpaceInput),
      'rooms.open': () => ({ roomId: 'war1' }),
    });
    await user.click(screen.getByRole('button', { name: 'War room…' }));
    const dialog = screen.getByRole('dialog', { name: 'Open a war room' });
    const title = within(dialog).getByLabelText('Title');
    expect(title).toHaveValue('');
    expect(title).toHaveFocus();
    await user.type(title, 'Bridge: core switch');
    await within(dialog).findByRole('option', { name: 'Platform' });
    await user.selectOptions(within(dialog).getByLabelText('Team (optional)'), 'Platform');
    await user.click(within(dialog).getByRole('button', { name: 'Create and open' }));
    await expect.poll(() => main.callsTo('rooms.open')).toEqual([{ roomId: 'war1' }]);
    expect(main.callsTo('spaces.create')).toEqual([{ title: 'Bridge: core switch', teamId: 't1' }]);
  });

  it('a refusal (scope missing) is shown in words, the form and what was typed stay', async () => {
    const user = userEvent.setup();
    const main = renderPane({
      'teams.list': () => failure({ kind: 'forbidden', message: 'scope', missingScopes: ['spark:teams_read'] }),
      'spaces.create': () =>
        failure({ kind: 'forbidden', message: 'scope', missingScopes: ['spark:rooms_write'], trackingId: 'T-9' }),
    });
    await user.click(within(await messageRow('m1')).getByText('Open war room'));
    const dialog = screen.getByRole('dialog', { name: 'Open a war room' });
    expect(await within(dialog).findByText(/Teams could not be read/)).toHaveTextContent(
      'Sign in again to allow spark:teams_read.',
    );
    await user.keyboard('sam.rivera@acme-ops.example{Enter}');
    await expect
      .poll(() =>
        within(dialog)
          .queryAllByRole('alert')
          .map((a) => a.textContent),
      )
      .toContain('Webex refused the request. Sign in again to allow spark:rooms_write. Tracking id: T-9');
    expect(within(dialog).getByLabelText(/People by email/)).toHaveValue('sam.rivera@acme-ops.example');
    expect(main.callsTo('rooms.open')).toEqual([]);
  });

  it('people that could not be added are listed after the room is opened', async () => {
    const user = userEvent.setup();
    const main = renderPane({
      'spaces.create': (p) =>
        created(p as CreateSpaceInput, {
          members: [
            { email: 'nobody@acme-ops.example', status: 'failed', error: { kind: 'notFound', message: 'no person' } },
          ],
        }),
      'rooms.open': () => ({ roomId: 'war1' }),
    });
    await user.click(screen.getByRole('button', { name: 'War room…' }));
    await user.keyboard('Bridge{Tab}{Tab}nobody@acme-ops.example{Enter}');
    const dialog = screen.getByRole('dialog', { name: 'Open a war room' });
    const results = await within(dialog).findByRole('list', { name: 'Added people' });
    expect(results).toHaveTextContent('nobody@acme-ops.example — not added: Not found.');
    expect(main.callsTo('rooms.open')).toEqual([{ roomId: 'war1' }]);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a typo in the people is refused before anything is created', async () => {
    const user = userEvent.setup();
    const main = renderPane({ 'spaces.create': (p) => created(p as CreateSpaceInput) });
    await user.click(within(await messageRow('m1')).getByText('Open war room'));
    await user.keyboard('sam.rivera{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Not an email address: sam.rivera');
    expect(main.callsTo('spaces.create')).toEqual([]);
  });
});
