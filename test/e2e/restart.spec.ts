import { expect, test } from './fixtures';
import { readDataFiles } from './harness/data-files';

/** What survives a restart of the app (same data folder, same keychain), and what must not. */
test.describe('restart', () => {
  test('a saved sign-in, the watched spaces and their unread counts survive a restart', async ({ app, sim }) => {
    await app.open();
    const page = app.page;
    const room = sim.control.createRoom('operator', { title: 'Restart Watch' });
    sim.control.addMember(room.id, 'bot');
    const signedIn = await app.invoke('session.signInWithToken', {
      token: sim.tokens.operator,
      apiBaseUrl: sim.baseUrl,
    });
    expect(signedIn.ok).toBe(true);
    await expect(page.locator(`li.room-row[data-room-id="${room.id}"]`)).toBeVisible();
    expect((await app.invoke('rooms.setWatched', { roomId: room.id, watched: true })).ok).toBe(true);
    sim.control.post('bot', { roomId: room.id, markdown: 'disk 91% on **db-7**' });
    sim.control.post('bot', { roomId: room.id, markdown: 'disk 95% on **db-7**' });
    const row = page.locator(`li.room-row[data-room-id="${room.id}"]`);
    await expect(row.getByLabel('2 unread')).toBeVisible();

    await app.restart();

    // Restored from the keychain without a new sign-in; the space is still watched with the same two unread.
    await expect(page.getByTestId('active-identity')).toContainText(sim.people.operator?.displayName ?? 'Dana Ops');
    await expect(page.getByRole('heading', { name: 'Sign in to Webex' })).toHaveCount(0);
    await expect(row.getByLabel('2 unread')).toBeVisible();
    // A message posted while the app was down is counted once, not replayed or lost.
    sim.control.post('bot', { roomId: room.id, markdown: 'disk 99% on **db-7**' });
    await expect(row.getByLabel('3 unread')).toBeVisible();
  });

  test.describe('environment token', () => {
    test.use({ coreEnv: { WEBEX_ACCESS_TOKEN: 'sim:token:operator', WEBEX_API_BASE_URL: 'sim:baseUrl' } });

    test('WEBEX_ACCESS_TOKEN is offered and used, never saved', async ({ app, sim }) => {
      await app.open();
      const page = app.page;
      await page.getByRole('button', { name: 'Use the environment token' }).click();
      await expect(page.getByTestId('active-identity')).toContainText(sim.people.operator?.displayName ?? 'Dana Ops');
      await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('environment');

      // Nothing of it on disk: not the token, and no saved identity to restore.
      await app.core.store.flush();
      for (const f of await readDataFiles(app.dataDir)) {
        expect(f.text.includes(sim.tokens.operator ?? '!'), f.name).toBe(false);
      }
      await app.restart();
      await expect(page.getByRole('heading', { name: 'Sign in to Webex' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Use the environment token' })).toBeVisible();
    });
  });
});
