import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemberView, MembersView } from '../../src/shared/contract/channels';
import { MessagePane } from '../../src/renderer/src/features/messages/MessagePane';
import { MembersPanel } from '../../src/renderer/src/features/members/MembersPanel';
import { parseEmails } from '../../src/renderer/src/features/members/emails';
import { useOps } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, renderWithBridge, room, seedStore, sessionAs } from './fake-bridge';

const member = (id: string, name: string, over: Partial<MemberView> = {}): MemberView => ({
  membershipId: `ms-${id}`,
  personId: `p-${id}`,
  displayName: name,
  email: `${id}@acme.example`,
  initials: name
    .split(' ')
    .map((w) => w[0])
    .join(''),
  isModerator: false,
  external: false,
  ...over,
});

const dana = member('dana', 'Dana Ops', { personId: 'person-me', isModerator: true });
const sam = member('sam', 'Sam Rivera');
const vic = member('vic', 'Vic Vendor', { external: true, email: 'vic@vendor.example' });

const view = (over: Partial<MembersView> = {}): MembersView => ({
  roomId: 'r1',
  members: [dana, sam, vic],
  external: true,
  isLocked: false,
  canModerate: true,
  ...over,
});

const noop = (): void => undefined;

describe('members panel', () => {
  beforeEach(() => {
    seedStore([room('r1', { title: 'NOC' })], [], { openRoomId: 'r1' });
    useOps.setState({ session: sessionAs('me') });
  });

  it('splits typed addresses on commas, semicolons and spaces, once each', () => {
    expect(parseEmails(' a@x.io, b@x.io;c@x.io\nd@x.io  A@X.io ,, ')).toEqual(['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io']);
  });

  it('opens from the space header and lists people with initials, moderators and external people marked', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({ 'members.list': () => view() });
    renderWithBridge(<MessagePane />, main.bridge);
    // (The composer reads the members too, for its count and mentions.)
    const before = main.callsTo('members.list').length;
    await user.click(screen.getByRole('button', { name: 'Members' }));
    const dialog = screen.getByRole('dialog', { name: 'Members of NOC' });
    const list = await within(dialog).findByRole('list', { name: 'Members' });
    expect(main.callsTo('members.list').slice(before)).toEqual([{ roomId: 'r1' }]);
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.querySelector('.avatar')?.textContent)).toEqual(['DO', 'SR', 'VV']);
    expect(within(rows[0] as HTMLElement).getByText('Moderator')).toBeInTheDocument();
    expect(within(rows[0] as HTMLElement).getByText('(you)')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).queryByText('Moderator')).toBeNull();
    expect(within(rows[2] as HTMLElement).getByText('EXT')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).queryByText('EXT')).toBeNull();
    // Esc closes the panel.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('adds several people at once and shows each outcome; failed addresses stay in the field', async () => {
    const user = userEvent.setup();
    const lee = member('lee', 'Lee Chen');
    const main = fakeBridge({
      'members.list': () => view(),
      'members.add': () => ({
        roomId: 'r1',
        results: [
          { email: 'lee@acme.example', status: 'added', member: lee },
          { email: 'sam@acme.example', status: 'alreadyMember' },
          { email: 'nobody@acme.example', status: 'failed', error: { kind: 'notFound', message: 'no person' } },
        ],
      }),
    });
    renderWithBridge(<MembersPanel roomId="r1" onClose={noop} />, main.bridge);
    await screen.findByRole('list', { name: 'Members' });
    const field = screen.getByLabelText(/Add people by email/);
    expect(field).toHaveFocus();
    await user.type(field, 'lee@acme.example, sam@acme.example nobody@acme.example{Enter}');
    expect(main.callsTo('members.add')).toEqual([
      { roomId: 'r1', emails: ['lee@acme.example', 'sam@acme.example', 'nobody@acme.example'] },
    ]);
    const results = await screen.findByRole('list', { name: 'Added people' });
    expect(within(results).getByText('lee@acme.example').closest('li')).toHaveTextContent('added (Lee Chen)');
    expect(within(results).getByText('sam@acme.example').closest('li')).toHaveTextContent('already a member');
    expect(within(results).getByText('nobody@acme.example').closest('li')).toHaveTextContent('not added: Not found.');
    expect(within(screen.getByRole('list', { name: 'Members' })).getByText('Lee Chen')).toBeInTheDocument();
    expect(field).toHaveValue('nobody@acme.example');
  });

  it('refuses a typo before anything is sent', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({ 'members.list': () => view() });
    renderWithBridge(<MembersPanel roomId="r1" onClose={noop} />, main.bridge);
    await screen.findByRole('list', { name: 'Members' });
    await user.type(screen.getByLabelText(/Add people by email/), 'lee@acme.example, sam-at-acme{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Not an email address: sam-at-acme');
    expect(main.callsTo('members.add')).toEqual([]);
  });

  it('removes a person and makes one moderator through main', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'members.list': () => view(),
      'members.remove': () => ({ removed: true }),
      'members.setModerator': () => ({ ...sam, isModerator: true }),
    });
    renderWithBridge(<MembersPanel roomId="r1" onClose={noop} />, main.bridge);
    const list = await screen.findByRole('list', { name: 'Members' });
    await user.click(within(list).getByRole('button', { name: 'Make moderator: Sam Rivera' }));
    expect(main.callsTo('members.setModerator')).toEqual([{ membershipId: 'ms-sam', isModerator: true }]);
    const samRow = within(list).getByRole('listitem', { name: 'Sam Rivera' });
    await within(samRow).findByText('Moderator');
    expect(within(samRow).getByRole('button', { name: 'Unmake moderator: Sam Rivera' })).toBeInTheDocument();

    await user.click(within(list).getByRole('button', { name: 'Remove Vic Vendor' }));
    expect(main.callsTo('members.remove')).toEqual([{ membershipId: 'ms-vic' }]);
    await expect.poll(() => within(list).queryByText('Vic Vendor')).toBeNull();
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
  });

  it('Esc closes the panel even when the focused button was just removed with its row', async () => {
    const user = userEvent.setup();
    let closed = 0;
    const main = fakeBridge({ 'members.list': () => view(), 'members.remove': () => ({ removed: true }) });
    renderWithBridge(<MembersPanel roomId="r1" onClose={() => (closed += 1)} />, main.bridge);
    const list = await screen.findByRole('list', { name: 'Members' });
    await user.click(within(list).getByRole('button', { name: 'Remove Vic Vendor' }));
    await expect.poll(() => within(list).queryByText('Vic Vendor')).toBeNull();
    expect(list).not.toContainElement(document.activeElement as HTMLElement);
    await user.keyboard('{Escape}');
    expect(closed).toBe(1);
  });

  it('a refusal is shown in words next to the person (moderator needed, missing scope), nothing removed', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'members.list': () => view(),
      'members.remove': () =>
        failure({ kind: 'forbidden', message: 'not a moderator', requiresModerator: true, trackingId: 'T-1' }),
      'members.setModerator': () =>
        failure({ kind: 'forbidden', message: 'scope', missingScopes: ['spark:memberships_write'] }),
    });
    renderWithBridge(<MembersPanel roomId="r1" onClose={noop} />, main.bridge);
    const list = await screen.findByRole('list', { name: 'Members' });
    await user.click(within(list).getByRole('button', { name: 'Remove Sam Rivera' }));
    const samRow = within(list).getByRole('listitem', { name: 'Sam Rivera' });
    expect(await within(samRow).findByRole('alert')).toHaveTextContent(
      'Webex refused the request. Only a moderator of this space may do that. Tracking id: T-1',
    );
    await user.click(within(list).getByRole('button', { name: 'Make moderator: Vic Vendor' }));
    const vicRow = within(list).getByRole('listitem', { name: 'Vic Vendor' });
    expect(await within(vicRow).findByRole('alert')).toHaveTextContent(
      'Sign in again to allow spark:memberships_write.',
    );
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
  });

  it('in a locked space the operator does not moderate, no add/remove/moderator controls are offered', async () => {
    const main = fakeBridge({ 'members.list': () => view({ isLocked: true, canModerate: false }) });
    renderWithBridge(<MembersPanel roomId="r1" onClose={noop} />, main.bridge);
    const list = await screen.findByRole('list', { name: 'Members' });
    expect(screen.getByRole('note')).toHaveTextContent('only its moderators may add or remove people');
    expect(screen.queryByLabelText(/Add people by email/)).toBeNull();
    expect(within(list).queryAllByRole('button')).toEqual([]);
  });

  it('a list that cannot be read says why and can be retried', async () => {
    const user = userEvent.setup();
    let fail = true;
    const main = fakeBridge({
      'members.list': () => (fail ? failure({ kind: 'network', message: 'down' }) : view()),
    });
    renderWithBridge(<MembersPanel roomId="r1" onClose={noop} />, main.bridge);
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach Webex.');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Members' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
