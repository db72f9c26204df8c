/**
 * Sign-in in the harness (issue 6): token, wrong token, demo, OAuth round trip through a second browser page,
 * switching identity, signing out — and the custody canary: no token, refresh token or client secret in the
 * bridge traffic main → renderer, the log file, errors, the renderer bundle or the DOM.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Simulator } from '../../src/sim';
import { expect, test, type Captured } from './fixtures';
import { secretToolLookup } from '../fixtures/secret-tool';
import { readDataFiles } from './harness/data-files';

const ROOT = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

const tokenCard = (page: Page) => page.getByRole('region', { name: 'Paste a token' });
const oauthCard = (page: Page) => page.getByRole('region', { name: 'Sign in with Webex' });

async function pasteToken(page: Page, token: string, apiBaseUrl: string): Promise<void> {
  const card = tokenCard(page);
  await card.getByLabel('Personal or bot access token').fill(token);
  await card.getByText('API address').click();
  await card.getByLabel('API base URL').fill(apiBaseUrl);
  await card.getByRole('button', { name: 'Sign in with token' }).click();
}

async function oauthRoundTrip(
  page: Page,
  sim: Simulator,
  captured: Captured,
  client: { clientId: string; clientSecret: string; redirectUri: string },
): Promise<void> {
  const card = oauthCard(page);
  await card.getByLabel('Client id').fill(client.clientId);
  await card.getByLabel('Client secret').fill(client.clientSecret);
  await card.getByLabel('Redirect URI').fill(client.redirectUri);
  await expect(card.getByTestId('redirect-uri')).toHaveText(client.redirectUri);
  await card.getByText('API address').click();
  await card.getByLabel('API base URL').fill(sim.baseUrl);
  const opened = captured.openExternal.length;
  await card.getByRole('button', { name: 'Sign in with Webex' }).click();
  await expect(card.getByRole('status')).toContainText('Waiting for the browser');
  await expect.poll(() => captured.openExternal.length).toBe(opened + 1);
  const authorizeUrl = new URL(captured.openExternal[opened] as string);
  expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${sim.baseUrl}/authorize`);
  expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(client.redirectUri);
  expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');

  // The "system browser": a second page of the same context follows the URL; the sim redirects to the loopback.
  const browser = await page.context().newPage();
  await browser.goto(authorizeUrl.href);
  await expect(browser.getByRole('heading', { name: 'You can close this window' })).toBeVisible();
  expect(browser.url().startsWith(client.redirectUri)).toBe(true);
  await browser.close();
}

test.describe('sign-in', () => {
  test('paste a token: the identity appears, reading and posting as Dana Ops', async ({ app, sim, captured }) => {
    await app.open();
    const page = app.page;
    await expect(page.getByTestId('secret-backend')).toHaveAttribute('data-backend', 'keytar');
    await pasteToken(page, sim.tokens.operator as string, sim.baseUrl);
    const identity = page.getByTestId('active-identity');
    await expect(identity).toContainText('Reading and posting as');
    await expect(identity).toContainText('Dana Ops');
    await expect(identity).toContainText('pasted token');
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Dana Ops (token)');
    await expect(page.getByRole('heading', { name: 'Sign in to Webex' })).toHaveCount(0);
    // The loopback simulator is not Webex's host: main asked in a native dialog (answered yes by the fixture).
    expect(captured.confirms).toHaveLength(1);
    expect(captured.confirms[0]?.message).toContain(sim.origin);
  });

  test('a wrong token shows a clear error and signs nobody in', async ({ app, sim }) => {
    await app.open();
    const page = app.page;
    await pasteToken(page, 'this-is-not-a-valid-token-0000', sim.baseUrl);
    const alert = tokenCard(page).getByRole('alert');
    await expect(alert).toContainText('Webex did not accept the sign-in');
    await expect(alert).toContainText('did not accept this token');
    await expect(page.getByRole('heading', { name: 'Sign in to Webex' })).toBeVisible();
    await expect(tokenCard(page).getByLabel('Personal or bot access token')).toHaveValue('');
    const state = await app.invoke('session.snapshot');
    expect(state.ok && (state.value as { data: { status: string } }).data.status).toBe('signedOut');
  });

  test('try the demo workspace: the demo identity, marked "Demo workspace"', async ({ app }) => {
    await app.open();
    const page = app.page;
    await page.getByRole('button', { name: 'Try the demo workspace' }).click();
    await expect(page.getByTestId('active-identity')).toContainText('Dana Ops');
    await expect(page.getByTestId('active-identity')).toContainText('Demo');
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Demo workspace');
    await expect(page).toHaveTitle(/Demo workspace/);
  });

  test('OAuth round trip: the browser comes back to the loopback redirect and the identity appears', async ({
    app,
    sim,
    captured,
  }) => {
    const redirectUri = `http://127.0.0.1:${await freePort()}/oauth/callback`;
    const client = sim.control.registerOAuthClient({ redirectUri });
    await app.open();
    const page = app.page;
    await expect(oauthCard(page).getByTestId('redirect-uri')).toHaveText('http://127.0.0.1:53682/oauth/callback');
    await oauthRoundTrip(page, sim, captured, { ...client, redirectUri });
    const identity = page.getByTestId('active-identity');
    await expect(identity).toContainText('Dana Ops');
    await expect(identity).toContainText('Webex sign-in');
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Dana Ops (OAuth)');
    const done = captured.events.flatMap((b) => b.events).find((e) => e.type === 'op.done');
    expect(done).toMatchObject({ op: 'session.oauth', result: { ok: true } });
  });

  test('switch identity, then sign out (the secrets leave the keychain)', async ({ app, sim }, testInfo) => {
    await app.open();
    const page = app.page;
    await pasteToken(page, sim.tokens.operator as string, sim.baseUrl);
    await expect(page.getByTestId('active-identity')).toContainText('Dana Ops');
    // Second identity (setup, not under test): the bot.
    const bot = await app.invoke('session.signInWithToken', { token: sim.tokens.bot, apiBaseUrl: sim.baseUrl });
    expect(bot.ok).toBe(true);
    const identity = page.getByTestId('active-identity');
    await expect(identity).toContainText('AlertBot');
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('AlertBot is a bot');

    await page.getByLabel('Switch identity').selectOption({ label: 'Dana Ops (pasted token)' });
    await expect(identity).toContainText('Dana Ops');
    await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Dana Ops (token)');

    const service = `webex-ops-console-e2e-${testInfo.workerIndex}`;
    const account = `${sim.origin}|${sim.people.operator?.id}|access`;
    expect(await secretToolLookup(service, account)).toBe(sim.tokens.operator);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to Webex' })).toBeVisible();
    const saved = page.getByRole('region', { name: 'Saved identities' });
    await expect(saved).toContainText('Dana Ops');
    await expect(saved).toContainText('signed out');
    await expect(saved.getByRole('button', { name: 'Continue as AlertBot' })).toBeVisible();
    expect(await secretToolLookup(service, account)).toBeUndefined();

    await saved.getByRole('button', { name: 'Continue as AlertBot' }).click();
    await expect(page.getByTestId('active-identity')).toContainText('AlertBot');
  });

  test('canary: no token, refresh token or client secret reaches the renderer, the log, errors, the bundle or the DOM', async ({
    app,
    sim,
    captured,
  }, testInfo) => {
    const canaryToken = sim.control.issueToken('operator');
    const canaryWrong = 'CANARY-wrong-token-7f3e9b1d0c';
    const canarySecret = 'CANARY-client-secret-5a8d2e6f4b91c0';
    const redirectUri = `http://127.0.0.1:${await freePort()}/oauth/callback`;
    sim.control.registerOAuthClient({ redirectUri, clientId: 'C-canary-integration', clientSecret: canarySecret });

    await app.open();
    const page = app.page;
    // 1. A wrong token (error path), 2. the canary token, 3. OAuth with the canary client secret.
    await pasteToken(page, canaryWrong, sim.baseUrl);
    await expect(tokenCard(page).getByRole('alert')).toContainText('did not accept this token');
    await tokenCard(page).getByLabel('Personal or bot access token').fill(canaryToken);
    await tokenCard(page).getByRole('button', { name: 'Sign in with token' }).click();
    await expect(page.getByTestId('active-identity')).toContainText('Dana Ops');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to Webex' })).toBeVisible();
    await oauthRoundTrip(page, sim, captured, {
      clientId: 'C-canary-integration',
      clientSecret: canarySecret,
      redirectUri,
    });
    await expect(page.getByTestId('active-identity')).toContainText('Webex sign-in');

    // The OAuth tokens the app now holds, read independently from the keychain: canaries too.
    const service = `webex-ops-console-e2e-${testInfo.workerIndex}`;
    const person = sim.people.operator?.id as string;
    const oauthAccess = await secretToolLookup(service, `${sim.origin}|${person}|access`);
    const oauthRefresh = await secretToolLookup(service, `${sim.origin}|${person}|refresh`);
    expect(oauthAccess).toBeTruthy();
    expect(oauthRefresh).toBeTruthy();
    expect(await secretToolLookup(service, `${sim.origin}|oauth-client|C-canary-integration`)).toBe(canarySecret);
    const canaries = [canaryToken, canaryWrong, canarySecret, oauthAccess as string, oauthRefresh as string];
    const leaked = (where: string, text: string): void => {
      for (const c of canaries) expect(text.includes(c), `a canary (${c.slice(0, 8)}…) in ${where}`).toBe(false);
    };

    // Bridge traffic: renderer → main payloads carry secrets ONLY in the write-only fields; everything main → renderer
    // (results, errors, events), notifications, opened URLs and dialogs carry none.
    const writeOnly: Record<string, string[]> = {
      'session.signInWithToken': ['token'],
      'session.setOAuthClient': ['clientSecret'],
    };
    const scrubbed = captured.invokes.map((i) => {
      const payload =
        typeof i.payload === 'object' && i.payload !== null ? { ...(i.payload as Record<string, unknown>) } : i.payload;
      for (const field of writeOnly[i.channel] ?? []) {
        if (typeof payload === 'object' && payload !== null) delete (payload as Record<string, unknown>)[field];
      }
      return { channel: i.channel, payload, result: i.result };
    });
    const withSecrets = captured.invokes.filter((i) =>
      canaries.some((c) => JSON.stringify(i.payload ?? null).includes(c)),
    );
    expect(new Set(withSecrets.map((i) => i.channel))).toEqual(
      new Set(['session.signInWithToken', 'session.setOAuthClient']),
    );
    leaked('bridge traffic', JSON.stringify(scrubbed));
    leaked('events', JSON.stringify(captured.events));
    leaked(
      'notifications, links, dialogs',
      JSON.stringify([captured.notifications, captured.openExternal, captured.confirms]),
    );
    const errors = captured.invokes.filter((i) => !i.result.ok);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    leaked('errors', JSON.stringify(errors.map((i) => i.result)));

    // The log file exists, has the sign-in entries, and no canary.
    await app.core.logger.flush();
    const log = await readFile(path.join(app.dataDir, 'logs', 'main.log'), 'utf8');
    const entries = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.filter((e) => e.msg === 'signed in').map((e) => e.method)).toEqual(['token', 'oauth']);
    leaked('the log file', log);

    // Everything on disk in the data folder (settings, identities) is free of them too. Pending writes first, so
    // no temporary file is caught mid-rename.
    await app.core.store.flush();
    for (const f of await readDataFiles(app.dataDir)) leaked(`data file ${f.name}`, f.text);

    // The renderer bundle.
    const bundle = await readdir(path.join(ROOT, 'out/renderer'), { recursive: true, withFileTypes: true });
    const bundleFiles = bundle.filter((d) => d.isFile());
    expect(bundleFiles.length).toBeGreaterThan(0);
    for (const f of bundleFiles) leaked(`bundle ${f.name}`, await readFile(path.join(f.parentPath, f.name), 'latin1'));

    // The DOM: text, every attribute, every input's current value (the forms were cleared on submit).
    const dom = await page.evaluate(() => {
      const values = [...document.querySelectorAll('input, textarea, select')].map(
        (el) => (el as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value,
      );
      const attributes = [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.value));
      return JSON.stringify({
        html: document.documentElement.outerHTML,
        text: document.body.innerText,
        values,
        attributes,
        title: document.title,
      });
    });
    expect(dom).toContain('Dana Ops');
    leaked('the DOM', dom);
  });
});
