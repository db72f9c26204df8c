import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MembersView, OutboxItemView } from '../../src/shared/contract/channels';
import { BridgeProvider } from '../../src/renderer/src/bridge-context';
import { Composer } from '../../src/renderer/src/features/composer/Composer';
import {
  byteLength,
  composerItemsFor,
  insertMention,
  keyAction,
  matchMembers,
  MAX_MESSAGE_BYTES,
  mentionQueryAt,
  readableMentions,
  refusalOf,
  spaceJustChanged,
} from '../../src/renderer/src/features/composer/logic';
import { outboxSliceOf } from '../../src/renderer/src/store/apply';
import { useOps } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, renderWithBridge, room, seedStore, sessionAs } from './fake-bridge';

const noc = room('r1', { title: 'NOC' });
const dba = room('r2', { title: 'DBA' });

function item(id: string, over: Partial<OutboxItemView> = {}): OutboxItemView {
  return {
    id,
    roomId: 'r1',
    roomTitle: 'NOC',
    markdown: `text ${id}`,
    queuedAt: '2026-01-05T10:00:00.000Z',
    expiresAt: '2026-01-05T10:10:00.000Z',
    state: { type: 'queued' },
    attempts: 0,
    source: 'composer',
    ...over,
  };
}

const members: MembersView = {
  roomId: 'r1',
  members: [
    {
      membershipId: 'ms1',
      personId: 'p1',
      displayName: 'Dana Ops',
      email: 'dana@example.com',
      initials: 'DO',
      isModerator: true,
      external: false,
    },
    {
      membershipId: 'ms2',
      personId: 'p2',
      displayName: 'Eve Partner',
      email: 'eve@partner.example',
      initials: 'EP',
      isModerator: false,
      external: true,
    },
  ],
  external: true,
  isLocked: false,
  canModerate: true,
};

/** A clock the test moves: the composer's space-changed guard reads it. */
function testClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = ms) };
}

/** Main's side: `composer.send` queues an item (the composer shows main's answer until an outbox event lists it). */
function sendingBridge(extra: Parameters<typeof fakeBridge>[0] = {}) {
  const queued: OutboxItemView[] = [];
  return fakeBridge({
    'composer.send': (p) => {
      const { roomId, markdown, parentId } = p as { roomId: string; markdown: string; parentId?: string };
      const it = item(`i${queued.length + 1}`, { roomId, markdown, ...(parentId ? { parentId } : {}) });
      queued.push(it);
      return it;
    },
    ...extra,
  });
}

describe('composer rules', () => {
  it('Enter sends; Shift+Enter and an input method’s Enter are new lines', () => {
    expect(keyAction({ key: 'Enter', shiftKey: false })).toBe('send');
    expect(keyAction({ key: 'Enter', shiftKey: true })).toBe('newline');
    expect(keyAction({ key: 'Enter', shiftKey: false, isComposing: true })).toBe('newline');
    expect(keyAction({ key: 'a', shiftKey: false })).toBe('none');
  });

  it('counts UTF-8 bytes and refuses empty text and text over 7,439 bytes', () => {
    expect(byteLength('é€😀')).toBe(2 + 3 + 4);
    expect(refusalOf('  \n')).toBe('empty');
    expect(refusalOf('a'.repeat(MAX_MESSAGE_BYTES))).toBeUndefined();
    expect(refusalOf('é'.repeat(3720))).toBe('tooLong');
  });

  it('a space changed less than a second ago asks first', () => {
    expect(spaceJustChanged(1000, 1999)).toBe(true);
    expect(spaceJustChanged(1000, 2000)).toBe(false);
    expect(spaceJustChanged(undefined, 0)).toBe(false);
  });

  it('shows the place’s composer items: open ones always, sent ones only when this window sent them', () => {
    const items = [
      item('a', { state: { type: 'failed', at: 'x', kind: 'forbidden', message: 'no' } }),
      item('b', { state: { type: 'sent', at: 'x', via: 'post' } }),
      item('c', { state: { type: 'sent', at: 'x', via: 'post' } }),
      item('d', { parentId: 'm1' }),
      item('e', { source: 'runbook' }),
      item('f', { roomId: 'r2' }),
    ];
    expect(composerItemsFor(items, 'r1', undefined, new Set(['c'])).map((i) => i.id)).toEqual(['a', 'c']);
    expect(composerItemsFor(items, 'r1', 'm1', new Set()).map((i) => i.id)).toEqual(['d']);
  });
});

describe('mention rules', () => {
  it('finds the @word before the caret, matches members by name or email, inserts Webex markup', () => {
    expect(mentionQueryAt('ping @ev', 8)).toEqual({ start: 5, query: 'ev' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('mail a@b', 8)).toBeUndefined();
    expect(mentionQueryAt('ping @ev now', 12)).toBeUndefined();
    expect(matchMembers(members.members, 'par').map((m) => m.displayName)).toEqual(['Eve Partner']);
    expect(matchMembers(members.members, 'dana@').map((m) => m.displayName)).toEqual(['Dana Ops']);
    const eve = members.members[1];
    if (!eve) throw new Error('no Eve');
    expect(insertMention('ping @ev now', 5, 8, eve)).toEqual({
      text: 'ping <@personEmail:eve@partner.example|Eve Partner>  now',
      caret: 5 + '<@personEmail:eve@partner.example|Eve Partner> '.length,
    });
    expect(insertMention('@x', 0, 2, { displayName: 'A <b>|c', email: 'a@x' }).text).toBe('<@personEmail:a@x|A bc> ');
  });

  it('a sent message’s one-line summary shows mentions by name, not as markup', () => {
    expect(readableMentions('ping <@personEmail:eve@partner.example|Eve Partner> now')).toBe('ping @Eve Partner now');
    expect(readableMentions('<@personEmail:dana@ops.example> and <@personId:Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x>')).toBe(
      '@dana@ops.example and @someone',
    );
    expect(readableMentions('no mention <b>here</b>')).toBe('no mention <b>here</b>');
  });
});

describe('Composer', () => {
  beforeEach(() => seedStore([noc, dba], [], { openRoomId: 'r1', extra: { session: sessionAs('a'.repeat(64)) } }));

  it('Enter sends the text through the outbox and clears the box; Shift+Enter adds a line', async () => {
    const user = userEvent.setup();
    const clock = testClock();
    const fake = sendingBridge();
    renderWithBridge(<Composer roomId="r1" now={clock.now} />, fake.bridge);
    clock.set(clock.now() + 5000);
    const box = screen.getByRole('textbox', { name: 'Message to NOC' });
    await user.type(box, 'line one{Shift>}{Enter}{/Shift}line **two**');
    expect(box).toHaveValue('line one\nline **two**');
    expect(fake.callsTo('composer.send')).toEqual([]);

    await user.type(box, '{Enter}');
    await waitFor(() => expect(box).toHaveValue(''));
    expect(fake.callsTo('composer.send')).toEqual([{ roomId: 'r1', markdown: 'line one\nline **two**' }]);
    // The sent message is shown with its outbox state.
    const sent = document.querySelector('[data-item-id="i1"]');
    expect(sent).toHaveAttribute('data-state', 'queued');
    expect(sent).toHaveTextContent('sending…');
  });

  it('the byte counter refuses before sending: over 7,439 bytes nothing goes to main', async () => {
    const clock = testClock();
    const fake = sendingBridge();
    renderWithBridge(<Composer roomId="r1" now={clock.now} />, fake.bridge);
    clock.set(clock.now() + 5000);
    const box = screen.getByRole('textbox', { name: 'Message to NOC' });
    fireEvent.change(box, { target: { value: 'é'.repeat(3719) } });
    expect(screen.getByLabelText('Size')).toHaveTextContent('7438/7439 B');
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled();

    fireEvent.change(box, { target: { value: 'é'.repeat(3720) } });
    expect(screen.getByLabelText('Size')).toHaveTextContent('7440/7439 B');
    expect(screen.getByLabelText('Size')).toHaveAttribute('data-over', 'true');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(screen.getByRole('alert')).toHaveTextContent('7440 bytes; Webex accepts at most 7439');
    expect(fake.callsTo('composer.send')).toEqual([]);
    expect(box).toHaveValue('é'.repeat(3720));
  });

  it('Enter less than a second after the space changed asks which space; confirming sends there, cancel keeps the text', async () => {
    const user = userEvent.setup();
    const clock = testClock();
    const fake = sendingBridge();
    const view = renderWithBridge(<Composer roomId="r1" now={clock.now} />, fake.bridge);
    clock.set(clock.now() + 5000);
    view.rerender(
      <BridgeProvider ops={fake.bridge}>
        <Composer roomId="r2" now={clock.now} />
      </BridgeProvider>,
    );
    // The space changed at this instant; Enter 400 ms later.
    clock.set(clock.now() + 400);
    const box = screen.getByRole('textbox', { name: 'Message to DBA' });
    fireEvent.change(box, { target: { value: 'restart the replica' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    const dialog = screen.getByRole('alertdialog', { name: 'The space just changed' });
    expect(dialog).toHaveTextContent('Send this to DBA?');
    expect(fake.callsTo('composer.send')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(box).toHaveValue('restart the replica');
    expect(fake.callsTo('composer.send')).toEqual([]);

    fireEvent.keyDown(box, { key: 'Enter' });
    await user.click(screen.getByRole('button', { name: 'Send to DBA' }));
    await waitFor(() =>
      expect(fake.callsTo('composer.send')).toEqual([{ roomId: 'r2', markdown: 'restart the replica' }]),
    );

    // A second later Enter sends without asking.
    clock.set(clock.now() + 1000);
    fireEvent.change(box, { target: { value: 'done' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await waitFor(() => expect(fake.callsTo('composer.send')).toHaveLength(2));
  });

  it('shows the space, its member count, EXT and who posts; loads the draft; a thread composer replies', async () => {
    const fake = sendingBridge({
      'members.list': () => members,
      'drafts.get': () => ({ roomId: 'r1', markdown: 'half-written', updatedAt: '2026-01-05T10:00:00.000Z' }),
    });
    const clock = testClock();
    renderWithBridge(<Composer roomId="r1" now={clock.now} />, fake.bridge);
    const target = screen.getByLabelText('Posting to');
    await waitFor(() => expect(target).toHaveTextContent('2 members'));
    expect(target).toHaveTextContent('# NOC');
    expect(target).toHaveTextContent('EXT');
    expect(target).toHaveTextContent('as Dana Ops');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message to NOC' })).toHaveValue('half-written'));
  });

  it('a thread composer sends with the parent at once (the space did not change) and keeps no draft', async () => {
    const clock = testClock();
    const fake = sendingBridge();
    renderWithBridge(<Composer roomId="r1" parentId="m1" now={clock.now} />, fake.bridge);
    const box = screen.getByRole('textbox', { name: 'Reply in thread in NOC' });
    fireEvent.change(box, { target: { value: 'on it' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() =>
      expect(fake.callsTo('composer.send')).toEqual([{ roomId: 'r1', markdown: 'on it', parentId: 'm1' }]),
    );
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.callsTo('drafts.get')).toEqual([]);
    expect(fake.callsTo('drafts.set')).toEqual([]);
  });

  it('@ offers the space’s members; Enter picks one instead of sending, Esc closes the list', async () => {
    const user = userEvent.setup();
    const clock = testClock();
    const fake = sendingBridge({ 'members.list': () => members, 'composer.checkMentions': () => ({ mentions: 1 }) });
    renderWithBridge(<Composer roomId="r1" now={clock.now} />, fake.bridge);
    clock.set(clock.now() + 5000);
    const box = screen.getByRole('textbox', { name: 'Message to NOC' });
    await waitFor(() => expect(screen.getByRole('group', { name: 'Posting to' })).toHaveTextContent('2 members'));
    await user.type(box, 'ping @pa');
    const list = screen.getByRole('listbox', { name: 'Mention someone' });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringContaining('Eve Partner')]);
    expect(list).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('ping <@personEmail:eve@partner.example|Eve Partner> ');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(fake.callsTo('composer.send')).toEqual([]);

    await user.type(box, 'and @');
    expect(screen.getAllByRole('option')).toHaveLength(2);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(fake.callsTo('composer.send')).toEqual([
        { roomId: 'r1', markdown: 'ping <@personEmail:eve@partner.example|Eve Partner> and @' },
      ]),
    );
    // Main checked the mention names a member before it was queued.
    expect(fake.callsTo('composer.checkMentions')).toEqual([
      { roomId: 'r1', markdown: 'ping <@personEmail:eve@partner.example|Eve Partner> and @' },
    ]);
  });

  it('Attach… chooses a file in main; it goes with the next send (even without text) and is then cleared', async () => {
    const user = userEvent.setup();
    const clock = testClock();
    const fake = sendingBridge({
      'composer.pickFile': () => ({
        picked: true,
        file: { fileId: 'f-1', name: 'graph.png', size: 2048, contentType: 'image/png' },
      }),
      'composer.checkFile': () => ({ fileId: 'f-1', name: 'graph.png', size: 2048, contentType: 'image/png' }),
    });
    renderWithBridge(<Composer roomId="r1" now={clock.now} />, fake.bridge);
    clock.set(clock.now() + 5000);
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Attach…' }));
    expect(await screen.findByText(/graph\.png \(2\.0 KB\)/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled();
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message to NOC' }), { key: 'Enter' });
    await waitFor(() => expect(fake.callsTo('composer.send')).toEqual([{ roomId: 'r1', markdown: '', fileId: 'f-1' }]));
    await waitFor(() => expect(screen.queryByText(/graph\.png \(/)).toBeNull());
    expect(document.querySelector('[data-item-id="i1"]')).not.toBeNull();
  });

  it('the preview renders the markdown with the message renderer', async () => {
    const user = userEvent.setup();
    renderWithBridge(<Composer roomId="r1" />, sendingBridge().bridge);
    fireEvent.change(screen.getByRole('textbox', { name: 'Message to NOC' }), { target: { value: 'a **bold** move' } });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = screen.getByLabelText('Preview');
    expect(preview.querySelector('strong')).toHaveTextContent('bold');
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('failed and unknown sends stay in view with Retry and Discard through outbox.resolve; a refusal keeps the text', async () => {
    const user = userEvent.setup();
    const failed = item('f1', {
      state: {
        type: 'failed',
        at: '2026-01-05T10:00:01.000Z',
        kind: 'forbidden',
        message: 'Not allowed.',
        trackingId: 'T-1',
      },
    });
    const unknown = item('u1', { state: { type: 'needsOperator', since: 'x', reason: 'cannotReadBack' } });
    // The outbox slice as main's snapshot and events leave it (the composer reads the store, never polls).
    useOps.setState({ outbox: outboxSliceOf({ items: [failed, unknown], pending: 2 }) });
    const fake = fakeBridge({
      'outbox.resolve': (p) => ({ ...failed, state: { type: 'queued' }, id: (p as { itemId: string }).itemId }),
      'composer.send': () => failure({ kind: 'notFound', message: 'The space is gone.' }),
    });
    const clock = testClock();
    renderWithBridge(<Composer roomId="r1" now={clock.now} />, fake.bridge);
    const f1 = await waitFor(() => {
      const el = document.querySelector('[data-item-id="f1"]');
      if (!el) throw new Error('not shown yet');
      return el as HTMLElement;
    });
    expect(f1).toHaveTextContent('failed — Not allowed. (tracking id T-1)');
    const u1 = document.querySelector('[data-item-id="u1"]') as HTMLElement;
    expect(u1).toHaveTextContent('unknown');
    expect(u1.querySelector('button')).toHaveTextContent('Retry');

    await user.click(f1.querySelector('button') as HTMLElement);
    expect(fake.callsTo('outbox.resolve')).toEqual([{ itemId: 'f1', action: 'resend' }]);
    await user.click([...u1.querySelectorAll('button')].find((b) => b.textContent === 'Discard') as HTMLElement);
    expect(fake.callsTo('outbox.resolve')).toContainEqual({ itemId: 'u1', action: 'discard' });

    clock.set(clock.now() + 5000);
    const box = screen.getByRole('textbox', { name: 'Message to NOC' });
    fireEvent.change(box, { target: { value: 'still here' } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    await waitFor(() =>
      expect(screen.getByText(/^NOC no longer exists, or this identity cannot see it/)).toHaveAttribute(
        'role',
        'alert',
      ),
    );
    expect(box).toHaveValue('still here');
    expect(useOps.getState().toasts).toEqual([]);
  });
});
