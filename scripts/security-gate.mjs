#!/usr/bin/env node
/**
 * Security gate (part of `npm test`). Two halves:
 *
 * 1. Electronegativity 1.10 over src/, programmatically (its CLI always exits 0 and skips .mts/.cts). Every finding
 *    must be in scripts/security-allowlist.json with the reason it was reviewed; anything else fails the gate.
 * 2. Checks Electronegativity cannot make: the built CSP meta equals buildCsp({ dev: false }); the built preload
 *    requires only 'electron' and exposes only `ops`; no web-preference weakening anywhere in src; no raw HTML
 *    rendering in the renderer without DOMPurify; the renderer bundle holds no eval/new Function.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const failures = [];
const fail = (msg) => failures.push(msg);

function walk(dir, filter) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full, filter));
    else if (filter(full)) out.push(full);
  }
  return out;
}

// --- 1. Electronegativity
const allowlist = JSON.parse(readFileSync(path.join(root, 'scripts/security-allowlist.json'), 'utf8'));
const runModule = require('@doyensec/electronegativity');
const run = runModule.default ?? runModule;
const quiet = console.log;
console.log = () => undefined; // its progress bar and table
let result;
try {
  result = await run(
    {
      input: path.join(root, 'src'),
      isRelative: true,
      electronVersionOverride: JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'))
        .version,
      parserPlugins: [],
    },
    false,
  );
} finally {
  console.log = quiet;
}
for (const e of result?.errors ?? [])
  fail(`electronegativity could not scan ${e.file ?? JSON.stringify(e)}: ${e.message ?? ''}`);
const findings = result?.issues ?? [];
const used = new Set();
for (const f of findings) {
  const file = String(f.file).split(path.sep).join('/');
  const match = allowlist.findIndex(
    (a) => a.id === f.id && a.file === file && (a.sample === undefined || String(f.sample).includes(a.sample)),
  );
  if (match === -1)
    fail(`electronegativity: ${f.id} in ${file}:${f.location?.line} — ${f.description}\n      ${f.sample}`);
  else used.add(match);
}
allowlist.forEach((a, i) => {
  if (!used.has(i)) console.warn(`note: allowlist entry no longer matched (remove it): ${a.id} ${a.file}`);
});
console.log(`electronegativity: ${findings.length} finding(s), ${used.size} reviewed in the allowlist`);

// --- 2. Our own checks
// Run through tsx (npm test does), so the one buildCsp is the reference.
const { buildCsp } = await import('../src/main/app/csp.ts');
const html = path.join(root, 'out/renderer/index.html');
if (!existsSync(html)) fail('out/renderer/index.html is missing: run `npm run build`');
else {
  const text = readFileSync(html, 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(text)?.[1]?.replace(/&#39;/g, "'");
  if (meta !== buildCsp({ dev: false })) fail(`renderer CSP meta is "${meta}", expected the production CSP`);
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(text)) fail('out/renderer/index.html has an inline <script>');
}

const preload = path.join(root, 'out/preload/index.js');
if (!existsSync(preload)) fail('out/preload/index.js is missing: run `npm run build`');
else {
  const code = readFileSync(preload, 'utf8');
  const requires = new Set([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
  if ([...requires].some((r) => r !== 'electron'))
    fail(`preload requires ${[...requires].join(', ')}: only 'electron' is allowed`);
  const exposes = [...code.matchAll(/exposeInMainWorld\(\s*["']([^"']+)["']/g)].map((m) => m[1]);
  if (exposes.join() !== 'ops') fail(`preload exposes ${exposes.join(', ') || 'nothing'}: exactly 'ops' expected`);
  if (/exposeInMainWorld\([^)]*ipcRenderer/.test(code)) fail('preload exposes ipcRenderer');
}

const sources = walk(path.join(root, 'src'), (f) => /\.(ts|tsx)$/.test(f));
for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  const rel = path.relative(root, file);
  for (const [re, what] of [
    [/sandbox:\s*false/, 'sandbox: false'],
    [/nodeIntegration:\s*true/, 'nodeIntegration: true'],
    [/contextIsolation:\s*false/, 'contextIsolation: false'],
    [/webSecurity:\s*false/, 'webSecurity: false'],
    [/allowRunningInsecureContent:\s*true/, 'allowRunningInsecureContent: true'],
    [/webviewTag:\s*true/, 'webviewTag: true'],
    [/experimentalFeatures:\s*true/, 'experimentalFeatures: true'],
  ]) {
    if (re.test(text)) fail(`${rel}: ${what}`);
  }
  if (rel.startsWith('src/renderer/') && /dangerouslySetInnerHTML/.test(text) && !/DOMPurify/.test(text)) {
    fail(`${rel}: dangerouslySetInnerHTML without DOMPurify`);
  }
}

const assets = path.join(root, 'out/renderer/assets');
if (existsSync(assets)) {
  for (const file of walk(assets, (f) => f.endsWith('.js'))) {
    const text = readFileSync(file, 'utf8');
    if (/\beval\(|new Function\(/.test(text))
      fail(`${path.relative(root, file)} contains eval or new Function (CSP would block it)`);
  }
}

if (failures.length > 0) {
  console.error(`security gate: ${failures.length} problem(s):\n` + failures.map((f) => `  - ${f}`).join('\n'));
  process.exit(1);
}
console.log('security gate: passed');
