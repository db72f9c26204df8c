/**
 * The sidebar's marks and grouping in the demo workspace (issues 11 and 12), in the production renderer bound to a
 * real core: a watched space with a guest from another organisation gets its EXT badge from main's paced background
 * read of memberships, "Group by team" shows team headings with counts, watched spaces draw their activity sparkline
 * when main sends it, and the row layout holds from 900×600 to 4K (chips wrap, the title gives way with an ellipsis).
 * Screenshots are kept under test-results/screenshots.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';

// The live alert driver stays off: arriving alerts would reorder the list under the keyboard-order assertions.
test.use({ keychain: 'memory', demoOptions: { live: false } });

const SHOTS = path.join(process.cwd(), 'test-results', 'screenshots');

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `sidebar-${name}-${testInfo.project.name}.png`) });
}

const spaces = (page: Page) => page.getByRole('navigation', { name: 'Spaces' });
const roomList = (page: Page) => spaces(page).getByRole('list', { name: 'Spaces' });
const row = (page: Page, title: string) => roomList(page).locator('li.room-row', { hasText: title }).first();

/** axe-core's serious and critical findings on the page (the a11y suite's bar). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Every part of a row lies inside the sidebar, and the title keeps some room (it is the one that gives way). */
async function expectRowFits(page: Page, target: Locator): Promise<void> {
  const sidebar = await spaces(page).boundingBox();
  const box = await target.boundingBox();
  const title = await target.locator('.room-title').boundingBox();
  if (!sidebar || !box || !title) throw new Error('the row is not laid out');
  expect(box.x + box.width).toBeLessThanOrEqual(sidebar.x + sidebar.width + 0.5);
  for (const part of await target.locator('.room > *:not(.visually-hidden)').all()) {
    const b = await part.boundingBox();
    if (b) expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
  }
  expect(title.width).toBeGreaterThan(30);
}

test.describe('sidebar', () => {
  test('EXT badge, group by team, sparklines and a layout that holds from 900×600 to 4K @theme', async ({
    app,
  }, testInfo) => {
    test.setTimeout(120_000);
    await app.open();
    const page = app.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Try the demo workspace' }).click();
    await expect(row(page, 'Security Alerts')).toBeVisible({ timeout: 30_000 });

    // The guest from the security provider: main's background read of the watched space marks it.
    const security = row(page, 'Security Alerts');
    await expect(security.getByRole('img', { name: 'people from other organisations' })).toBeVisible({
      timeout: 30_000,
    });
    await expect(security.getByRole('button', { name: /Security Alerts/ })).toHaveAccessibleName(
      /people from other organisations/,
    );
    // The unwatched Watercooler is never read in the background: no mark.
    await expect(row(page, 'Watercooler').getByText('EXT')).toHaveCount(0);

    // Sparklines: drawn for watched spaces once main sends their activity (activity24h).
    const sparklines = roomList(page).locator('li.room-row svg[data-sparkline]');
    const drawn = await sparklines.count();
    testInfo.annotations.push({ type: 'activity24h', description: drawn > 0 ? `present (${drawn})` : 'absent' });
    if (drawn > 0) {
      await expect(sparklines.first()).toHaveAttribute('aria-label', /^\d[\d,]* messages? in the last 24 hours/);
      await expect(row(page, 'Watercooler').locator('svg[data-sparkline]')).toHaveCount(0);
    }
    await shot(page, testInfo, 'marks');

    // Group by team: the Platform team's three spaces under its heading, everything else under "Other spaces".
    const toggle = spaces(page).getByRole('button', { name: 'Group by team' });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const platform = roomList(page).getByRole('heading', { name: /^Platform/ });
    await expect(platform).toBeVisible();
    await expect(platform).toHaveText(/Platform\s*3 spaces/);
    await expect(roomList(page).getByRole('heading', { name: /^Other spaces/ })).toBeVisible();
    const order = await roomList(page)
      .locator('li')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-group') ?? el.textContent ?? ''));
    expect(order[0]).toBe('Platform');
    expect(order.slice(1, 4).every((text) => text.includes('Platform'))).toBe(true);
    expect(order[4]).toBe('Other spaces');
    await shot(page, testInfo, 'grouped');
    // Headings, the EXT badge and the sparklines pass axe in this colour scheme.
    expect(await seriousViolations(page), 'grouped sidebar with marks').toEqual([]);

    // Alt+↓ steps from the last Platform space to the first of "Other spaces", over the heading.
    const ids = await roomList(page)
      .locator('li.room-row')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-room-id') ?? ''));
    const lastOfPlatform = roomList(page).locator(`li.room-row[data-room-id="${ids[2]}"] .room`);
    await lastOfPlatform.click();
    await expect(lastOfPlatform).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('Alt+ArrowDown');
    await expect(roomList(page).locator(`li.room-row[data-room-id="${ids[3]}"] .room`)).toHaveAttribute(
      'aria-current',
      'true',
    );

    // Narrow and wide windows: the chips wrap inside the sidebar and the marks never push the title out.
    for (const viewport of [
      { width: 900, height: 600 },
      { width: 3840, height: 2160 },
    ]) {
      await page.setViewportSize(viewport);
      const sidebar = await spaces(page).boundingBox();
      const chips = await spaces(page).getByRole('group', { name: 'Filter spaces' }).getByRole('button').all();
      for (const chip of [...chips, toggle, spaces(page).getByRole('searchbox', { name: 'Search spaces' })]) {
        const box = await chip.boundingBox();
        expect(box && sidebar && box.x + box.width <= sidebar.x + sidebar.width).toBe(true);
      }
      await expect(security).toBeVisible();
      await expectRowFits(page, security);
      if (viewport.width === 900) await shot(page, testInfo, '900x600');
    }
  });
});
