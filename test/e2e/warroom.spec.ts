import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { alertCard } from '../../src/sim/scenarios/alertCards';
import type { Simulator } from '../../src/sim';
import { expect, test, type OpsApp } from './fixtures';

/**
 * War rooms, members and card actions in the demo workspace: from an alert's desktop notification to an open,
 * watched war room with people in at most 6 interactions (each click or key press the operator makes is counted);
 * add and remove a member in the members panel; acknowledge an alert card and read the bot's answer in the thread.
 */

/** Webex's own view of a space's members (the simulator over REST, as the operator). */
async function memberEmails(demo: Simulator, roomId: string): Promise<string[]> {
  const res = await fetch(`${demo.baseUrl}/memberships?roomId=${encodeURIComponent(roomId)}`, {
    headers: { authorization: `Bearer ${demo.tokens.operator}` },
  });
  const body = (await res.json()) as { items: { personEmail: string }[] };
  return body.items.map((m) => m.personEmail).sort();
}

/**
 * axe's serious and critical findings in the open dialog (the page behind it is dimmed by the overlay, which axe
 * would count as contrast findings of the page, not of the dialog; a11y.spec.ts covers the page).
 */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function startDemo(app: OpsApp): Promise<{ page: Page; demo: Simulator }> {
  await app.open();
  const page = app.page;
  await page.getByRole('button', { name: 'Try the demo workspace' }).click();
  await expect(page.getByRole('navigation', { name: 'Spaces' }).getByRole('button', { name: /NOC/ })).toBeVisible({
    timeout: 20_000,
  });
  const demo = app.demoWorkspace();
  if (!demo) throw new Error('the demo workspace did not start');
  return { page, demo };
}

/** The alert bot posts a CRITICAL alert with its card into NOC (as the live driver does, with a text we know). */
function postAlert(demo: Simulator, service: string) {
  const noc = demo.control.findRoom('NOC');
  if (!noc) throw new Error('no NOC space');
  const alert = demo.control.post('bot', {
    roomId: noc.id,
    markdown: `**CRITICAL** ${service} primary down`,
    attachments: [alertCard(service, `${service} primary down`, 'CRITICAL')],
  });
  return { noc, alert };
}

test.describe('war rooms, members and card actions', () => {
  test('open a war room from an alert in at most 6 interactions; add and remove a member', async ({
    app,
    captured,
  }, testInfo) => {
    const { page, demo } = await startDemo(app);
    const { noc, alert } = postAlert(demo, 'payments-db');

    // The alert arrives as a desktop notification (NOC is watched, the CRITICAL rule matches).
    await expect
      .poll(() => captured.notifications.find((n) => n.roomId === noc.id && n.body.includes('payments-db')), {
        timeout: 20_000,
      })
      .toBeDefined();
    const notification = captured.notifications.find((n) => n.roomId === noc.id && n.body.includes('payments-db'));

    let interactions = 0;
    const interact = async (step: () => Promise<void> | void): Promise<void> => {
      interactions += 1;
      await step();
    };

    // 1: the operator clicks the notification: NOC opens at the alert.
    await interact(() => app.clickNotification(notification?.id as string));
    const message = page.locator(`[data-message-id="${alert.id}"]`);
    await expect(message).toBeVisible({ timeout: 10_000 });
    // 2: "Open war room" next to the alert: the title comes from the alert.
    await interact(() => message.getByRole('button', { name: 'Open war room' }).click());
    const dialog = page.getByRole('dialog', { name: 'Open a war room' });
    await expect(dialog.getByLabel('Title')).toHaveValue('War room: CRITICAL payments-db primary down');
    // 3, 4: two people of the alert's space.
    const people = dialog.getByRole('group', { name: 'People from the alert’s space' });
    await expect(people.getByRole('checkbox', { name: 'Sam Rivera' })).toBeVisible();
    // The alert bot posts in NOC but is nobody to pull into an incident: bots are not offered.
    await expect(people.locator('label', { hasText: /bot/i })).toHaveCount(0);
    await interact(() => people.getByRole('checkbox', { name: 'Sam Rivera' }).check());
    await interact(() => people.getByRole('checkbox', { name: 'Lee Chen' }).check());
    await page.screenshot({ path: testInfo.outputPath('warroom-1-dialog.png') });
    expect(await seriousViolations(page), 'war-room dialog').toEqual([]);
    // 5: create. Main creates the space, adds them, watches it; the window opens it.
    await interact(() => dialog.getByRole('button', { name: 'Create and open' }).click());

    await expect(page.getByRole('heading', { name: '# War room: CRITICAL payments-db primary down' })).toBeVisible({
      timeout: 15_000,
    });
    await expect(dialog).toHaveCount(0);
    expect(interactions).toBeLessThanOrEqual(6);
    const header = page.locator('header.conversation-header');
    await expect(header.getByRole('button', { name: '★ Watched' })).toHaveAttribute('aria-pressed', 'true');
    const war = demo.control.findRoom('War room: CRITICAL payments-db primary down');
    if (!war) throw new Error('the war room was not created in the simulator');
    expect(await memberEmails(demo, war.id)).toEqual(
      [demo.people.operator?.email, 'lee.chen@acme-ops.example', 'sam.rivera@acme-ops.example'].sort(),
    );
    // The runbooks stay at hand for the new space.
    await expect(page.getByRole('complementary', { name: 'Quick actions' }).getByRole('group').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('warroom-2-opened.png') });

    // The composer's header counts the members; it follows what the members panel changes.
    const postingTo = page.getByRole('group', { name: 'Posting to' }).first();
    await expect(postingTo).toContainText('3 members');

    // Members panel: add two people at once (one a typo of a person who does not exist), then remove one.
    await header.getByRole('button', { name: 'Members' }).click();
    const panel = page.getByRole('dialog', { name: /^Members of War room/ });
    const list = panel.getByRole('list', { name: 'Members' });
    await expect(list.getByRole('listitem')).toHaveCount(3);
    await panel.getByLabel(/Add people by email/).fill('priya.natarajan@acme-ops.example, nobody@acme-ops.example');
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    const results = panel.getByRole('list', { name: 'Added people' });
    await expect(results.locator('li[data-status="added"]')).toContainText('priya.natarajan@acme-ops.example');
    await expect(results.locator('li[data-status="failed"]')).toContainText('nobody@acme-ops.example — not added');
    await expect(list.getByRole('listitem', { name: 'Priya Natarajan' })).toBeVisible();
    expect(await memberEmails(demo, war.id)).toContain('priya.natarajan@acme-ops.example');
    await expect(postingTo).toContainText('4 members');
    await page.screenshot({ path: testInfo.outputPath('warroom-3-members-added.png') });
    expect(await seriousViolations(page), 'members panel').toEqual([]);

    await list.getByRole('button', { name: 'Remove Sam Rivera' }).click();
    await expect(list.getByRole('listitem', { name: 'Sam Rivera' })).toHaveCount(0);
    await expect(list.getByRole('listitem')).toHaveCount(3);
    expect(await memberEmails(demo, war.id)).not.toContain('sam.rivera@acme-ops.example');
    await expect(postingTo).toContainText('3 members');
    await page.screenshot({ path: testInfo.outputPath('warroom-4-member-removed.png') });
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
  });

  test("acknowledge an alert card and read the bot's answer in the thread", async ({ app }, testInfo) => {
    const { page, demo } = await startDemo(app);
    const { noc, alert } = postAlert(demo, 'checkout-api');
    await page.locator(`li.room-row[data-room-id="${noc.id}"] button.room`).click();
    const message = page.locator(`[data-message-id="${alert.id}"]`);
    await expect(message).toBeVisible({ timeout: 15_000 });
    const card = message.locator('[data-card]');
    await card.getByRole('textbox', { name: 'Note (optional)' }).fill('failing over');
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(card.getByRole('status')).toHaveText('Acknowledge: sent.', { timeout: 10_000 });

    // The bot answers in the alert's thread (the simulator's alert bot, over the real poll).
    await expect(message.getByRole('button', { name: '1 reply' })).toBeVisible({ timeout: 20_000 });
    await message.getByRole('button', { name: '1 reply' }).click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    await expect(thread).toContainText(/checkout-api acknowledged by .+ — “failing over”/);
    const replies = demo.control.messages(noc.id).filter((m) => m.parentId === alert.id);
    expect(replies).toHaveLength(1);
    await page.screenshot({ path: testInfo.outputPath('warroom-5-acknowledged.png') });
  });
});

test.describe('members: a change the operator may no longer make', () => {
  test.use({ scenario: 'demo' });

  test('the space is locked after the panel opened: Remove says only a moderator may, nobody is removed', async ({
    app,
    sim,
  }, testInfo) => {
    const page = app.page;
    await app.open();
    const space = sim.control.createRoom('sam', { title: 'Locked by Sam' });
    sim.control.addMember(space.id, 'operator');
    sim.control.addMember(space.id, 'lee');
    const signedIn = await app.invoke('session.signInWithToken', {
      token: sim.tokens.operator,
      apiBaseUrl: sim.baseUrl,
    });
    expect(signedIn.ok).toBe(true);
    await page.locator(`li.room-row[data-room-id="${space.id}"] button.room`).click();
    await page.locator('header.conversation-header').getByRole('button', { name: 'Members' }).click();
    const panel = page.getByRole('dialog', { name: 'Members of Locked by Sam' });
    const lee = panel.getByRole('listitem', { name: 'Lee Chen' });
    await expect(lee.getByRole('button', { name: 'Remove Lee Chen' })).toBeVisible();

    // Sam locks the space; the operator does not moderate it.
    const lock = await fetch(`${sim.baseUrl}/rooms/${space.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sim.tokens.sam ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Locked by Sam', isLocked: true }),
    });
    expect(lock.status).toBe(200);
    await lee.getByRole('button', { name: 'Remove Lee Chen' }).click();
    await expect(lee.getByRole('alert')).toContainText('Only a moderator of this space may do that.');
    await expect(panel.getByRole('listitem', { name: 'Lee Chen' })).toBeVisible();
    expect(await memberEmails(sim, space.id)).toContain(sim.people.lee?.email);
    await page.screenshot({ path: testInfo.outputPath('members-locked-refusal.png') });
  });
});
