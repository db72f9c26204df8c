#!/usr/bin/env node
/**
 * `npm test`: everything that can run on a machine without the Electron binary, in one go.
 *
 *   build → typecheck → lint → unit + integration (vitest) → e2e (Playwright + Chromium) → security gate
 *
 * The whole run happens inside one private D-Bus session with an unlocked gnome-keyring, so the keychain tests and
 * the e2e sign-in flows use a real Secret Service. A missing prerequisite fails the run with the command that
 * installs it — nothing is skipped silently. Ends with one line: "N passed, N failed".
 *
 *   node scripts/test.mjs [--only build,typecheck,lint,unit,integration,e2e,security] [-- extra args for vitest/playwright]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, '.test-results');
const ALL_STEPS = ['build', 'typecheck', 'lint', 'unit', 'integration', 'e2e', 'security'];

const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const ownArgs = dashdash === -1 ? argv : argv.slice(0, dashdash);
const passThrough = dashdash === -1 ? [] : argv.slice(dashdash + 1);
const onlyIndex = ownArgs.indexOf('--only');
const steps = onlyIndex === -1 ? ALL_STEPS : ownArgs[onlyIndex + 1].split(',').map((s) => s.trim());
for (const s of steps) {
  if (!ALL_STEPS.includes(s)) {
    console.error(`unknown step "${s}"; steps: ${ALL_STEPS.join(', ')}`);
    process.exit(2);
  }
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function prerequisites() {
  const problems = [];
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    problems.push(`Node ${process.versions.node} is too old: install Node.js 20.19 or newer.`);
  if (!existsSync(path.join(root, 'node_modules'))) problems.push('Dependencies are missing: run `npm ci`.');
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (steps.includes('e2e') && !existsSync(chromium)) {
    problems.push(
      `Chromium not found at ${chromium}: install it (Debian: \`sudo apt-get install chromium\`) or set CHROMIUM_PATH.`,
    );
  }
  if (!which('dbus-run-session'))
    problems.push('dbus-run-session not found: install dbus (Debian: `sudo apt-get install dbus`).');
  if (!which('gnome-keyring-daemon'))
    problems.push(
      'gnome-keyring-daemon not found: install gnome-keyring (Debian: `sudo apt-get install gnome-keyring`).',
    );
  if (!which('secret-tool'))
    problems.push('secret-tool not found: install libsecret-tools (Debian: `sudo apt-get install libsecret-tools`).');
  const keytar = spawnSync(process.execPath, ['-e', "require('keytar')"], { cwd: root, encoding: 'utf8' });
  if (keytar.status !== 0) {
    problems.push(
      'keytar (the OS keychain module) does not load: install libsecret-1-dev and pkg-config (Debian: `sudo apt-get install libsecret-1-dev pkg-config`), then run `npm ci` again.\n    ' +
        (keytar.stderr.split('\n').find((l) => l.includes('Error')) ?? keytar.stderr.trim().split('\n')[0] ?? ''),
    );
  }
  return problems;
}

// --- outside the session: check, then re-run this script inside a private D-Bus session with a keyring
if (process.env.OPS_TEST_SESSION !== '1') {
  const problems = prerequisites();
  if (problems.length > 0) {
    console.error('npm test cannot run; missing prerequisites:\n' + problems.map((p) => `  - ${p}`).join('\n'));
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'summary.txt'), '0 passed, 1 failed\n');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  // A fresh keyring folder each run: a stale keyring stays locked.
  const xdg = mkdtempSync(path.join(tmpdir(), 'ops-keyring-'));
  const child = spawn(
    'dbus-run-session',
    [
      '--',
      'sh',
      '-c',
      'printf %s ops-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"',
      'sh',
      process.execPath,
      fileURLToPath(import.meta.url),
      ...argv,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, OPS_TEST_SESSION: '1', XDG_DATA_HOME: xdg } },
  );
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
} else {
  await runInSession();
}

function run(label, cmd, args, env = {}) {
  return new Promise((resolve) => {
    console.log(`\n━━━ ${label}: ${cmd} ${args.join(' ')}`);
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      resolve({ ok: code === 0 && !signal, code: code ?? 1, seconds });
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function runInSession() {
  mkdirSync(resultsDir, { recursive: true });
  const npx = path.join(root, 'node_modules/.bin');
  const rows = [];
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const record = (name, passed, failed, skipped, seconds, note = '') => {
    totals.passed += passed;
    totals.failed += failed;
    totals.skipped += skipped;
    rows.push({ name, passed, failed, skipped, seconds, note });
  };
  const single = async (name, cmd, args) => {
    const r = await run(name, cmd, args);
    record(name, r.ok ? 1 : 0, r.ok ? 0 : 1, 0, r.seconds);
    return r.ok;
  };

  // The Secret Service must really be there: probe it through keytar.
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      "const k=require('keytar');(async()=>{await k.setPassword('ops-test-probe','probe','ok');const v=await k.getPassword('ops-test-probe','probe');await k.deletePassword('ops-test-probe','probe');if(v!=='ok')throw new Error('read back '+v)})().catch(e=>{console.error(e.message);process.exit(1)})",
    ],
    { cwd: root, encoding: 'utf8', timeout: 20_000 },
  );
  if (probe.status !== 0) {
    console.error(`The private Secret Service did not start (gnome-keyring): ${probe.stderr || probe.error}`);
    record('secret service', 0, 1, 0, '0');
  }

  let built = existsSync(path.join(root, 'out/renderer/index.html'));
  if (steps.includes('build')) built = await single('build', path.join(npx, 'electron-vite'), ['build']);
  if (steps.includes('typecheck')) await single('typecheck', 'npm', ['run', '--silent', 'typecheck']);
  if (steps.includes('lint')) await single('lint', path.join(npx, 'eslint'), ['.', '--max-warnings', '0']);

  const vitestProjects = ['unit', 'integration'].filter((s) => steps.includes(s));
  if (vitestProjects.length > 0) {
    const out = path.join(resultsDir, 'vitest.json');
    const r = await run(vitestProjects.join(' + '), path.join(npx, 'vitest'), [
      'run',
      // The unit step includes the renderer's component tests (vitest project "renderer", happy-dom).
      ...vitestProjects.flatMap((p) =>
        p === 'unit' ? ['--project', 'unit', '--project', 'renderer'] : ['--project', p],
      ),
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
      ...passThrough,
    ]);
    const json = readJson(out);
    if (json) {
      const failedSuites = json.numFailedTestSuites ?? 0;
      record(
        'vitest',
        json.numPassedTests,
        json.numFailedTests + (json.numFailedTests === 0 && !r.ok ? Math.max(1, failedSuites) : 0),
        json.numPendingTests + json.numTodoTests,
        r.seconds,
      );
    } else {
      record('vitest', 0, 1, 0, r.seconds, 'no report');
    }
  }

  if (steps.includes('e2e')) {
    if (!built) {
      record('e2e', 0, 1, 0, '0', 'renderer not built');
    } else {
      const out = path.join(resultsDir, 'e2e.json');
      const r = await run('e2e', path.join(npx, 'playwright'), ['test', ...passThrough], { CI: process.env.CI ?? '1' });
      const json = readJson(out);
      if (json?.stats) {
        const s = json.stats;
        const failed = s.unexpected + s.flaky + (s.unexpected + s.flaky === 0 && !r.ok ? 1 : 0);
        record('e2e', s.expected, failed, s.skipped, r.seconds, s.flaky ? `${s.flaky} flaky` : '');
      } else {
        record('e2e', 0, 1, 0, r.seconds, 'no report');
      }
    }
  }

  if (steps.includes('security')) await single('security gate', path.join(npx, 'tsx'), ['scripts/security-gate.mjs']);

  console.log('\n━━━ Summary');
  for (const row of rows) {
    console.log(
      `  ${row.name.padEnd(16)} ${String(row.passed).padStart(5)} passed ${String(row.failed).padStart(4)} failed ${String(row.skipped).padStart(3)} skipped  ${row.seconds}s ${row.note}`,
    );
  }
  if (totals.skipped > 0) {
    console.log(`  ${totals.skipped} test(s) were skipped: a skipped test proves nothing, so the run fails.`);
    totals.failed += totals.skipped;
  }
  const line = `${totals.passed} passed, ${totals.failed} failed`;
  writeFileSync(path.join(resultsDir, 'summary.txt'), `${line}\n`);
  console.log(line);
  process.exit(totals.failed === 0 ? 0 : 1);
}
