/**
 * Run by keychain.test.ts in a child process with its OWN D-Bus session (a bus without a Secret Service, a keyring
 * without a login collection, a locked collection): exercises the keytar store and the vault's probe there and
 * prints one JSON line with the outcomes. Not a test file by itself.
 *
 *   node --import tsx keychain-child.ts <service> <account> [store <secret>]
 */
import { createKeytarSecretStore, SecretVault } from '../../../src/main/auth';
import { AppFailure } from '../../../src/main/errors';
import { nullLogger } from '../../../src/main/log';

type Outcome = { ok: true; value?: unknown } | { ok: false; kind: string; message: string };

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const value = await run();
    return value === undefined ? { ok: true } : { ok: true, value };
  } catch (e) {
    return e instanceof AppFailure
      ? { ok: false, kind: e.kind, message: e.message }
      : { ok: false, kind: 'thrown', message: String(e) };
  }
}

async function main(): Promise<void> {
  const [service = 'webex-ops-console-child', account = 'acct', mode, secret = ''] = process.argv.slice(2);
  const store = createKeytarSecretStore({ service, timeoutMs: 4_000 });
  if (mode === 'store') {
    process.stdout.write(
      `${JSON.stringify({ set: await outcome(() => store.set(account, secret)), get: await outcome(() => store.get(account)) })}\n`,
    );
    return;
  }
  const warnings: string[] = [];
  const vault = new SecretVault({
    keychain: store,
    logger: nullLogger,
    warn: (m) => warnings.push(m),
    onChange: () => undefined,
  });
  await vault.probe();
  const result = {
    get: await outcome(() => store.get(account)),
    set: await outcome(() => store.set(`${account}|new`, 'value-1')),
    delete: await outcome(() => store.delete(account)),
    view: vault.view(),
    canStore: vault.canStore,
    warnings,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(2);
  },
);
