import type { Locator } from '@playwright/test';
import payloads from '../fixtures/xss/dompurify-payloads.json';
import { expect, test } from './fixtures';

/**
 * The XSS corpus (test/fixtures/xss) through the reading paths added for issue 11: space titles in the virtualised
 * sidebar, the search results and the quick switcher, and thread replies in the thread panel (as markdown and as
 * text). No script may run and no live markup may reach the DOM; every reply stays visible.
 */
test.use({ keychain: 'memory' });

async function dangerous(root: Locator): Promise<string[]> {
  return root.evaluate((el) => {
    const bad: string[] = [];
    for (const node of el.querySelectorAll('*')) {
      const tag = node.tagName.toLowerCase();
      if (['script', 'iframe', 'frame', 'object', 'embed', 'form', 'base', 'meta', 'link', 'style'].includes(tag)) {
        bad.push(`<${tag}>`);
      }
      for (const attr of node.attributes) {
        if (/^on/i.test(attr.name)) bad.push(`${tag}[${attr.name}]`);
        if (
          /^\s*(javascript|vbscript|data):/i.test(attr.value) &&
          ['href', 'src', 'action', 'xlink:href', 'formaction'].includes(attr.name)
        ) {
          bad.push(`${tag}[${attr.name}]`);
        }
      }
    }
    return bad;
  });
}

test('XSS payloads as space titles and thread replies stay inert and visible', async ({ app, sim }) => {
  test.setTimeout(120_000);
  const page = app.page;
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.__xssFired = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      w[name] = (...args: unknown[]) => (w.__xssFired as unknown[]).push([name, ...args]);
    }
  });
  const list = payloads as { payload: string }[];
  for (const [i, { payload }] of list.entries()) {
    sim.control.createRoom('operator', { title: `x${i} ${payload.replace(/\s+/g, ' ').slice(0, 120)}` });
  }
  const room = sim.control.createRoom('operator', { title: 'Thread room' });
  sim.control.addMember(room.id, 'bot');
  const parent = sim.control.post('bot', { roomId: room.id, text: 'parent of hostile replies' });
  for (const { payload } of list.slice(0, 60)) {
    sim.control.post('bot', { roomId: room.id, markdown: payload, parentId: parent.id });
    sim.control.post('bot', { roomId: room.id, text: payload, parentId: parent.id });
  }

  await app.open();
  expect(
    (await app.invoke('session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl })).ok,
  ).toBe(true);
  const spaces = page.getByRole('navigation', { name: 'Spaces' });
  await expect(spaces.getByText(`${list.length + 1} spaces`)).toBeVisible({ timeout: 30_000 });

  // Titles in the sidebar while scrolling through all of them, and as search results.
  const roomScroller = spaces.locator('.room-scroller');
  for (let top = 0; top < 20; top++) {
    expect(await dangerous(spaces)).toEqual([]);
    await roomScroller.evaluate((el) => el.scrollBy({ top: el.clientHeight }));
  }
  await spaces.getByRole('searchbox', { name: 'Search spaces' }).fill('x1');
  await expect(spaces.locator('li.room-row').first()).toBeVisible();
  expect(await dangerous(spaces)).toEqual([]);
  await spaces.getByRole('searchbox', { name: 'Search spaces' }).fill('');

  // The quick switcher lists them too.
  await page.keyboard.press('Control+k');
  const switcher = page.getByRole('dialog', { name: 'Go to a space' });
  await page.keyboard.type('x2');
  await expect(switcher.getByRole('option').first()).toBeVisible();
  expect(await dangerous(switcher)).toEqual([]);
  await page.keyboard.press('Escape');

  // Thread panel: every hostile reply is shown (none rendered to nothing) and inert.
  await spaces.getByRole('searchbox', { name: 'Search spaces' }).fill('Thread room');
  await spaces.locator(`button.room[data-room-id="${room.id}"]`).click();
  // The parent is older than the live window: scrolling up loads it, and its replies group under it.
  const scroller = page.locator('.message-scroller');
  const count = page.getByRole('button', { name: '120 replies' });
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(count).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 60_000, intervals: [100] });
  await count.click();
  const panel = page.getByRole('complementary', { name: 'Thread' });
  const replies = panel.getByRole('list', { name: 'Thread messages' }).locator('[data-message-id]');
  await expect(replies).toHaveCount(121);
  expect(await dangerous(panel)).toEqual([]);
  const empty = await replies.evaluateAll(
    (els) => els.filter((el) => !el.querySelector('.message-body')?.textContent?.trim()).length,
  );
  expect(empty).toBe(0);

  expect(await page.evaluate(() => (window as unknown as { __xssFired: unknown[] }).__xssFired)).toEqual([]);
});
