/**
 * `npm run bench -- <name> [args…]` runs bench/<name>.ts. A benchmark module exports
 * `default async function (args: string[]): Promise<Record<string, number | string | boolean>>`; it prints its own
 * table while running, and this runner prints the returned figures as the last line: one JSON object.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

type Bench = (args: string[]) => Promise<Record<string, number | string | boolean>>;

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
    .map((f) => f.slice(0, -3));
  if (!name || !available.includes(name)) {
    console.error(`usage: npm run bench -- <name> [args]\navailable: ${available.join(', ') || '(none yet)'}`);
    process.exit(2);
  }
  const mod = (await import(path.join(__dirname, `${name}.ts`))) as { default: Bench };
  const figures = await mod.default(args);
  console.log(JSON.stringify({ bench: name, ...figures }));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
