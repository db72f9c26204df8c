import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MemberView, MembersView, OutboxItemView, PickedFileView } from '../../src/shared/contract/channels';
import { Composer } from '../../src/renderer/src/features/composer/Composer';
import { mentionedEmails } from '../../src/renderer/src/features/composer/logic';
import { MembersPanel } from '../../src/renderer/src/features/members/MembersPanel';
import { useOps } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, renderWithBridge, room, seedStore, sessionAs } from './fake-bridge';

/**
 * The composer acting on what main says before anything is queued (issue 12, bad input): mentions of people who
 * are not members, a chosen file that is no longer the one chosen, a space deleted while composing — each said in
 * the window with the text kept; the header's member count after the members panel adds or removes someone; a
 * chosen file kept with the draft.
 */

const person = (id: string, name: string): MemberView => ({
  membershipId: `ms-${id}`,
  personId: `p-${id}`,
  displayName: name,
  email: `${id}@acme.example`,
  initials: 'XX',
  isModerator: id === 'dana',
  external: false,
});

function item(id: string, roomId: string, markdown: string, over: Partial<OutboxItemView> = {}): OutboxItemView {
  return {
    id,
    roomId,
    roomTitle: 'NOC',
    markdown,
    queuedAt: '2026-01-05T10:00:00.000Z',
    expiresAt: '2026-01-05T10:10:00.000Z',
    state: { type: 'queued' },
    attempts: 0,
    source: 'composer',
    ...over,
  };
}

/** Main's side: members that add/remove change, a send queue, and whatever else the test passes. */
function mainWith(extra: Parameters<typeof fakeBridge>[0] = {}) {
  let members: MemberView[] = [person('dana', 'Dana Ops'), person('sam', 'Sam Rivera')];
  const queued: OutboxItemView[] = [];
  const view = (): MembersView => ({ roomId: 'r1', members, external: false, isLocked: false, canModerate: true });
  const fake = fakeBridge({
    'members.list': () => view(),
    'members.add': (p) => {
      const { emails } = p as { emails: string[] };
      const added = emails.map((email) => ({ ...person(email.split('@')[0] ?? email, email), email }));
      members = [...members, ...added];
      return { roomId: 'r1', results: added.map((m) => ({ email: m.email, status: 'added', member: m })) };
    },
    'members.remove': (p) => {
      members = members.filter((m) => m.membershipId !== (p as { membershipId: string }).membershipId);
      return { removed: true };
    },
    'composer.send': (p) => {
      const { roomId, markdown, fileId } = p as { roomId: string; markdown: string; fileId?: string };
      const it = item(`i${queued.length + 1}`, roomId, markdown, fileId ? { hasFile: true } : {});
      queued.push(it);
      return it;
    },
    'outbox.snapshot': () => ({ seq: 1, data: { items: [...queued], pending: queued.length } }),
    ...extra,
  });
  return fake;
}

let t = 1_000_000;
const now = () => t;

describe('composer: what main says before queueing', () => {
  beforeEach(() => {
    seedStore([room('r1', { title: 'NOC' })], [], { openRoomId: 'r1', extra: { session: sessionAs('a'.repeat(64)) } });
    t = 1_000_000;
  });

  const ghostText = 'heads up <@personEmail:ghost@nowhere.example|Ghost> and <@personEmail:sam@acme.example|Sam>';
  const ghostRefusal = failure({
    kind: 'invalidInput',
    message: 'ghost@nowhere.example is not a member of this space — add them, or send anyway.',
    issues: [{ path: 'markdown', message: 'ghost@nowhere.example is not a member of this space.' }],
  });

  it('finds the addresses a message mentions, once each', () => {
    expect(mentionedEmails(ghostText)).toEqual(['ghost@nowhere.example', 'sam@acme.example']);
    expect(mentionedEmails('<@personId:abc|X> <@personEmail:A@B.example> <@personEmail:a@b.example|A>')).toEqual([
      'A@B.example',
    ]);
    expect(mentionedEmails('no mentions @here')).toEqual([]);
  });

  it('a mention of someone not in the space is said inline before queueing; the text stays; "Send anyway" sends', async () => {
    const user = userEvent.setup();
    const fake = mainWith({ 'composer.checkMentions': () => ghostRefusal });
    renderWithBridge(<Composer roomId="r1" now={now} />, fake.bridge);
    t += 5000;
    const box = screen.getByRole('textbox', { name: 'Message to NOC' });
    fireEvent.change(box, { target: { value: ghostText } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    const warning = await screen.findByRole('alert', { name: 'Not members of this space' });
    expect(warning).toHaveTextContent(
      'ghost@nowhere.example is not a member of this space — add them, or send anyway.',
    );
    expect(fake.callsTo('composer.checkMentions')).toEqual([{ roomId: 'r1', markdown: ghostText }]);
    expect(fake.callsTo('composer.send')).toEqual([]);
    expect(box).toHaveValue(ghostText);
    expect(useOps.getState().toasts).toEqual([]);

    await user.click(within(warning).getByRole('button', { name: 'Send anyway' }));
    await waitFor(() => expect(fake.callsTo('composer.send')).toEqual([{ roomId: 'r1', markdown: ghostText }]));
    await waitFor(() => expect(box).toHaveValue(''));
    expect(screen.queryByRole('alert', { name: 'Not members of this space' })).toBeNull();
    // Checked once: "Send anyway" does not ask again.
    expect(fake.callsTo('composer.checkMentions')).toHaveLength(1);
  });

  it('"Add them and send" adds the people who are not members, then sends; Cancel keeps the text', async () => {
    const user = userEvent.setup();
    const fake = mainWith({ 'composer.checkMentions': () => ghostRefusal });
    renderWithBridge(<Composer roomId="r1" now={now} />, fake.bridge);
    t += 5000;
    const box = screen.getByRole('textbox', { name: 'Message to NOC' });
    await waitFor(() => expect(screen.getByLabelText('Posting to')).toHaveTextContent('2 members'));

    fireEvent.change(box, { target: { value: ghostText } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    let warning = await screen.findByRole('alert', { name: 'Not members of this space' });
    await user.click(within(warning).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alert', { name: 'Not members of this space' })).toBeNull();
    expect(box).toHaveValue(ghostText);
    expect(fake.callsTo('composer.send')).toEqual([]);

    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    warning = await screen.findByRole('alert', { name: 'Not members of this space' });
    await user.click(within(warning).getByRole('button', { name: 'Add them and send' }));
    // Only the one who is not a member is added (Sam is).
    await waitFor(() =>
      expect(fake.callsTo('members.add')).toEqual([{ roomId: 'r1', emails: ['ghost@nowhere.example'] }]),
    );
    await waitFor(() => expect(fake.callsTo('composer.send')).toEqual([{ roomId: 'r1', markdown: ghostText }]));
    await waitFor(() => expect(screen.getByLabelText('Posting to')).toHaveTextContent('3 members'));
  });

  it('text without mentions is not checked; a space deleted while composing is said, the text stays', async () => {
    const fake = mainWith({
      'composer.send': () =>
        failure({ kind: 'notFound', message: 'The space no longer exists, or this identity cannot see it.' }),
      'composer.checkMentions': () =>
        failure({ kind: 'notFound', message: 'The space no longer exists, or this identity cannot see it.' }),
    });
    renderWithBridge(<Composer roomId="r1" now={now} />, fake.bridge);
    t += 5000;
    const box = screen.getByRole('textbox', { name: 'Message to NOC' });
    fireEvent.change(box, { target: { value: 'plain words' } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'NOC no longer exists, or this identity cannot see it: nothing was sent.',
    );
    expect(fake.callsTo('composer.checkMentions')).toEqual([]);
    expect(box).toHaveValue('plain words');

    fireEvent.change(box, { target: { value: 'ping <@personEmail:sam@acme.example|Sam>' } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    await waitFor(() => expect(fake.callsTo('composer.checkMentions')).toHaveLength(1));
    expect(await screen.findByRole('alert')).toHaveTextContent('NOC no longer exists');
    // Nothing was queued once main said the space is gone.
    expect(fake.callsTo('composer.send')).toHaveLength(1);
    expect(box).toHaveValue('ping <@personEmail:sam@acme.example|Sam>');
  });
});

describe('composer: the member count', () => {
  beforeEach(() => {
    seedStore([room('r1', { title: 'NOC' })], [], { openRoomId: 'r1', extra: { session: sessionAs('me') } });
  });

  it('follows adds and removes made in the members panel', async () => {
    const user = userEvent.setup();
    const fake = mainWith();
    renderWithBridge(
      <>
        <Composer roomId="r1" now={now} />
        <MembersPanel roomId="r1" onClose={() => undefined} />
      </>,
      fake.bridge,
    );
    const target = screen.getByLabelText('Posting to');
    await waitFor(() => expect(target).toHaveTextContent('2 members'));
    const panel = screen.getByRole('dialog', { name: 'Members of NOC' });
    await user.type(within(panel).getByLabelText(/Add people by email/), 'lee@acme.example, kim@acme.example');
    await user.click(within(panel).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(target).toHaveTextContent('4 members'));
    await user.click(within(panel).getByRole('button', { name: 'Remove Sam Rivera' }));
    await waitFor(() => expect(target).toHaveTextContent('3 members'));
  });
});

describe('composer: the chosen file', () => {
  const graph: PickedFileView = { fileId: 'f-1', name: 'graph.png', size: 2048, contentType: 'image/png' };
  beforeEach(() => {
    seedStore([room('r1', { title: 'NOC' })], [], { openRoomId: 'r1', extra: { session: sessionAs('me') } });
    t = 1_000_000;
  });

  it('is saved with the draft when chosen and comes back with it; checked again right before sending', async () => {
    const user = userEvent.setup();
    const fake = mainWith({
      'composer.pickFile': () => ({ picked: true, file: graph }),
      'drafts.get': () => ({ roomId: 'r1', markdown: '', updatedAt: '2026-01-05T10:00:00.000Z' }),
      'drafts.set': () => ({ drafts: [] }),
      'composer.checkFile': () => graph,
    });
    renderWithBridge(<Composer roomId="r1" now={now} />, fake.bridge);
    t += 5000;
    await user.click(screen.getByRole('button', { name: 'Attach…' }));
    expect(await screen.findByText(/graph\.png \(2\.0 KB\)/)).toBeInTheDocument();
    await waitFor(() => expect(fake.callsTo('drafts.set')).toEqual([{ roomId: 'r1', markdown: '', fileId: 'f-1' }]));

    const box = screen.getByRole('textbox', { name: 'Message to NOC' });
    fireEvent.change(box, { target: { value: 'the graph' } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    await waitFor(() =>
      expect(fake.callsTo('composer.send')).toEqual([{ roomId: 'r1', markdown: 'the graph', fileId: 'f-1' }]),
    );
    expect(fake.callsTo('composer.checkFile')).toEqual([{ roomId: 'r1', fileId: 'f-1' }]);
  });

  it('a draft that kept a file shows it again; removing it saves the draft without it', async () => {
    const user = userEvent.setup();
    const fake = mainWith({
      'drafts.get': () => ({ roomId: 'r1', markdown: 'half', updatedAt: '2026-01-05T10:00:00.000Z', file: graph }),
      'drafts.set': () => ({ drafts: [] }),
    });
    renderWithBridge(<Composer roomId="r1" now={now} />, fake.bridge);
    expect(await screen.findByText(/graph\.png \(2\.0 KB\)/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Message to NOC' })).toHaveValue('half');
    await user.click(screen.getByRole('button', { name: 'Remove graph.png' }));
    await waitFor(() => expect(fake.callsTo('drafts.set')).toEqual([{ roomId: 'r1', markdown: 'half' }]));
    expect(screen.queryByText(/graph\.png \(/)).toBeNull();
  });

  it('a file that is no longer there is said in main’s words; nothing is queued, the text stays', async () => {
    const fake = mainWith({
      'composer.pickFile': () => ({ picked: true, file: graph }),
      'drafts.get': () => ({ roomId: 'r1', markdown: '' }),
      'drafts.set': () => ({ drafts: [] }),
      'composer.checkFile': () =>
        failure({
          kind: 'notFound',
          message: 'graph.png is no longer there: choose the file again.',
          issues: [{ path: 'file', message: 'graph.png was moved or deleted.' }],
        }),
    });
    renderWithBridge(<Composer roomId="r1" now={now} />, fake.bridge);
    t += 5000;
    fireEvent.click(screen.getByRole('button', { name: 'Attach…' }));
    await screen.findByText(/graph\.png \(2\.0 KB\)/);
    const box = screen.getByRole('textbox', { name: 'Message to NOC' });
    fireEvent.change(box, { target: { value: 'see graph' } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('graph.png is no longer there: choose the file again.');
    expect(fake.callsTo('composer.send')).toEqual([]);
    expect(box).toHaveValue('see graph');
  });
});
