import { expect, test } from './fixtures';

test.describe('the console frame', () => {
  test('shows the frame with its landmarks and the instanceId given to the core @theme', async ({ app }) => {
    await app.open();
    const page = app.page;
    await expect(page.getByRole('navigation', { name: 'Spaces' })).toBeVisible();
    await expect(page.getByRole('main', { name: 'Conversation' })).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Quick actions' })).toBeVisible();
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toBeVisible();
    await expect(page.getByTestId('instance-id')).toHaveText(`instance ${app.instanceId}`);
    // Empty states only: nothing invented.
    await expect(page.getByText('Sign in to see your spaces.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Sign in to Webex' })).toBeVisible();
    await expect(page.locator('.room-list li')).toHaveCount(0);
  });

  test('follows the OS colour scheme @theme', async ({ app }, testInfo) => {
    await app.open();
    const background = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = testInfo.project.use.colorScheme === 'dark';
    // Light theme background is near white, dark near black.
    const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
    const luminance = (r + g + b) / 3;
    if (dark) expect(luminance).toBeLessThan(60);
    else expect(luminance).toBeGreaterThan(200);
  });

  test('window.ops is frozen and cannot be replaced or extended', async ({ app }) => {
    await app.open();
    const probe = await app.page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const ops = w.ops as Record<string, unknown>;
      const before = ops;
      try {
        w.ops = {};
      } catch {
        /* strict-mode assignment to a read-only property */
      }
      let extended = true;
      try {
        ops.evil = () => 1;
      } catch {
        extended = false;
      }
      return {
        same: w.ops === before,
        frozen: Object.isFrozen(ops) && Object.isFrozen(ops.session),
        extended: extended && 'evil' in ops,
      };
    });
    expect(probe).toEqual({ same: true, frozen: true, extended: false });
  });

  test('an invalid payload through window.ops comes back as a typed invalidInput error', async ({ app, captured }) => {
    await app.open();
    const result = await app.page.evaluate(async () => {
      const ops = window.ops as unknown as { session: { signInWithToken(p: unknown): Promise<unknown> } };
      return ops.session.signInWithToken({ token: 42 });
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'invalidInput', issues: [expect.objectContaining({ path: 'token' })] },
    });
    // A non-plain payload is refused before it leaves the page, as Electron's structured clone rules require.
    const dated = await app.page.evaluate(async () => {
      const ops = window.ops as unknown as { rooms: { markRead(p: unknown): Promise<unknown> } };
      return ops.rooms.markRead({ roomId: new Date() });
    });
    expect(dated).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    expect(captured.invokes.some((i) => i.channel === 'session.signInWithToken' && !i.result.ok)).toBe(true);
  });

  test('a pushed event changes the UI', async ({ app, sim }) => {
    await app.open();
    await expect(app.page.getByRole('heading', { name: 'Sign in to Webex' })).toBeVisible();
    // Signed in from outside the window (as the shell does for --demo): only the event stream can tell the page.
    const signedIn = await app.invoke('session.signInWithToken', {
      token: sim.tokens.operator,
      apiBaseUrl: sim.baseUrl,
    });
    expect(signedIn.ok).toBe(true);
    await expect(
      app.page.getByRole('navigation', { name: 'Spaces' }).getByText(sim.people.operator?.displayName ?? ''),
    ).toBeVisible();
    await expect(app.page.getByRole('heading', { name: 'Sign in to Webex' })).toHaveCount(0);
  });

  test('a reload resynchronises from snapshots with no lost events', async ({ app, sim, captured }) => {
    await app.open();
    const signedIn = await app.invoke('session.signInWithToken', {
      token: sim.tokens.operator,
      apiBaseUrl: sim.baseUrl,
    });
    expect(signedIn.ok).toBe(true);
    const room = sim.control.createRoom('operator', { title: 'Reload Check' });
    sim.control.addMember(room.id, 'bot');
    await app.invoke('rooms.setWatched', { roomId: room.id, watched: true });
    const list = app.page.getByRole('navigation', { name: 'Spaces' });
    await expect(list.getByRole('button', { name: /Reload Check/ })).toBeVisible();

    // Hold the reloaded page's script, so the core's batches for these changes go out while no renderer listens:
    // the page can only learn them from the snapshots it takes when it starts.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await app.page.route('**/assets/*.js', async (route) => {
      await held;
      await route.continue();
    });
    const readyBefore = captured.invokes.filter((i) => i.channel === 'app.ready').length;
    const reloading = app.page.reload();
    for (let i = 0; i < 3; i++) sim.control.post('bot', { roomId: room.id, markdown: `alert ${i}` });
    const late = sim.control.createRoom('operator', { title: 'Created During Reload' });
    const missedFrom = captured.events.length;
    await app.invoke('poll.syncNow');
    const upserted = (id: string, unread?: number): boolean =>
      captured.events
        .slice(missedFrom)
        .some((b) =>
          b.events.some(
            (e) =>
              e.type === 'rooms.upsert' &&
              e.rooms.some((r) => r.id === id && (unread === undefined || r.unread === unread)),
          ),
        );
    await expect.poll(() => upserted(room.id, 3) && upserted(late.id)).toBe(true);
    expect(captured.invokes.filter((i) => i.channel === 'app.ready')).toHaveLength(readyBefore); // nobody listened
    release();
    await reloading;
    await app.page.unroute('**/assets/*.js');

    await expect(app.page.locator(`li.room-row[data-room-id="${late.id}"]`)).toBeVisible();
    await expect(list.getByRole('button', { name: /Created During Reload/ })).toBeVisible();
    await expect(list.getByRole('button', { name: /Reload Check/ }).getByLabel('3 unread')).toBeVisible();
    // The page announced itself again and re-synchronised from snapshots; nothing was re-polled after the reload.
    expect(captured.invokes.filter((i) => i.channel === 'app.ready')).toHaveLength(readyBefore + 1);
    const snapshots = captured.invokes.filter((i) => i.channel === 'rooms.snapshot').length;
    expect(snapshots).toBeGreaterThanOrEqual(2);
    expect(captured.invokes.filter((i) => i.channel === 'poll.syncNow')).toHaveLength(1);

    // After the reload, live batches reach the page on their own: a fourth post arrives as an event, no new snapshot.
    sim.control.post('bot', { roomId: room.id, markdown: 'alert 3' });
    await app.invoke('poll.syncNow');
    await expect(list.getByRole('button', { name: /Reload Check/ }).getByLabel('4 unread')).toBeVisible();
    expect(captured.invokes.filter((i) => i.channel === 'rooms.snapshot')).toHaveLength(snapshots);
  });

  test('links open through main and only for https: and mailto:', async ({ app, captured }) => {
    await app.open();
    const results = await app.page.evaluate(async () => {
      const ops = window.ops as unknown as { app: { openExternal(p: unknown): Promise<{ ok: boolean }> } };
      return Promise.all([
        ops.app.openExternal({ url: 'https://developer.webex.com/' }),
        ops.app.openExternal({ url: 'javascript:alert(1)' }),
        ops.app.openExternal({ url: 'file:///etc/passwd' }),
      ]);
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, false]);
    expect(captured.openExternal).toEqual(['https://developer.webex.com/']);
  });
});
