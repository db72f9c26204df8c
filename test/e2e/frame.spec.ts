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
    await expect(app.page.getByRole('button', { name: /Reload Check/ })).toBeVisible();

    // Events flow while the page is gone: posts by a colleague, and a second room appearing.
    const reloading = app.page.reload();
    for (let i = 0; i < 3; i++) sim.control.post('bot', { roomId: room.id, markdown: `alert ${i}` });
    const late = sim.control.createRoom('operator', { title: 'Created During Reload' });
    await reloading;
    await app.invoke('poll.syncNow');

    const list = app.page.getByRole('navigation', { name: 'Spaces' });
    await expect(list.getByRole('button', { name: /Created During Reload/ })).toBeVisible();
    await expect(list.getByRole('button', { name: /Reload Check/ }).getByLabel('3 unread')).toBeVisible();
    expect(late.id).toBeTruthy();
    // The page announced itself again and re-synchronised from snapshots.
    expect(captured.invokes.filter((i) => i.channel === 'app.ready').length).toBe(2);
    expect(captured.invokes.filter((i) => i.channel === 'rooms.snapshot').length).toBeGreaterThanOrEqual(2);
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
