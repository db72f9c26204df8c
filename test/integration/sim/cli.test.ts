import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { call, obj } from './helpers';
import type { Simulator } from '../../../src/sim';

const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface Run {
  line: string;
  rest: Promise<{ code: number | null; stdout: string }>;
  kill(signal: NodeJS.Signals): void;
}

function runCli(args: string[]): Promise<Run> {
  const child = spawn(tsx, [path.join(root, 'src/sim/cli.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const rest = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout })),
  );
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    let first: string | undefined;
    rl.on('line', (l) => {
      if (first === undefined) {
        first = l;
        resolve({ line: l, rest, kill: (s) => child.kill(s) });
      } else {
        stdout += `${l}\n`;
      }
    });
    child.on('exit', (code) => {
      if (first === undefined) reject(new Error(`cli exited ${String(code)} before printing`));
    });
  });
}

describe('CLI (src/sim/cli.ts)', () => {
  it('--json prints exactly one JSON line, serves, and exits 0 on SIGTERM', async () => {
    const run = await runCli(['--port', '0', '--scenario', 'empty', '--seed', '4', '--json']);
    const info = JSON.parse(run.line) as { baseUrl: string; tokens: Record<string, string>; controlSecret?: string };
    expect(Object.keys(info)).toEqual(['baseUrl', 'tokens']);
    expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(Object.keys(info.tokens)).toEqual(['operator', 'bot']);
    const sim = { baseUrl: info.baseUrl, tokens: info.tokens } as unknown as Simulator;
    const me = await call(sim, 'GET', '/people/me');
    expect(obj(me.body).displayName).toBe('Dana Ops');
    run.kill('SIGTERM');
    const { code, stdout } = await run.rest;
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });

  it('--control adds a random controlSecret that opens /_sim; SIGINT exits 0', async () => {
    const run = await runCli(['--scenario', 'demo', '--no-live', '--control', '--json']);
    const info = JSON.parse(run.line) as { baseUrl: string; tokens: Record<string, string>; controlSecret: string };
    expect(info.controlSecret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(Object.keys(info.tokens)).toEqual(expect.arrayContaining(['operator', 'bot', 'dana', 'sam']));
    const sim = { baseUrl: info.baseUrl, tokens: info.tokens } as unknown as Simulator;
    const origin = new URL(info.baseUrl).origin;
    expect(
      (
        await call(sim, 'GET', `${origin}/_sim/driver`, {
          token: null,
          headers: { 'x-sim-control': info.controlSecret },
        })
      ).body,
    ).toEqual({ running: false });
    run.kill('SIGINT');
    expect((await run.rest).code).toBe(0);
  });
});
