import { readdirSync } from 'node:fs';
import path from 'node:path';
import payloads from '../fixtures/xss/dompurify-payloads.json';
import { expect, test } from './fixtures';

/** Every file of the built renderer, as URL paths: the only requests the page may make. */
function staticPaths(dir: string, prefix = '/'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? staticPaths(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}
const STATIC = new Set(staticPaths(path.resolve(__dirname, '../../out/renderer')));

/**
 * Untrusted message content in real Chromium: every DOMPurify XSS payload (test/fixtures/xss) is posted by a
 * colleague as markdown and as plain text, and the space is opened. No script may run, no dialog open, no request
 * leave the app's origin, and no event-handler attribute, script, frame or javascript: URL may reach the DOM.
 */
const PER_ROOM = 45;

test('XSS payloads in messages render as inert content', async ({ app, sim, rendererUrl }) => {
  test.setTimeout(180_000);
  const page = app.page;
  const dialogs: string[] = [];
  const foreignRequests: string[] = [];
  const appOrigin = new URL(rendererUrl).origin;
  expect(STATIC.has(new URL(rendererUrl).pathname)).toBe(true);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Any request that is not one of the app's own static files counts — the simulator on loopback included.
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== appOrigin || !STATIC.has(url.pathname)) foreignRequests.push(request.url());
  });
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    w.__xssFired = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      w[name] = (...args: unknown[]) => (w.__xssFired as unknown[]).push([name, ...args]);
    }
  });

  await app.open();
  expect(
    (await app.invoke('session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl })).ok,
  ).toBe(true);

  const posts = (payloads as { title: string; payload: string }[]).flatMap((p) => [
    { markdown: p.payload },
    { text: p.payload },
  ]);
  const roomIds: string[] = [];
  for (let i = 0; i < posts.length; i += PER_ROOM) {
    const room = sim.control.createRoom('operator', { title: `xss-${i / PER_ROOM}` });
    sim.control.addMember(room.id, 'bot');
    for (const body of posts.slice(i, i + PER_ROOM)) sim.control.post('bot', { roomId: room.id, ...body });
    roomIds.push(room.id);
  }

  for (const [index, roomId] of roomIds.entries()) {
    const expected = Math.min(PER_ROOM, posts.length - index * PER_ROOM);
    await expect(page.locator(`li.room-row[data-room-id="${roomId}"]`)).toBeVisible();
    await page.locator(`li.room-row[data-room-id="${roomId}"] button.room`).click();
    const list = page.getByRole('list', { name: `Messages in xss-${index}` });
    // The list is virtualised (only the rows in view are in the DOM): every row is scanned on its way through the
    // view, from the oldest message down to the newest.
    const scroller = page.locator('.message-scroller');
    await expect(list.locator('[data-message-id]').first()).toBeVisible();
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    const seen = new Set<string>();
    for (let step = 0; step < 100; step++) {
      // Let anything that could fire do so: wait until every image in the list has loaded or failed (the events an
      // onload/onerror payload would use), then two animation frames (animation and transition events).
      await list.evaluate(async (root) => {
        await Promise.all(
          [...root.querySelectorAll('img')].map((img) =>
            img.complete
              ? undefined
              : new Promise<void>((resolve) => {
                  img.addEventListener('load', () => resolve(), { once: true });
                  img.addEventListener('error', () => resolve(), { once: true });
                }),
          ),
        );
        for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
      });
      const findings = await list.evaluate((root) => {
        const bad: string[] = [];
        for (const el of root.querySelectorAll('*')) {
          const tag = el.tagName.toLowerCase();
          if (['script', 'iframe', 'frame', 'object', 'embed', 'form', 'base', 'meta', 'link', 'style'].includes(tag)) {
            bad.push(`<${tag}>`);
          }
          for (const attr of el.attributes) {
            if (/^on/i.test(attr.name)) bad.push(`${tag}[${attr.name}]`);
            if (
              /^\s*(javascript|vbscript|data):/i.test(attr.value) &&
              ['href', 'src', 'action', 'xlink:href', 'formaction'].includes(attr.name)
            ) {
              bad.push(`${tag}[${attr.name}=${attr.value.slice(0, 30)}]`);
            }
          }
        }
        return bad;
      });
      expect(findings, `dangerous markup in room ${index}`).toEqual([]);
      const ids = await list
        .locator('[data-message-id]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-message-id') ?? ''));
      for (const id of ids) seen.add(id);
      const atEnd = await scroller.evaluate((el) => {
        const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
        el.scrollBy({ top: el.clientHeight / 2 });
        return end;
      });
      if (atEnd) break;
    }
    expect(seen.size, `messages shown in room ${index}`).toBe(expected);
  }

  const fired = await page.evaluate(() => (window as unknown as { __xssFired: unknown[] }).__xssFired);
  expect(fired).toEqual([]);
  // Control: the trap does catch a script that runs.
  await page.evaluate(() => window.alert('control'));
  expect(await page.evaluate(() => (window as unknown as { __xssFired: unknown[] }).__xssFired)).toEqual([
    ['alert', 'control'],
  ]);
  expect(dialogs).toEqual([]);
  expect(foreignRequests).toEqual([]);
});
