import { describe, expect, it } from 'vitest';
import { createKeytarSecretStore, createMemorySecretStore, type KeytarLike } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { AppFailure } from '../../../src/main/errors';

/** An in-memory keytar with the real module's shape (null for a missing entry), recording its calls. */
function fakeKeytar(): KeytarLike & { calls: string[]; data: Map<string, string> } {
  const data = new Map<string, string>();
  const calls: string[] = [];
  return {
    calls,
    data,
    async getPassword(service, account) {
      calls.push(`get ${service} ${account}`);
      return data.get(`${service}/${account}`) ?? null;
    },
    async setPassword(service, account, password) {
      calls.push(`set ${service} ${account}`);
      data.set(`${service}/${account}`, password);
    },
    async deletePassword(service, account) {
      calls.push(`delete ${service} ${account}`);
      return data.delete(`${service}/${account}`);
    },
  };
}

async function failureOf(p: Promise<unknown>): Promise<AppFailure> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppFailure);
    return e as AppFailure;
  }
  throw new Error('expected a failure');
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

describe('keytar secret store', () => {
  it('loads keytar lazily: nothing is loaded until the first call', async () => {
    let loads = 0;
    const keytar = fakeKeytar();
    const store = createKeytarSecretStore({
      load: async () => {
        loads += 1;
        return keytar;
      },
    });
    expect(store.kind).toBe('keytar');
    expect(loads).toBe(0);
    await store.set('https://webexapis.com|P1|access', 'tok-1');
    expect(await store.get('https://webexapis.com|P1|access')).toBe('tok-1');
    expect(loads).toBe(1);
  });

  it('uses service "webex-ops-console" by default, the given service otherwise, and the account as given', async () => {
    const keytar = fakeKeytar();
    await createKeytarSecretStore({ load: async () => keytar }).set('o|p|access', 'x1234');
    await createKeytarSecretStore({ service: 'webex-ops-console-e2e-0', load: async () => keytar }).set(
      'o|p|access',
      'y1234',
    );
    expect(keytar.calls).toEqual(['set webex-ops-console o|p|access', 'set webex-ops-console-e2e-0 o|p|access']);
  });

  it('maps a missing entry (null) to undefined, and reports whether delete removed something', async () => {
    const keytar = fakeKeytar();
    const store = createKeytarSecretStore({ load: async () => keytar });
    expect(await store.get('missing')).toBeUndefined();
    await store.set('a', 'secret-a');
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
  });

  it('a load failure (missing libsecret) is keychainUnavailable, not a crash, and is retried on the next call', async () => {
    let attempt = 0;
    const keytar = fakeKeytar();
    const store = createKeytarSecretStore({
      load: async () => {
        attempt += 1;
        if (attempt === 1) throw new Error('libsecret-1.so.0: cannot open shared object file');
        return keytar;
      },
    });
    const e = await failureOf(store.get('a'));
    expect(e.kind).toBe('keychainUnavailable');
    expect(e.message).toContain('libsecret-1.so.0');
    await store.set('a', 'later');
    expect(await store.get('a')).toBe('later');
    expect(attempt).toBe(2);
  });

  it('a loader that never resolves → keychainUnavailable after the timeout (default 5 s)', async () => {
    const clock = new ManualClock();
    const store = createKeytarSecretStore({ clock, load: () => never<KeytarLike>() });
    let settled: AppFailure | undefined;
    const pending = failureOf(store.get('a')).then((e) => (settled = e));
    await clock.advance(4_999);
    expect(settled).toBeUndefined();
    await clock.advance(1);
    await pending;
    expect(settled?.kind).toBe('keychainUnavailable');
    expect(settled?.message).toMatch(/did not answer within 5 s/);
  });

  it('every call has its own timeout: a keychain call that waits forever (locked, prompting) → keychainUnavailable', async () => {
    const clock = new ManualClock();
    const keytar = fakeKeytar();
    keytar.getPassword = () => never<string | null>();
    const store = createKeytarSecretStore({ clock, timeoutMs: 1_000, load: async () => keytar });
    await store.set('a', 'fine');
    const pending = failureOf(store.get('a'));
    await clock.advance(1_000);
    const e = await pending;
    expect(e.kind).toBe('keychainUnavailable');
    expect(e.message).toMatch(/within 1 s/);
    // Other calls still work.
    expect(await store.delete('a')).toBe(true);
  });

  it('a keytar error becomes keychainUnavailable with a bounded, single-line description', async () => {
    const keytar = fakeKeytar();
    keytar.setPassword = async () => {
      throw new Error(`Cannot create an item in a locked collection\n${'x'.repeat(500)}`);
    };
    const store = createKeytarSecretStore({ load: async () => keytar });
    const e = await failureOf(store.set('a', 'secret-value-1'));
    expect(e.kind).toBe('keychainUnavailable');
    expect(e.message).toContain('Cannot create an item in a locked collection');
    expect(e.message).not.toContain('\n');
    expect(e.message).not.toContain('secret-value-1');
  });

  it('the default loader requires keytar only when first used (and that module has the expected shape)', async () => {
    const store = createKeytarSecretStore({ timeoutMs: 10_000 });
    // Whether a Secret Service is reachable here or not, the outcome is an answer or keychainUnavailable — never a crash.
    const outcome = await store.get('probe|unit-test').then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, kind: (e as AppFailure).kind }),
    );
    if (outcome.ok) expect(outcome.v === undefined || typeof outcome.v === 'string').toBe(true);
    else expect(outcome.kind).toBe('keychainUnavailable');
  });
});

describe('memory secret store', () => {
  it('keeps secrets for this run only, per account', async () => {
    const store = createMemorySecretStore();
    expect(store.kind).toBe('memory');
    await store.set('a', 'one1');
    await store.set('a', 'two2');
    expect(await store.get('a')).toBe('two2');
    expect(await createMemorySecretStore().get('a')).toBeUndefined();
    expect(await store.delete('a')).toBe(true);
    expect(await store.get('a')).toBeUndefined();
  });
});
