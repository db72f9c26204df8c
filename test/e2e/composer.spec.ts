import type { Page } from '@playwright/test';
import { expect, test, type OpsApp } from './fixtures';
import type { Simulator } from '../../src/sim';

/**
 * The composer (issue 12) in the window against the simulator: type and send (the message reaches the simulator
 * once and shows as sent in the pane), a dropped connection after the simulator accepted (exactly one message, sent
 * after reconciliation), a reply in a thread, and a draft that survives a restart of the core.
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
    await expect(list.locator(`li[data-message-id="${sent.id}"]`)).toHaveCount(0, { timeout: 15_000 });
    expect(sim.control.messages(roomId).some((m) => m.id === sent.id)).toBe(false);
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
});
