import { expect, test } from './fixtures';

/**
 * The demo workspace as a new user meets it: one click on the sign-in screen starts the built-in simulator through
 * the same startDemo() the shell calls (--demo), signs in as its operator, watches its ops spaces, and the live
 * alert driver's posts arrive as unread badges and desktop notifications.
 */
test.describe('demo workspace', () => {
  test('one click: a living ops workspace, marked as a demo, with a live alert arriving @theme', async ({
    app,
    captured,
  }) => {
    await app.open();
    const page = app.page;
    await page.getByRole('button', { name: 'Try the demo workspace' }).click();

    const status = page.getByRole('contentinfo', { name: 'Status' });
    await expect(status).toContainText('Demo workspace');
    await expect(page).toHaveTitle(/Demo workspace/);

    const spaces = page.getByRole('navigation', { name: 'Spaces' });
    for (const title of ['Incident Bridge', 'NOC', 'Database On-Call', 'Deploys', 'Change Board']) {
      await expect(spaces.locator('li.room-row', { hasText: title }).first()).toBeVisible();
    }
    // Its ops spaces are watched from the first start.
    await spaces.getByRole('button', { name: 'Watched spaces' }).click();
    await expect(spaces.locator('li.room-row', { hasText: 'NOC' })).toBeVisible();
    await expect(spaces.locator('li.room-row', { hasText: 'Watercooler' })).toHaveCount(0);
    await spaces.getByRole('button', { name: 'All spaces' }).click();

    // The live driver posts the next alert now (it also posts on its own every few seconds).
    const demo = app.demoWorkspace();
    if (!demo) throw new Error('the demo workspace did not start');
    const watched = new Set(['Incident Bridge', 'NOC', 'Database On-Call', 'Security Alerts']);
    let alert: { roomId: string; markdown?: string } | undefined;
    for (let i = 0; i < 20 && !alert; i++) {
      alert = demo.control.driver
        .step()
        .find(
          (m) =>
            m.markdown?.includes('CRITICAL') &&
            watched.has(demo.control.rooms('operator').find((r) => r.id === m.roomId)?.title ?? ''),
        );
    }
    if (!alert) throw new Error('the driver posted no critical alert into a watched space');
    const roomTitle = demo.control.rooms('operator').find((r) => r.id === alert?.roomId)?.title ?? '';

    const row = spaces.locator(`li.room-row[data-room-id="${alert.roomId}"]`);
    await expect(row.getByLabel(/\d+ unread/)).toBeVisible({ timeout: 15_000 });
    await expect
      .poll(() => captured.notifications.some((n) => n.roomId === alert?.roomId), { timeout: 15_000 })
      .toBe(true);
    const notification = captured.notifications.find((n) => n.roomId === alert?.roomId);
    expect(notification?.title).toContain(roomTitle);
    expect(notification?.critical).toBe(true);

    // Clicking the notification opens the space with the alert in it.
    app.clickNotification(notification?.id ?? '');
    await expect(page.getByRole('heading', { name: new RegExp(roomTitle) })).toBeVisible();
    await expect(page.getByRole('list', { name: `Messages in ${roomTitle}` })).toContainText('CRITICAL');
  });
});
