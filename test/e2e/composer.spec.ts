import type { Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type OpsApp } from './fixtures';
import type { Simulator } from '../../src/sim';

/**
 * The composer (issue 12) in the window against the simulator: type and send (the message reaches the simulator
 * once and shows as sent in the pane), a dropped connection after the simulator accepted (exactly one message, sent
 * after reconciliation), a reply in a thread, a draft that survives a restart of the core, a file attached through
 * main's open dialog (the harness answers it: `app.pickNext`), and mentions of people who are not members.
 *
 * The page's clock is Playwright's (`page.clock`): the composer asks before sending when the open space changed
 * less than a second ago, so each test moves the page's time past that instead of waiting.
 */
async function signedInWithSpace(app: OpsApp, sim: Simulator, title: string): Promise<{ page: Page; roomId: string }> {
  const page = app.page;
  await page.clock.install();
  await app.open();
  const room = sim.control.createRoom('operator', { title });
  sim.control.addMember(room.id, 'bot');
  const signedIn = await app.invoke('session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl });
  expect(signedIn.ok).toBe(true);
  await page.locator(`li.room-row[data-room-id="${room.id}"] button.room`).click();
  await expect(page.getByRole('heading', { name: `# ${title}` })).toBeVisible();
  await expect(page.getByRole('textbox', { name: `Message to ${title}` })).toBeVisible();
  await page.clock.fastForward(2000);
  return { page, roomId: room.id };
}

const postedWith = (sim: Simulator, roomId: string, needle: string) =>
  sim.control.messages(roomId).filter((m) => (m.markdown ?? '').includes(needle));

test.describe('composer', () => {
  test('type and send; reply in a thread; the draft survives a restart', async ({ app, sim }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Ops');
    const box = page.getByRole('textbox', { name: 'Message to Composer Ops' });
    const target = page.getByLabel('Posting to').first();
    await expect(target).toContainText('# Composer Ops');
    await expect(target).toContainText('2 members');
    await expect(target).toContainText('as ');

    await box.fill('Failover **started** on edge-1');
    await expect(page.getByLabel('Size').first()).toHaveText('30/7439 B');
    await box.press('Enter');
    await expect(box).toHaveValue('');
    const list = page.getByRole('list', { name: 'Messages in Composer Ops' });
    await expect(list).toContainText('Failover started on edge-1', { timeout: 15_000 });
    await expect(list.locator('strong', { hasText: 'started' })).toBeVisible();
    const sends = page.getByRole('list', { name: 'Sent from the composer' }).first();
    await expect(sends.locator('li[data-state="sent"]')).toContainText('sent', { timeout: 15_000 });
    expect(postedWith(sim, roomId, 'Failover **started** on edge-1')).toHaveLength(1);
    await page.screenshot({ path: testInfo.outputPath('composer-1-sent.png') });

    // Reply in a thread: from the message, through the thread panel's composer.
    const root = postedWith(sim, roomId, 'Failover **started**')[0];
    if (!root) throw new Error('the message did not reach the simulator');
    await list
      .locator(`li[data-message-id="${root.id}"]`)
      .getByRole('button', { name: /Reply to .* in a thread/ })
      .click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    const replyBox = thread.getByRole('textbox', { name: 'Reply in thread in Composer Ops' });
    await replyBox.fill('Traffic drained from edge-1');
    await replyBox.press('Enter');
    await expect(thread.getByRole('list', { name: 'Thread messages' })).toContainText('Traffic drained from edge-1', {
      timeout: 15_000,
    });
    const replies = postedWith(sim, roomId, 'Traffic drained');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.parentId).toBe(root.id);
    await page.screenshot({ path: testInfo.outputPath('composer-2-thread.png') });

    // A draft is saved in main as typed and is there again after the core restarts.
    await box.fill('Half-written *update*');
    await expect
      .poll(async () => {
        const r = await app.invoke('drafts.get', { roomId });
        return r.ok ? (r.value as { markdown: string }).markdown : undefined;
      })
      .toBe('Half-written *update*');
    await app.restart();
    await page.locator(`li.room-row[data-room-id="${roomId}"] button.room`).click();
    await expect(page.getByRole('textbox', { name: 'Message to Composer Ops' })).toHaveValue('Half-written *update*');
    await page.screenshot({ path: testInfo.outputPath('composer-3-draft-restored.png') });
  });

  test('the connection drops after the simulator accepted: one message, shown as sent after reconciliation', async ({
    app,
    sim,
  }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Drop');
    sim.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 1 } });
    const box = page.getByRole('textbox', { name: 'Message to Composer Drop' });
    await box.fill('Customer impact: none');
    await box.press('Enter');
    const sends = page.getByRole('list', { name: 'Sent from the composer' }).first();
    await expect(sends.locator('li[data-state="sent"]')).toBeVisible({ timeout: 20_000 });
    expect(postedWith(sim, roomId, 'Customer impact: none')).toHaveLength(1);
    const outbox = await app.invoke('outbox.snapshot');
    const items = outbox.ok
      ? (outbox.value as { data: { items: { source?: string; state: { type: string; via?: string } }[] } }).data.items
      : [];
    expect(items.filter((i) => i.source === 'composer').map((i) => i.state)).toEqual([
      expect.objectContaining({ type: 'sent', via: 'reconciled' }),
    ]);
    await page.screenshot({ path: testInfo.outputPath('composer-4-reconciled.png') });
  });

  test('edit and delete an own message from the pane', async ({ app, sim }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Edit');
    const box = page.getByRole('textbox', { name: 'Message to Composer Edit' });
    await box.fill('ETA 10 minutes');
    await box.press('Enter');
    const list = page.getByRole('list', { name: 'Messages in Composer Edit' });
    await expect(list).toContainText('ETA 10 minutes', { timeout: 15_000 });
    const sent = postedWith(sim, roomId, 'ETA 10 minutes')[0];
    if (!sent) throw new Error('the message did not reach the simulator');
    const row = list.locator(`li[data-message-id="${sent.id}"]`);

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = row.getByRole('textbox', { name: 'Edit the message' });
    await edit.fill('ETA **20** minutes');
    await edit.press('Enter');
    await expect(row).toContainText('ETA 20 minutes', { timeout: 15_000 });
    await expect(row).toContainText('(edited)');
    expect(sim.control.messages(roomId).find((m) => m.id === sent.id)?.markdown).toBe('ETA **20** minutes');
    await page.screenshot({ path: testInfo.outputPath('composer-5-edited.png') });

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('group', { name: 'Delete the message' }).getByRole('button', { name: 'Delete' }).click();
    // The row stays as a mark (who and when), its content gone: a deletion is seen, not a silent gap.
    await expect(row).toContainText('This message was deleted.', { timeout: 15_000 });
    await expect(row).not.toContainText('ETA 20 minutes');
    await expect(row.getByRole('button', { name: 'Edit' })).toHaveCount(0);
    expect(sim.control.messages(roomId).some((m) => m.id === sent.id)).toBe(false);
    await page.screenshot({ path: testInfo.outputPath('composer-5b-deleted.png') });
  });

  test('mention autocomplete: @ offers the members, Enter picks, the simulator sees the mention', async ({
    app,
    sim,
  }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Mention');
    const bot = sim.people.bot;
    if (!bot) throw new Error('no bot in the simulator');
    const box = page.getByRole('textbox', { name: 'Message to Composer Mention' });
    await expect(page.getByRole('group', { name: 'Posting to' }).first()).toContainText('2 members');
    await box.pressSequentially(`please check @${bot.displayName.slice(0, 3)}`);
    const options = page.getByRole('listbox', { name: 'Mention someone' }).getByRole('option');
    await expect(options).toHaveCount(1);
    await expect(options.first()).toContainText(bot.displayName);
    await page.screenshot({ path: testInfo.outputPath('composer-6-mention.png') });
    await box.press('Enter');
    await expect(box).toHaveValue(new RegExp(`^please check <@personEmail:${bot.email.replace(/[.+]/g, '\\$&')}\\|`));
    await box.press('Enter');
    await expect(box).toHaveValue('');
    await expect.poll(() => postedWith(sim, roomId, 'please check').length, { timeout: 15_000 }).toBe(1);
    expect(postedWith(sim, roomId, 'please check')[0]?.mentionedPeople).toEqual([bot.id]);
  });

  test('over the byte limit nothing is sent and the text stays', async ({ app, sim }) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Limit');
    const box = page.getByRole('textbox', { name: 'Message to Composer Limit' });
    await box.fill('x'.repeat(7440));
    await expect(page.getByLabel('Size').first()).toHaveText('7440/7439 B');
    await box.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'Webex accepts at most 7439' })).toBeVisible();
    await expect(box).toHaveValue('x'.repeat(7440));
    expect(sim.control.messages(roomId).filter((m) => (m.markdown ?? '').startsWith('xxxx'))).toHaveLength(0);
  });

  test('attach a file: the simulator receives the exact bytes once, the pane shows it with its chip', async ({
    app,
    sim,
    captured,
  }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Attach');
    const dir = testInfo.outputPath('attach');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'edge-1-capture.pcap');
    const bytes = randomBytes(300 * 1024);
    await writeFile(file, bytes);
    const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

    app.pickNext(file);
    await page.getByRole('button', { name: 'Attach…' }).click();
    await expect(page.locator('.composer-file')).toContainText('edge-1-capture.pcap (300.0 KB)');
    const box = page.getByRole('textbox', { name: 'Message to Composer Attach' });
    await box.fill('Capture from edge-1 attached');
    await box.press('Enter');
    await expect(box).toHaveValue('');
    await expect(page.locator('.composer-file')).toHaveCount(0);

    const sends = page.getByRole('list', { name: 'Sent from the composer' }).first();
    await expect(sends.locator('li[data-state="sent"]')).toContainText('Capture from edge-1', { timeout: 20_000 });
    const posted = postedWith(sim, roomId, 'Capture from edge-1 attached');
    expect(posted).toHaveLength(1);
    const contentUrl = posted[0]?.files?.[0];
    if (!contentUrl) throw new Error('the message reached the simulator without its file');
    const stored = await fetch(contentUrl, { headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` } });
    expect(stored.status).toBe(200);
    expect(sha256(new Uint8Array(await stored.arrayBuffer()))).toBe(sha256(bytes));

    const list = page.getByRole('list', { name: 'Messages in Composer Attach' });
    const row = list.locator(`li[data-message-id="${posted[0]?.id ?? ''}"]`);
    await expect(row).toContainText('Capture from edge-1 attached', { timeout: 15_000 });
    await expect(row.locator('.file-chip .file-name')).toHaveText('edge-1-capture.pcap');
    await expect(row.getByRole('button', { name: 'Save edge-1-capture.pcap as…' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('composer-7-attached.png') });
    // The window learned a name, a size and an opaque handle; never where the file is (docs/security.md).
    expect(captured.text()).not.toContain(dir);
  });

  test('the chosen file disappears before sending: said in the window, nothing sent, the text and draft stay', async ({
    app,
    sim,
  }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Gone');
    const dir = testInfo.outputPath('gone');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'edge-2-capture.pcap');
    await writeFile(file, randomBytes(2048));
    app.pickNext(file);
    await page.getByRole('button', { name: 'Attach…' }).click();
    await expect(page.locator('.composer-file')).toContainText('edge-2-capture.pcap');
    const box = page.getByRole('textbox', { name: 'Message to Composer Gone' });
    await box.fill('Capture from edge-2');
    await expect
      .poll(async () => {
        const r = await app.invoke('drafts.get', { roomId });
        return r.ok ? (r.value as { markdown: string }).markdown : undefined;
      })
      .toBe('Capture from edge-2');
    await rm(file);
    await box.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'edge-2-capture.pcap is no longer there' })).toBeVisible();
    await expect(box).toHaveValue('Capture from edge-2');
    await page.screenshot({ path: testInfo.outputPath('composer-8-file-gone.png') });
    expect(postedWith(sim, roomId, 'Capture from edge-2')).toHaveLength(0);
    const outbox = await app.invoke('outbox.snapshot');
    expect(outbox.ok ? (outbox.value as { data: { items: unknown[] } }).data.items : undefined).toEqual([]);
    const draft = await app.invoke('drafts.get', { roomId });
    expect(draft.ok ? (draft.value as { markdown: string }).markdown : undefined).toBe('Capture from edge-2');
  });

  test('a mention of someone not in the space: said inline, the text stays; "Send anyway" sends it once', async ({
    app,
    sim,
  }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Strangers');
    const box = page.getByRole('textbox', { name: 'Message to Composer Strangers' });
    const text = 'heads up <@personEmail:ghost@nowhere.example|Ghost> and <@personEmail:alertbot@webex.bot|AlertBot>';
    await box.fill(text);
    await box.press('Enter');
    const warning = page.getByRole('alert').filter({ hasText: 'not a member of this space' });
    await expect(warning).toContainText(
      'ghost@nowhere.example is not a member of this space — add them, or send anyway.',
    );
    await expect(box).toHaveValue(text);
    await page.screenshot({ path: testInfo.outputPath('composer-9-not-a-member.png') });
    expect(postedWith(sim, roomId, 'heads up')).toHaveLength(0);

    await warning.getByRole('button', { name: 'Send anyway' }).click();
    await expect(box).toHaveValue('');
    await expect.poll(() => postedWith(sim, roomId, 'heads up').length, { timeout: 15_000 }).toBe(1);
    await expect(page.getByRole('alert').filter({ hasText: 'not a member of this space' })).toHaveCount(0);
  });

  test('a chosen file survives a restart of the core with the draft, and is then sent with its bytes', async ({
    app,
    sim,
    captured,
  }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Kept');
    const dir = testInfo.outputPath('kept');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'edge-3-capture.pcap');
    const bytes = randomBytes(64 * 1024);
    await writeFile(file, bytes);
    app.pickNext(file);
    await page.getByRole('button', { name: 'Attach…' }).click();
    await expect(page.locator('.composer-file')).toContainText('edge-3-capture.pcap (64.0 KB)');
    const box = page.getByRole('textbox', { name: 'Message to Composer Kept' });
    await box.fill('Capture from edge-3, after the restart');
    await expect
      .poll(async () => {
        const r = await app.invoke('drafts.get', { roomId });
        const d = r.ok ? (r.value as { markdown: string; file?: { name: string } }) : undefined;
        return d ? [d.markdown, d.file?.name] : undefined;
      })
      .toEqual(['Capture from edge-3, after the restart', 'edge-3-capture.pcap']);

    await app.restart();
    await page.locator(`li.room-row[data-room-id="${roomId}"] button.room`).click();
    const again = page.getByRole('textbox', { name: 'Message to Composer Kept' });
    await expect(again).toHaveValue('Capture from edge-3, after the restart');
    await expect(page.locator('.composer-file')).toContainText('edge-3-capture.pcap (64.0 KB)');
    await page.screenshot({ path: testInfo.outputPath('composer-10-file-kept.png') });
    await page.clock.fastForward(2000);
    await again.press('Enter');
    await expect(again).toHaveValue('');
    await expect.poll(() => postedWith(sim, roomId, 'Capture from edge-3').length, { timeout: 20_000 }).toBe(1);
    const contentUrl = postedWith(sim, roomId, 'Capture from edge-3')[0]?.files?.[0] ?? '';
    const stored = await fetch(contentUrl, { headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` } });
    const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
    expect(digest(new Uint8Array(await stored.arrayBuffer()))).toBe(digest(bytes));
    expect(captured.text()).not.toContain(dir);
  });

  test('the space is deleted while composing: said in the window, nothing queued, the text and draft stay', async ({
    app,
    sim,
  }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Deleted');
    const box = page.getByRole('textbox', { name: 'Message to Composer Deleted' });
    await box.fill('Rollback done on edge-4');
    await expect
      .poll(async () => {
        const r = await app.invoke('drafts.get', { roomId });
        return r.ok ? (r.value as { markdown: string }).markdown : undefined;
      })
      .toBe('Rollback done on edge-4');
    const deleted = await fetch(`${sim.baseUrl}/rooms/${roomId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` },
    });
    expect(deleted.status).toBe(204);
    await box.press('Enter');
    await expect(
      page.getByRole('alert').filter({
        hasText: 'Composer Deleted no longer exists, or this identity cannot see it: nothing was sent',
      }),
    ).toBeVisible();
    await expect(box).toHaveValue('Rollback done on edge-4');
    await page.screenshot({ path: testInfo.outputPath('composer-11-space-deleted.png') });
    const outbox = await app.invoke('outbox.snapshot');
    expect(outbox.ok ? (outbox.value as { data: { items: unknown[] } }).data.items : undefined).toEqual([]);
    const draft = await app.invoke('drafts.get', { roomId });
    expect(draft.ok ? (draft.value as { markdown: string }).markdown : undefined).toBe('Rollback done on edge-4');
  });
});

test.describe('composer: adding the people a message mentions', () => {
  // The demo workspace has colleagues to add (the empty one has only the operator and the bot).
  test.use({ scenario: 'demo' });

  test('a mention of a non-member: said inline; "Add them and send" adds them in the simulator, then sends once', async ({
    app,
    sim,
  }, testInfo) => {
    const { page, roomId } = await signedInWithSpace(app, sim, 'Composer Add Them');
    const operator = sim.people.operator;
    const sam = Object.values(sim.people).find((p) => p.type === 'person' && p.email !== operator?.email);
    if (!sam) throw new Error('the demo scenario has no colleague');
    // Membership as Webex answers it (GET /memberships), not as the window shows it.
    const isMember = async (): Promise<boolean> => {
      const r = await fetch(`${sim.baseUrl}/memberships?roomId=${encodeURIComponent(roomId)}`, {
        headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` },
      });
      const body = (await r.json()) as { items: { personEmail: string }[] };
      return body.items.some((m) => m.personEmail === sam.email);
    };
    expect(await isMember()).toBe(false);
    const box = page.getByRole('textbox', { name: 'Message to Composer Add Them' });
    const text = `please look at edge-5 <@personEmail:${sam.email}|${sam.displayName}>`;
    await box.fill(text);
    await box.press('Enter');
    const warning = page.getByRole('alert').filter({ hasText: 'not a member of this space' });
    await expect(warning).toContainText(`${sam.email} is not a member of this space`);
    await expect(box).toHaveValue(text);
    expect(postedWith(sim, roomId, 'please look at edge-5')).toHaveLength(0);
    await page.screenshot({ path: testInfo.outputPath('composer-12-add-them-warning.png') });

    await warning.getByRole('button', { name: 'Add them and send' }).click();
    await expect(box).toHaveValue('', { timeout: 15_000 });
    await expect.poll(() => postedWith(sim, roomId, 'please look at edge-5').length, { timeout: 15_000 }).toBe(1);
    expect(await isMember()).toBe(true);
    const sends = page.getByRole('list', { name: 'Sent from the composer' }).first();
    await expect(sends.locator('li[data-state="sent"]')).toContainText('sent', { timeout: 15_000 });
    await expect(page.getByRole('alert').filter({ hasText: 'not a member of this space' })).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'Messages in Composer Add Them' })).toContainText(
      'please look at edge-5',
      { timeout: 15_000 },
    );
    await expect(page.getByLabel('Posting to').first()).toContainText('3 members');
    await page.screenshot({ path: testInfo.outputPath('composer-13-added-and-sent.png') });
    // Sent once, and not again by anything that followed.
    expect(postedWith(sim, roomId, 'please look at edge-5')).toHaveLength(1);
  });
});
