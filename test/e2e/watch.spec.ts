/**
 * Live watch in the harness (issue 7): sign in with a simulator token, watch a space from the room list; a message
 * the simulator posts into it shows up in the list with its unread badge and produces a desktop notification
 * (captured); clicking the notification opens the space at the message; a new message in the open space appears
 * within seconds; mark read clears the badge. Real time, real core, real simulator.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ keychain: 'memory' });

const roomRow = (page: Page, roomId: string) => page.locator(`li.room-row[data-room-id="${roomId}"]`);

test.describe('live watch', () => {
  test('a watched space shows the new message with its badge, notifies, and the click opens it', async ({
    app,
    sim,
    captured,
  }) => {
    const noc = sim.control.createRoom('operator', { title: 'NOC' });
    const quiet = sim.control.createRoom('operator', { title: 'deploys' });
    for (const room of [noc, quiet]) sim.control.addMember(room.id, 'bot');
    sim.control.post('bot', { roomId: noc.id, text: 'old history, not unread' });

    await app.open();
    const signIn = await app.invoke('session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl });
    expect(signIn.ok).toBe(true);
    const page = app.page;

    // The room list fills from the poller; no flood of history: no badge yet.
    await expect(roomRow(page, noc.id)).toBeVisible({ timeout: 15_000 });
    await expect(roomRow(page, quiet.id)).toBeVisible();
    await expect(roomRow(page, noc.id).locator('[data-badge="unread"]')).toHaveCount(0);

    // Watch NOC from the list; notify on a rule.
    const watchToggle = roomRow(page, noc.id).getByRole('button', { name: 'Watch', exact: true });
    await expect(watchToggle).toHaveAttribute('aria-pressed', 'false');
    await watchToggle.click();
    await expect(watchToggle).toHaveAttribute('aria-pressed', 'true');
    const rule = await app.invoke('rules.save', {
      name: 'Critical',
      mode: 'keywords',
      pattern: 'CRITICAL',
      caseSensitive: false,
      critical: true,
      enabled: true,
    });
    expect(rule.ok).toBe(true);

    const alert = sim.control.post('bot', { roomId: noc.id, markdown: '**CRITICAL** payments-db primary down' });
    await expect(roomRow(page, noc.id).locator('[data-badge="unread"]')).toHaveText('1', { timeout: 15_000 });
    const nocButton = page.getByRole('navigation', { name: 'Spaces' }).getByRole('button', { name: /NOC/ });
    await expect(nocButton).toHaveAccessibleName(/NOC.*watched.*alert rule matched.*1 unread/);

    await expect.poll(() => captured.notifications.length, { timeout: 15_000 }).toBe(1);
    const notification = captured.notifications[0];
    expect(notification).toMatchObject({ roomId: noc.id, critical: true });
    expect(notification?.title).toContain('NOC');
    expect(notification?.body).toContain('payments-db primary down');

    // The OS reports a click: the window focuses the space and opens it.
    app.clickNotification(notification?.id as string);
    await expect(page.getByRole('heading', { name: '# NOC' })).toBeVisible();
    const message = page.locator(`[data-message-id="${alert.id}"]`);
    await expect(message).toBeVisible();
    await expect(message).toHaveClass(/message-alert/);
    await expect(page.locator('[data-divider="new"]')).toBeVisible();
    expect(captured.events.some((b) => b.events.some((e) => e.type === 'ui.focusRoom' && e.roomId === noc.id))).toBe(
      true,
    );

    // A message posted into the open space appears within seconds.
    const followUp = sim.control.post('bot', { roomId: noc.id, text: 'failover started' });
    await expect(page.locator(`[data-message-id="${followUp.id}"]`)).toBeVisible({ timeout: 5_000 });
    await expect(roomRow(page, noc.id).locator('[data-badge="unread"]')).toHaveText('2');

    // Mark read clears the badge.
    await page.getByRole('button', { name: 'Mark read' }).click();
    await expect(roomRow(page, noc.id).locator('[data-badge="unread"]')).toHaveCount(0);
  });

  test('the status bar shows the sync state; do-not-disturb holds notifications back', async ({
    app,
    sim,
    captured,
  }) => {
    const room = sim.control.createRoom('operator', { title: 'db-oncall' });
    sim.control.addMember(room.id, 'bot');
    await app.open();
    expect(
      (await app.invoke('session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl })).ok,
    ).toBe(true);
    const page = app.page;
    await expect(page.locator('[data-part="synced"]')).toContainText(/synced/, { timeout: 15_000 });
    expect((await app.invoke('rooms.setWatched', { roomId: room.id, watched: true })).ok).toBe(true);
    expect((await app.invoke('rooms.setLevel', { roomId: room.id, level: 'all' })).ok).toBe(true);

    await page.getByRole('button', { name: 'Do not disturb 1 h' }).click();
    await expect(page.locator('[data-part="dnd"]')).toContainText('do not disturb until');
    sim.control.post('bot', { roomId: room.id, text: 'routine deploy finished' });
    await expect(page.locator('[data-part="dnd"]')).toContainText('1 held back', { timeout: 15_000 });
    expect(captured.notifications).toEqual([]);
    await page.getByRole('button', { name: 'End do not disturb' }).click();
    sim.control.post('bot', { roomId: room.id, text: 'second deploy finished' });
    await expect.poll(() => captured.notifications.length, { timeout: 15_000 }).toBe(1);

    app.emitSystemEvent('suspend');
    await expect(page.locator('[data-part="suspended"]')).toHaveText('paused (system asleep)');
    app.emitSystemEvent('resume');
    await expect(page.locator('[data-part="suspended"]')).toHaveCount(0);
  });
});
