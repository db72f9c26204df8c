import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'out/main/index.js');

function built(): string {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does).`);
  return readFileSync(MAIN, 'utf8');
}

describe('the built main bundle (out/main)', () => {
  it('does not load the Webex simulator at start: it is a separate chunk, required only when the demo starts', () => {
    const main = built();
    // Rolldown names each bundled module in a comment; none of the simulator's modules is in the entry.
    expect(main).not.toMatch(/^\/\/ src\/sim\//m);
    const chunkRequires = [...main.matchAll(/require\("(\.\/chunks\/[^"]+)"\)/g)].map((m) => m[1]);
    const simChunk = chunkRequires.find((c) => c?.includes('sim'));
    expect(simChunk).toBeDefined();
    // The one place the chunk is required is the dynamic import in startDemo.
    const at = main.indexOf(`require("${simChunk}")`);
    expect(main.slice(Math.max(0, at - 120), at)).toMatch(
      /startDemo: async \(\) => \(await Promise\.resolve\(\)\.then\(\(\) => $/,
    );
    expect(
      main.match(new RegExp(`require\\("${simChunk?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\)`, 'g')),
    ).toHaveLength(1);
    const chunk = readFileSync(path.join(ROOT, 'out/main', simChunk ?? ''), 'utf8');
    expect(chunk).toMatch(/^\/\/ src\/sim\//m);
    expect(chunk).toMatch(/exports\.startDemo = startDemo/);
  });

  it('every chunk of main requires only Node built-ins, runtime dependencies and its sibling files', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const allowed = new Set(['electron', ...Object.keys(pkg.dependencies)]);
    const files = [
      MAIN,
      ...readdirSync(path.join(ROOT, 'out/main/chunks')).map((f) => path.join(ROOT, 'out/main/chunks', f)),
    ];
    for (const file of files) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
        if (!spec || spec.startsWith('node:') || spec.startsWith('.')) continue;
        expect(allowed.has(spec.split('/')[0] ?? ''), `${path.relative(ROOT, file)} requires ${spec}`).toBe(true);
      }
    }
  });
});
