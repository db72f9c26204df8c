import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCsp } from '../../../src/main/app/csp';
import { createAppProtocolHandler } from '../../../src/main/app/protocol';

let dir: string;
let root: string;
let handler: (request: Request) => Promise<Response>;
const csp = buildCsp({ dev: false });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ops-protocol-'));
  root = path.join(dir, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>ops</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the root');
  await symlink(path.join(dir, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  handler = createAppProtocolHandler({ root, csp });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves index.html for / with the CSP header, nosniff and a content type', async () => {
    const res = await get('app://ops/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>ops</title>');
    expect(res.headers.get('content-security-policy')).toBe(csp);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('serves assets by path with their type', async () => {
    const res = await get('app://ops/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('HEAD has headers and no body', async () => {
    const res = await get('app://ops/index.html', 'HEAD');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it.each([
    'app://ops/%2e%2e/secret.txt',
    'app://ops/assets/%2E%2E/%2E%2E/secret.txt',
    'app://ops/..%2fsecret.txt',
    'app://ops/assets/..%5c..%5csecret.txt',
    'app://ops/%00index.html',
  ])('refuses path traversal: %s', async (url) => {
    const res = await get(url);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('outside the root');
  });

  it('refuses a symlink that leads out of the root', async () => {
    const res = await get('app://ops/assets/link.txt');
    expect(res.status).toBe(403);
  });

  it('answers 404 for other hosts and missing files, 405 for other methods', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://ops/nope.js')).status).toBe(404);
    expect((await get('app://ops/assets')).status).toBe(404);
    expect((await get('app://ops/index.html', 'POST')).status).toBe(405);
  });

  it.each([
    ['font.woff', 'font/woff'],
    ['font.woff2', 'font/woff2'],
    ['font.ttf', 'font/ttf'],
    ['image.webp', 'image/webp'],
    ['image.gif', 'image/gif'],
    ['module.wasm', 'application/wasm'],
  ])('serves %s as %s (a wrong type breaks fonts and WebAssembly under nosniff)', async (name, type) => {
    await writeFile(path.join(root, 'assets', name), 'x');
    const res = await get(`app://ops/assets/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
  });

  it('does not cache a failed lookup of the root: once the folder is there, it serves', async () => {
    const late = path.join(dir, 'late-renderer');
    const lateHandler = createAppProtocolHandler({ root: late, csp });
    expect((await lateHandler(new Request('app://ops/index.html'))).status).toBe(404);
    await mkdir(late, { recursive: true });
    await writeFile(path.join(late, 'index.html'), '<!doctype html><title>late</title>');
    const res = await lateHandler(new Request('app://ops/index.html'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>late</title>');
  });
});
