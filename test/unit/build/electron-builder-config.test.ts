import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID, DEEP_LINK_SCHEME } from '../../../src/main/app/identity';

const ROOT = path.resolve(__dirname, '../../..');
const CONFIG_PATH = path.join(ROOT, 'build/electron-builder.yml');

type Config = Record<string, unknown> & {
  appId: string;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  directories: { buildResources: string; output: string };
  protocols: { name: string; schemes: string[] }[];
  mac: Record<string, unknown> & { target: string[] };
  win: Record<string, unknown> & { target: string[] };
  linux: Record<string, unknown> & { target: string[] };
  files: string[];
  electronVersion: string;
};

/** electron-builder's (minimatch) globs as far as this config uses them: `**`, `*`, literal characters. */
function globMatches(file: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? '';
    if (pattern.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(file);
}

const config = parse(readFileSync(CONFIG_PATH, 'utf8')) as Config;
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  homepage?: string;
  author?: { name?: string; email?: string };
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

describe('build/electron-builder.yml', () => {
  it("validates against electron-builder's own JSON schema (app-builder-lib/scheme.json, its ajv options)", () => {
    const schema = JSON.parse(
      readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    // The options app-builder-lib's schemaValidator uses (strict: false: the schema has a custom `typeof` keyword).
    const ajv = new Ajv({ allErrors: true, coerceTypes: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(structuredClone(config));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema is not a rubber stamp: a misspelt fuse is refused.
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } })).toBe(false);
  });

  it("passes electron-builder's own validateConfiguration", async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    await expect(
      validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined }),
    ).resolves.toBeUndefined();
  });

  it('sets every fuse the app relies on (no run-as-node, no NODE_OPTIONS, no inspector, asar only and checked)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('builds AppImage, deb and rpm; dmg and zip (hardened runtime, entitlements); NSIS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.artifactName).toMatch(/\$\{version\}.*\$\{arch\}\.\$\{ext\}$/);
    expect(config.electronVersion).toBe(pkg.devDependencies.electron);
  });

  it('every file it names exists', () => {
    const named: string[] = [];
    const visit = (value: unknown, key: string): void => {
      if (
        typeof value === 'string' &&
        /^(icon|entitlements\w*|license|appArmorProfile|installer\w*Icon|from)$/.test(key)
      ) {
        named.push(value);
      } else if (Array.isArray(value)) value.forEach((v) => visit(v, key));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
    };
    visit(config, '');
    expect(named).toEqual(expect.arrayContaining(['build/entitlements.mac.plist', 'build/icon.png']));
    for (const file of named) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    expect(existsSync(path.join(ROOT, config.directories.buildResources))).toBe(true);
    // The entry package.json names is among the files shipped.
    expect(path.posix.normalize(pkg.main)).toBe('out/main/index.js');
    expect(config.files).toContain('out/**/*');
    // The entitlements are a property list with the JIT entitlement V8 needs under the hardened runtime.
    const plist = readFileSync(path.join(ROOT, 'build/entitlements.mac.plist'), 'utf8');
    expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
  });

  it("unpacks keytar's native module from the asar", () => {
    expect(globMatches('node_modules/other/index.js', '**/node_modules/keytar/**')).toBe(false);
    const keytarBinary = 'node_modules/keytar/build/Release/keytar.node';
    expect(config.asarUnpack.some((pattern) => globMatches(keytarBinary, pattern))).toBe(true);
    expect(config.asarUnpack.some((pattern) => globMatches('node_modules/keytar/lib/keytar.js', pattern))).toBe(true);
  });

  it('package.json has what the deb step requires (homepage, author with email) and the app id is the one main uses', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.name).toBeTruthy();
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(config.appId).toBe(APP_ID);
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual([DEEP_LINK_SCHEME]);
    expect(pkg.scripts.package).toContain('--config build/electron-builder.yml');
  });
});
