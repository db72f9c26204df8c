/**
 * The keytar secret store against the REAL Secret Service (gnome-keyring in the private D-Bus session that
 * `npm test` provides). Entries are read back independently with `secret-tool`. Failure modes are produced for
 * real in child processes with their own D-Bus sessions: no Secret Service on the bus, a keyring without a login
 * collection, a locked collection.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore, type SecretStore } from '../../../src/main/auth';
import { createSessionHarness, type SessionHarness } from '../../unit/auth/harness';
import { secretToolLookup } from '../../fixtures/secret-tool';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(__dirname, 'keychain-child.ts');
const SERVICE = `webex-ops-console-it-${process.pid}`;

function requireSessionBus(): void {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      'The keychain tests need a D-Bus session with an unlocked gnome-keyring (the real Secret Service): run them through `npm test`, which provides one (or wrap vitest in dbus-run-session as in docs/testing.md).',
    );
  }
}

/** A test that fails (never skips) with a clear message when there is no session bus to test against. */
function keychainIt(name: string, fn: () => Promise<void> | void): void {
  it(name, async () => {
    requireSessionBus();
    await fn();
  });
}

interface ChildResult {
  get: { ok: boolean; kind?: string; message?: string; value?: unknown };
  set: { ok: boolean; kind?: string; message?: string };
  delete: { ok: boolean; kind?: string; message?: string; value?: unknown };
  view: { kind: string; keychainAvailable: boolean; detail?: string };
  canStore: boolean;
  warnings: string[];
}

/** Runs `script` (sh) inside a fresh private D-Bus session with a fresh XDG_DATA_HOME; returns the last JSON line. */
async function inPrivateSession(script: string, dbusArgs: string[] = []): Promise<ChildResult> {
  const xdg = await mkdtemp(path.join(os.tmpdir(), 'ops-kc-child-'));
  try {
    const child = spawn('dbus-run-session', [...dbusArgs, '--', 'sh', '-c', script], {
      cwd: ROOT,
      env: {
        ...process.env,
        XDG_DATA_HOME: xdg,
        CHILD: `${process.execPath} --import tsx ${CHILD}`,
        DBUS_SESSION_BUS_ADDRESS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const line = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .at(-1);
    if (!line) throw new Error(`child printed no result (exit ${code}): ${err.slice(-2000)}`);
    return JSON.parse(line) as ChildResult;
  } finally {
    await rm(xdg, { recursive: true, force: true });
  }
}

describe('keychain (real Secret Service)', () => {
  const store: SecretStore = createKeytarSecretStore({ service: SERVICE });
  const account = (name: string): string => `http://127.0.0.1:9|PERSON-${name}|access`;

  afterAll(async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) return;
    for (const name of ['save', 'unicode', 'replace']) await store.delete(account(name)).catch(() => false);
  });

  keychainIt('is the keytar backend', () => {
    expect(store.kind).toBe('keytar');
  });

  keychainIt('saves and reads back; secret-tool finds the same entry by service and account', async () => {
    await store.set(account('save'), 'token-AbC123_xyz');
    expect(await store.get(account('save'))).toBe('token-AbC123_xyz');
    expect(await secretToolLookup(SERVICE, account('save'))).toBe('token-AbC123_xyz');
    // Bound to service + account: another service does not see it.
    expect(await secretToolLookup(`${SERVICE}-other`, account('save'))).toBeUndefined();
  });

  keychainIt('replaces an entry in place', async () => {
    await store.set(account('replace'), 'first-value');
    await store.set(account('replace'), 'second-value');
    expect(await store.get(account('replace'))).toBe('second-value');
    expect(await secretToolLookup(SERVICE, account('replace'))).toBe('second-value');
  });

  keychainIt('keeps unicode secrets intact', async () => {
    const secret = 'pässwörd-🔑-密码-\u00e9\u0301';
    await store.set(account('unicode'), secret);
    expect(await store.get(account('unicode'))).toBe(secret);
    expect(await secretToolLookup(SERVICE, account('unicode'))).toBe(secret);
  });

  keychainIt('deletes: gone for keytar and for secret-tool; deleting again reports false', async () => {
    await store.set(account('save'), 'to-be-deleted');
    expect(await store.delete(account('save'))).toBe(true);
    expect(await store.get(account('save'))).toBeUndefined();
    expect(await secretToolLookup(SERVICE, account('save'))).toBeUndefined();
    expect(await store.delete(account('save'))).toBe(false);
  });

  describe('the session service on the real keychain', () => {
    let h: SessionHarness | undefined;
    afterAll(async () => {
      await h?.close();
    });

    keychainIt(
      'reports the keytar backend as available and stores a signed-in identity where secret-tool finds it',
      async () => {
        h = await createSessionHarness({ secretStore: store });
        const state = await h.state();
        expect(state.secretBackend).toEqual({ kind: 'keytar', keychainAvailable: true });
        const token = h.sim.control.issueToken('operator');
        const view = await h.ok('session.signInWithToken', { token, apiBaseUrl: h.sim.baseUrl });
        const acct = `${h.sim.origin}|${view.personId}|access`;
        expect(await secretToolLookup(SERVICE, acct)).toBe(token);
        await h.ok('session.signOut', {});
        expect(await secretToolLookup(SERVICE, acct)).toBeUndefined();
      },
    );
  });
});

describe('keychain failures (child processes with their own D-Bus session)', () => {
  keychainIt('no Secret Service on the bus → keychainUnavailable for every call; the state says so', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ops-kc-bus-'));
    try {
      await mkdir(path.join(dir, 'services'));
      const conf = path.join(dir, 'bus.conf');
      await writeFile(
        conf,
        `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${os.tmpdir()}</listen><auth>EXTERNAL</auth>
<servicedir>${path.join(dir, 'services')}</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
      );
      const r = await inPrivateSession('exec $CHILD svc acct', [`--config-file=${conf}`]);
      expect(r.get).toMatchObject({ ok: false, kind: 'keychainUnavailable' });
      expect(r.get.message).toMatch(/org\.freedesktop\.secrets/);
      expect(r.set).toMatchObject({ ok: false, kind: 'keychainUnavailable' });
      expect(r.delete).toMatchObject({ ok: false, kind: 'keychainUnavailable' });
      expect(r.view).toMatchObject({ kind: 'none', keychainAvailable: false });
      expect(r.canStore).toBe(false);
      expect(r.warnings).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  keychainIt(
    'a keyring without a login collection → reads find nothing, saving fails with keychainUnavailable',
    async () => {
      const r = await inPrivateSession(
        'gnome-keyring-daemon --start --components=secrets >/dev/null; exec $CHILD svc acct',
      );
      expect(r.get).toEqual({ ok: true });
      expect(r.set).toMatchObject({ ok: false, kind: 'keychainUnavailable' });
      expect(r.set.message).toMatch(/collection/);
      expect(r.view).toMatchObject({ kind: 'none', keychainAvailable: false });
    },
  );

  keychainIt(
    'a locked collection → the saved secret cannot be read, saving fails: keychainUnavailable, said in the state',
    async () => {
      const r = await inPrivateSession(
        [
          'printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
          '$CHILD svc acct store locked-secret-1 >/dev/null',
          'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null',
          'exec $CHILD svc acct',
        ].join('; '),
      );
      // gnome-keyring answers a locked lookup with "nothing" (it cannot show an unlock prompt without a display).
      expect(r.get).toEqual({ ok: true });
      expect(r.set).toMatchObject({ ok: false, kind: 'keychainUnavailable' });
      expect(r.set.message).toMatch(/locked collection/);
      expect(r.view).toMatchObject({ kind: 'none', keychainAvailable: false });
      expect(r.view.detail).toMatch(/locked/);
    },
  );

  keychainIt('the session bus address itself is unusable → keychainUnavailable, fast, no crash', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, 'svc', 'acct'], {
      cwd: ROOT,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
      timeout: 20_000,
    });
    const r = JSON.parse(stdout.trim().split('\n').at(-1) as string) as ChildResult;
    expect(r.get).toMatchObject({ ok: false, kind: 'keychainUnavailable' });
    expect(r.view.keychainAvailable).toBe(false);
  });
});
