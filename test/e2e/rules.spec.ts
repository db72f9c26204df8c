/**
 * Alert rules in the window: open the rules view from the status bar, type a regex (a syntax error is pointed at
 * as typed), test it against the messages main holds (an earlier alert is listed), save it, and see it fire on the
 * next alert the simulator posts (a captured notification, the rule in the list). Real core, real simulator.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ keychain: 'memory' });

const SHOTS = path.join(process.cwd(), 'test-results', 'screenshots');

/** Serious or critical axe-core violations inside the rules dialog. */
async function dialogViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `rules-${name}-${testInfo.project.name}.png`) });
}

test('create an alert rule in the view, test it, and see it fire on the next alert', async ({
  app,
  sim,
  captured,
}, testInfo) => {
  const noc = sim.control.createRoom('operator', { title: 'NOC' });
  sim.control.addMember(noc.id, 'bot');
  await app.open();
  const signIn = await app.invoke('session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl });
  expect(signIn.ok).toBe(true);
  const page = app.page;
  await expect(page.locator('[data-part="synced"]')).toContainText(/synced/, { timeout: 15_000 });
  expect((await app.invoke('rooms.setWatched', { roomId: noc.id, watched: true })).ok).toBe(true);
  // An alert before the rule exists: main holds it, so the preview can find it.
  sim.control.post('bot', { roomId: noc.id, text: 'WARNING: db-7 replication lag 40 s' });
  sim.control.post('bot', { roomId: noc.id, text: 'all quiet on web-3' });
  await expect(page.locator(`li.room-row[data-room-id="${noc.id}"] [data-badge="unread"]`)).toHaveText('2', {
    timeout: 15_000,
  });

  await page.getByRole('button', { name: /^Alert rules \(0\)/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Alert rules' });
  await dialog.getByRole('button', { name: 'Add a rule' }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('DB warnings');
  await dialog.getByRole('radio', { name: 'Regular expression' }).check();
  const pattern = dialog.getByRole('textbox', { name: 'Regular expression' });
  await pattern.fill('WARN(ING?: db-\\d+');
  await expect(dialog.getByTestId('pattern-error')).toContainText('Unterminated group');
  await expect(dialog.getByTestId('pattern-error')).toContainText('at character 5');
  await shot(page, testInfo, '1-error');
  await pattern.fill('WARN(ING)?: db-\\d+');
  await expect(dialog.getByTestId('pattern-error')).toHaveCount(0);
  await dialog.getByRole('radio', { name: /Critical/ }).check();

  await dialog.getByRole('button', { name: 'Test against the last 200 messages' }).click();
  const results = dialog.getByTestId('rule-test-results');
  await expect(results).toContainText('1 of the last 2 messages of watched spaces would have matched');
  await expect(results).toContainText('WARNING: db-7 replication lag 40 s');
  await shot(page, testInfo, '2-test');
  expect(await dialogViolations(page), 'rule form').toEqual([]);
  expect(captured.notifications).toEqual([]);

  await dialog.getByRole('button', { name: 'Save rule' }).click();
  const row = dialog.getByRole('listitem').filter({ hasText: 'DB warnings' });
  await expect(row).toContainText('critical');
  await expect(row.getByRole('checkbox', { name: 'Enabled: DB warnings' })).toBeChecked();

  // The next alert fires the rule.
  sim.control.post('bot', { roomId: noc.id, text: 'WARNING: db-12 disk 91%' });
  await expect.poll(() => captured.notifications.length, { timeout: 15_000 }).toBe(1);
  expect(captured.notifications[0]).toMatchObject({ roomId: noc.id, critical: true });
  expect(captured.notifications[0]?.body).toContain('db-12 disk 91%');
  await expect(page.getByRole('button', { name: /^Alert rules \(1\)/ })).toBeVisible();
  await shot(page, testInfo, '3-saved');
  expect(await dialogViolations(page), 'rule list').toEqual([]);
});
