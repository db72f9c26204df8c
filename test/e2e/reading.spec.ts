/**
 * Reading a busy workspace (issue 11), in the production renderer bound to a real core and simulator: the
 * virtualised space list with filters and search, the quick switcher and keyboard navigation, the message pane
 * with its fixed header, a message whose markdown shows nothing, "Jump to latest" while reading history, and a
 * rendered link clicked through main's openExternal allowlist. Screenshots are kept under test-results/screenshots.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import type { Simulator } from '../../src/sim';
import { expect, test, type OpsApp } from './fixtures';

test.use({ keychain: 'memory' });

const SHOTS = path.join(process.cwd(), 'test-results', 'screenshots');

/** Opens the window (at `viewport`, if given) and signs in as the operator against the simulator. */
async function openSignedIn(app: OpsApp, sim: Simulator, viewport?: { width: number; height: number }): Promise<Page> {
  await app.open();
  const page = app.page;
  if (viewport) await page.setViewportSize(viewport);
  expect(
    (await app.invoke('session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl })).ok,
  ).toBe(true);
  return page;
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `reading-${name}-${testInfo.project.name}.png`) });
}

const spaces = (page: Page) => page.getByRole('navigation', { name: 'Spaces' });
const roomList = (page: Page) => spaces(page).getByRole('list', { name: 'Spaces' });

test.describe('reading', () => {
  test('5,000 spaces: virtualised list, filters, search, quick switcher and keyboard @theme', async ({
    app,
    sim,
  }, testInfo) => {
    test.setTimeout(240_000);
    const COUNT = 5000;
    for (let i = 0; i < COUNT; i++) {
      const room = sim.control.createRoom('operator', { title: `svc-${String(i).padStart(4, '0')} ops` });
      if (i % 500 === 0) sim.control.addMember(room.id, 'bot');
    }
    const noc = sim.control.createRoom('operator', { title: 'NOC' });
    const db = sim.control.createRoom('operator', { title: 'Database On-Call' });
    sim.control.addMember(db.id, 'bot');

    const page = await openSignedIn(app, sim, { width: 1280, height: 800 });
    await expect(spaces(page).getByText('5,002 spaces')).toBeVisible({ timeout: 30_000 });
    // Only the rows in view are in the DOM.
    const rows = await roomList(page).locator('li.room-row').count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(80);

    // Every filter chip is visible inside the sidebar (they wrap, none is cut off).
    const sidebar = await spaces(page).boundingBox();
    for (const chip of await spaces(page).getByRole('group', { name: 'Filter spaces' }).getByRole('button').all()) {
      const box = await chip.boundingBox();
      expect(box && sidebar && box.x + box.width <= sidebar.x + sidebar.width).toBe(true);
    }

    // Search narrows the list.
    await spaces(page).getByRole('searchbox', { name: 'Search spaces' }).fill('svc-012');
    await expect(roomList(page).locator('li.room-row')).toHaveCount(10);
    await expect(spaces(page).getByText('10 matching')).toBeVisible();
    await shot(page, testInfo, 'search');
    await spaces(page).getByRole('searchbox', { name: 'Search spaces' }).fill('');

    // Scrolling down pages through every space main lists, down to the last one. Which space that is comes from
    // main's own order (rooms created in the same millisecond tie on lastActivity and are ordered by title), not
    // from the order the test created them in.
    let last: { id: string } | undefined;
    for (let cursor: string | undefined = '0'; cursor !== undefined;) {
      const page = await app.invoke('rooms.search', { filter: 'all', limit: 500, cursor });
      if (!page.ok) throw new Error(`rooms.search failed: ${JSON.stringify(page.error)}`);
      const value = page.value as { rooms: { id: string }[]; nextCursor?: string };
      last = value.rooms.at(-1) ?? last;
      cursor = value.nextCursor;
    }
    const oldest = last;
    if (!oldest) throw new Error('rooms.search listed no space');
    const scroller = spaces(page).locator('.room-scroller');
    await expect(async () => {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await expect(roomList(page).locator(`li.room-row[data-room-id="${oldest.id}"]`)).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 120_000, intervals: [100] });
    expect(await roomList(page).locator('li.room-row').count()).toBeLessThan(80);
    await shot(page, testInfo, 'oldest');
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));

    // Quick switcher: fuzzy, Enter opens.
    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('dialog', { name: 'Go to a space' });
    await expect(switcher.getByRole('combobox', { name: 'Space name' })).toBeFocused();
    await page.keyboard.type('datcall');
    await expect(switcher.getByRole('option').first()).toHaveText(/Database On-Call/);
    await shot(page, testInfo, 'switcher');
    await page.keyboard.press('Enter');
    await expect(switcher).toHaveCount(0);
    await expect(page.getByRole('heading', { name: '# Database On-Call' })).toBeVisible();

    // Alt+↓ / Alt+↑ move through the list in its order.
    const order = await roomList(page)
      .locator('li.room-row')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-room-id')));
    const at = order.indexOf(db.id);
    expect(at).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Alt+ArrowDown');
    const next = order[at + 1];
    if (!next) throw new Error('no space after Database On-Call');
    await expect(roomList(page).locator(`button.room[data-room-id="${next}"]`)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('Alt+ArrowUp');
    await expect(page.getByRole('heading', { name: '# Database On-Call' })).toBeVisible();

    // Recent first: the switcher now starts with the spaces just visited.
    await page.keyboard.press('Control+k');
    await expect(switcher.getByRole('option').first()).toHaveText(/Database On-Call/);
    await page.keyboard.press('Escape');
    await expect(switcher).toHaveCount(0);

    // Ctrl+/ lists the shortcuts; Esc closes it and puts focus back on the space list.
    await page.keyboard.press('Control+/');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Quick switcher');
    await shot(page, testInfo, 'shortcuts');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(roomList(page).locator(`button.room[data-room-id="${db.id}"]`)).toBeFocused();

    // Filters: Direct has none here; Spaces has them all.
    await spaces(page).getByRole('button', { name: 'Direct spaces' }).click();
    await expect(spaces(page).getByRole('status')).toHaveText('No direct spaces.');
    await spaces(page).getByRole('button', { name: 'Group Spaces' }).click();
    await expect(roomList(page).locator(`li.room-row[data-room-id="${noc.id}"]`)).toHaveCount(1);
    await shot(page, testInfo, 'workspace');
  });

  test('the message pane: fixed header, nothing posted is invisible, links go through main @theme', async ({
    app,
    sim,
    captured,
  }, testInfo) => {
    const room = sim.control.createRoom('operator', { title: 'Incident Bridge' });
    sim.control.addMember(room.id, 'bot');
    for (let i = 0; i < 40; i++) sim.control.post('bot', { roomId: room.id, text: `history line ${i}` });
    sim.control.post('bot', { roomId: room.id, markdown: '<img src=x onerror=alert(1)>' });
    sim.control.post('bot', {
      roomId: room.id,
      markdown: 'See the [runbook](https://runbooks.example.com/db-failover) and [this](javascript:alert(1)).',
    });

    const page = await openSignedIn(app, sim, { width: 1100, height: 700 });
    await roomList(page).locator(`button.room[data-room-id="${room.id}"]`).click({ timeout: 20_000 });
    const list = page.getByRole('list', { name: 'Messages in Incident Bridge' });
    // The space opens at its newest message.
    await expect(list.getByRole('link', { name: 'runbook' })).toBeInViewport();

    // The markdown that renders to nothing is shown as its text, marked.
    const fallback = list.locator('[data-fallback="plain"]');
    await expect(fallback).toContainText('Shown as plain text');
    await expect(fallback).toContainText('<img src=x onerror=alert(1)>');
    await expect(list.locator('img')).toHaveCount(0);

    // A rendered link goes to the system browser through main; a javascript: one goes nowhere.
    await list.getByRole('link', { name: 'runbook' }).click();
    await expect.poll(() => captured.openExternal).toEqual(['https://runbooks.example.com/db-failover']);
    const inert = list.getByText('this', { exact: true });
    await inert.click();
    expect(captured.openExternal).toEqual(['https://runbooks.example.com/db-failover']);
    expect(page.url()).not.toContain('runbooks.example.com');

    // Scrolled back to the oldest message, the header is still in view.
    const oldest = list.locator('li[data-message-id]', { hasText: 'history line 0' });
    await expect(async () => {
      await page.locator('.message-scroller').evaluate((el) => el.scrollTo({ top: 0 }));
      await expect(oldest).toBeInViewport({ timeout: 500 });
    }).toPass({ timeout: 15_000, intervals: [100] });
    await expect(page.getByText('The beginning of this space.')).toBeVisible();
    const header = page.getByRole('heading', { name: '# Incident Bridge' });
    await expect(header).toBeInViewport();
    await expect(page.getByRole('button', { name: 'Mark read' })).toBeInViewport();
    const firstBox = await oldest.boundingBox();

    // A message posted while reading history does not move the view; "Jump to latest" counts it.
    sim.control.post('bot', { roomId: room.id, text: 'fresh alert while reading history' });
    await expect(page.getByRole('button', { name: 'Jump to latest (1 new)' })).toBeVisible({ timeout: 15_000 });
    expect(await oldest.boundingBox()).toEqual(firstBox);
    await shot(page, testInfo, 'history');
    await page.getByRole('button', { name: 'Jump to latest (1 new)' }).click();
    await expect(list.getByText('fresh alert while reading history')).toBeInViewport();
    await shot(page, testInfo, 'pane');
  });

  test('file chips: name, type and size; Save as… through main; an image preview @theme', async ({
    app,
    sim,
  }, testInfo) => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAHElEQVR42mNkYPhfz0AEYBxVSF+FQ4MBRYMBALHfEAE8rq4eAAAAAElFTkSuQmCC',
      'base64',
    );
    const room = sim.control.createRoom('operator', { title: 'Evidence' });
    sim.control.addMember(room.id, 'bot');
    sim.control.post('bot', {
      roomId: room.id,
      text: 'db-7 logs',
      files: [{ name: 'db-7.log', contentType: 'text/plain', data: 'ERROR replication lag 42s\n' }],
    });
    sim.control.post('bot', {
      roomId: room.id,
      text: 'lag graph',
      files: [{ name: 'lag.png', contentType: 'image/png', data: png }],
    });

    const page = await openSignedIn(app, sim);
    await roomList(page).locator(`button.room[data-room-id="${room.id}"]`).click({ timeout: 20_000 });
    const list = page.getByRole('list', { name: 'Messages in Evidence' });
    const logChip = list.locator('.file-chip', { hasText: 'db-7.log' });
    await expect(logChip).toContainText('26 B');
    await expect(list.getByRole('img', { name: 'Preview of lag.png' })).toBeVisible();
    const src = await list.getByRole('img', { name: 'Preview of lag.png' }).getAttribute('src');
    expect(src?.startsWith('data:image/png;base64,')).toBe(true);

    await logChip.getByRole('button', { name: 'Save db-7.log as…' }).click();
    await expect(logChip.getByRole('button', { name: 'Save db-7.log as…' })).toHaveText('Saved ✓');
    expect(await readFile(path.join(app.dataDir, 'downloads', 'db-7.log'), 'utf8')).toBe('ERROR replication lag 42s\n');
    // Nothing about where it went, nor a contents URL, reached the page.
    const html = await page.content();
    expect(html).not.toContain(app.dataDir);
    expect(html).not.toContain('/contents/');
    await shot(page, testInfo, 'files');
  });

  test("an alert bot's Adaptive Card renders under the CSP, sanitised @theme", async ({ app, sim }, testInfo) => {
    const room = sim.control.createRoom('operator', { title: 'Alerts' });
    sim.control.addMember(room.id, 'bot');
    sim.control.post('bot', {
      roomId: room.id,
      markdown: 'Alert card',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            version: '1.3',
            body: [
              { type: 'TextBlock', text: 'CRITICAL: db-7 primary down', weight: 'Bolder', size: 'Medium' },
              { type: 'TextBlock', text: '<img src=x onerror=alert(1)>', wrap: true },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Host', value: 'db-7.prod' },
                  { title: 'Since', value: '04:12 UTC' },
                ],
              },
              { type: 'Image', url: 'https://tracker.example.com/pixel.png', altText: 'latency graph' },
            ],
            actions: [{ type: 'Action.Submit', title: 'Acknowledge', data: { ack: true } }],
          },
        },
      ],
    });
    const foreign: string[] = [];
    app.page.on('request', (r) => {
      if (!r.url().startsWith('http://127.0.0.1') && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    const page = await openSignedIn(app, sim);
    await roomList(page).locator(`button.room[data-room-id="${room.id}"]`).click({ timeout: 20_000 });
    const card = page.locator('[data-card]');
    await expect(card).toContainText('CRITICAL: db-7 primary down');
    await expect(card).toContainText('db-7.prod');
    await expect(card).toContainText('<img src=x onerror=alert(1)>');
    await expect(card).toContainText('[image: latency graph]');
    // No image request leaves the app (the remote image became its alt text), no script in the card.
    await expect(card.locator('img, script, iframe')).toHaveCount(0);
    expect(foreign).toEqual([]);
    await shot(page, testInfo, 'card');
  });

  test('scroll back through 2,000 messages to the first; a thread opens beside them @theme', async ({
    app,
    sim,
    captured,
  }, testInfo) => {
    test.setTimeout(180_000);
    const COUNT = 2000;
    const room = sim.control.createRoom('operator', { title: 'Change Board' });
    sim.control.addMember(room.id, 'bot');
    const first = sim.control.post('bot', { roomId: room.id, text: 'the very first message' });
    for (let i = 1; i < COUNT; i++) sim.control.post('bot', { roomId: room.id, text: `change ${i}` });
    const parent = sim.control.post('bot', { roomId: room.id, markdown: '**CHG-42** db-7 failover window' });
    for (const text of ['approved', 'scheduled for 22:00']) {
      sim.control.post('operator', { roomId: room.id, text, parentId: parent.id });
    }

    const page = await openSignedIn(app, sim, { width: 1280, height: 800 });
    await roomList(page).locator(`button.room[data-room-id="${room.id}"]`).click({ timeout: 20_000 });
    const list = page.getByRole('list', { name: 'Messages in Change Board' });
    await expect(list.locator('[data-message-id]').first()).toBeVisible();

    // The thread: the parent shows its reply count; the panel reads the thread through main.
    await list.getByRole('button', { name: '2 replies' }).click();
    const panel = page.getByRole('complementary', { name: 'Thread' });
    await expect(panel.getByRole('list', { name: 'Thread messages' })).toContainText('scheduled for 22:00');
    await expect(panel).toContainText('CHG-42');
    await shot(page, testInfo, 'thread');
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);

    // A space that fills the pane opens at its end and reads no older page until the operator scrolls up.
    const olderReads = () =>
      captured.invokes.filter((c) => c.channel === 'messages.loadOlder').map((c) => JSON.stringify(c.payload));
    expect(olderReads()).toEqual([]);

    // Scrolling up pages through main until the first message of the space.
    const scroller = page.locator('.message-scroller');
    await expect(async () => {
      await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
      await expect(list.locator(`[data-message-id="${first.id}"]`)).toBeAttached({ timeout: 500 });
    }).toPass({ timeout: 120_000, intervals: [100] });
    await expect(page.getByText('The beginning of this space.')).toBeAttached();
    // Each page was asked for once (one cursor, one read).
    expect(olderReads().length).toBeGreaterThanOrEqual(19);
    expect(new Set(olderReads()).size).toBe(olderReads().length);
    // Every message is in the window's store, but only what is in view is in the DOM (issue 11: paneDomNodes).
    const domNodes = await page.evaluate(() => document.querySelectorAll('.message-scroller *').length);
    expect(domNodes).toBeLessThanOrEqual(2000);
    // Nothing older is left to load: at the top, the first message and the start of the space are in view.
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(list.locator(`[data-message-id="${first.id}"]`)).toBeInViewport();
    await expect(page.getByText('The beginning of this space.')).toBeVisible();
    await shot(page, testInfo, 'first-message');
  });
});
