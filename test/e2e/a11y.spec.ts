import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * axe-core scans (issue 11) of the sign-in screen, the workspace, an open space, an open thread and the quick
 * switcher, in both colour schemes (@theme): no serious or critical violation.
 */
test.use({ keychain: 'memory' });

const SHOTS = path.join(process.cwd(), 'test-results', 'screenshots');

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('no serious or critical accessibility violation on the reading screens @theme', async ({ app, sim }) => {
  test.setTimeout(120_000);
  const noc = sim.control.createRoom('operator', { title: 'NOC' });
  sim.control.addMember(noc.id, 'bot');
  sim.control.createRoom('operator', { title: 'Deploys' });
  const parent = sim.control.post('bot', {
    roomId: noc.id,
    markdown: '**CRITICAL** db-7 down, see [runbook](https://runbooks.example.com)',
  });
  sim.control.post('operator', { roomId: noc.id, text: 'on it', parentId: parent.id });
  sim.control.post('bot', { roomId: noc.id, text: 'recovered' });

  await app.open();
  const page = app.page;
  await expect(page.getByRole('button', { name: 'Try the demo workspace' })).toBeVisible();
  expect(await seriousViolations(page), 'sign-in').toEqual([]);

  expect(
    (await app.invoke('session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl })).ok,
  ).toBe(true);
  const spaces = page.getByRole('navigation', { name: 'Spaces' });
  await expect(spaces.locator(`li.room-row[data-room-id="${noc.id}"]`)).toBeVisible({ timeout: 20_000 });
  expect(await seriousViolations(page), 'workspace').toEqual([]);

  await spaces.locator(`button.room[data-room-id="${noc.id}"]`).click();
  await expect(page.getByRole('list', { name: 'Messages in NOC' })).toContainText('recovered');
  expect(await seriousViolations(page), 'open space').toEqual([]);

  await page.getByRole('button', { name: '1 reply' }).click();
  await expect(page.getByRole('complementary', { name: 'Thread' })).toContainText('on it');
  expect(await seriousViolations(page), 'open thread').toEqual([]);
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Go to a space' })).toBeVisible();
  expect(await seriousViolations(page), 'quick switcher').toEqual([]);
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+/');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  expect(await seriousViolations(page), 'shortcut list').toEqual([]);
});

test('no serious or critical accessibility violation with a failure toast shown @theme', async ({
  app,
  sim,
}, testInfo) => {
  test.setTimeout(120_000);
  const noc = sim.control.createRoom('operator', { title: 'NOC' });
  sim.control.addMember(noc.id, 'bot');
  sim.control.post('bot', {
    roomId: noc.id,
    markdown: '**CRITICAL** db-7 down',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.3',
          body: [{ type: 'TextBlock', text: 'CRITICAL: db-7 primary down', weight: 'Bolder' }],
          actions: [{ type: 'Action.Submit', title: 'Acknowledge', data: { ack: true } }],
        },
      },
    ],
  });
  // A real failure through main: Webex refuses the card action (the window shows it as a toast with the tracking id).
  sim.control.setFaults({ 'POST /attachment/actions': { error: 1, errorStatus: 403 } });

  await app.open();
  const page = app.page;
  expect(
    (await app.invoke('session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl })).ok,
  ).toBe(true);
  const spaces = page.getByRole('navigation', { name: 'Spaces' });
  await spaces.locator(`button.room[data-room-id="${noc.id}"]`).click({ timeout: 20_000 });
  const card = page.getByRole('list', { name: 'Messages in NOC' }).locator('[data-card]');
  await card.getByRole('button', { name: 'Acknowledge' }).click();
  const toast = page.getByRole('list', { name: 'Failures' }).getByRole('alert');
  await expect(toast).toContainText('Acknowledge failed');
  await expect(card.getByRole('status')).toHaveText('Acknowledge: failed.');
  expect(await seriousViolations(page), 'failure toast').toEqual([]);
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `a11y-toast-${testInfo.project.name}.png`) });
});
