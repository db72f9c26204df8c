/**
 * `npm run sim -- [--port 0] [--scenario demo|empty|large] [--seed N] [--rooms N --messages N] [--watched N]
 *                 [--skew MS] [--control] [--live|--no-live] [--json]`
 *
 * Human mode prints the base URL, the tokens (and the control secret). `--json` prints exactly one line
 * `{"baseUrl":…,"tokens":{…}}` (+ "controlSecret" with --control) to stdout and nothing else. Runs until
 * SIGINT/SIGTERM, then closes and exits 0.
 */
import { randomBytes } from 'node:crypto';
import { startSimulator } from './index';
import type { ScenarioName, SimulatorOptions } from './types';

interface CliArgs {
  options: SimulatorOptions;
  json: boolean;
}

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: sim [--port N] [--scenario demo|empty|large] [--seed N] [--rooms N] [--messages N] [--watched N] [--skew MS] [--control] [--live|--no-live] [--json]\n`,
  );
  process.exit(2);
}

function intArg(name: string, value: string | undefined): number {
  if (value === undefined || !/^-?\d+$/.test(value)) usage(`${name} needs an integer`);
  return Number.parseInt(value, 10);
}

export function parseArgs(argv: string[]): CliArgs {
  const options: SimulatorOptions = { port: 0, scenario: 'demo' };
  const large: NonNullable<SimulatorOptions['large']> = {};
  let json = false;
  let live: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = intArg(flag, value());
        break;
      case '--scenario': {
        const s = value();
        if (s !== 'demo' && s !== 'empty' && s !== 'large') usage(`unknown scenario ${String(s)}`);
        options.scenario = s as ScenarioName;
        break;
      }
      case '--seed':
        options.seed = intArg(flag, value());
        break;
      case '--rooms':
        large.rooms = intArg(flag, value());
        break;
      case '--messages':
        large.messages = intArg(flag, value());
        break;
      case '--watched':
        large.watchedHint = intArg(flag, value());
        break;
      case '--skew':
        options.skewMs = intArg(flag, value());
        break;
      case '--control':
        options.controlSecret = randomBytes(24).toString('base64url');
        break;
      case '--live':
        live = true;
        break;
      case '--no-live':
        live = false;
        break;
      case '--json':
        json = true;
        break;
      case '--':
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  if (Object.keys(large).length > 0) options.large = large;
  options.live = live ?? options.scenario === 'demo';
  return { options, json };
}

async function main(): Promise<void> {
  const { options, json } = parseArgs(process.argv.slice(2));
  const sim = await startSimulator(options);
  if (json) {
    const line: Record<string, unknown> = { baseUrl: sim.baseUrl, tokens: sim.tokens };
    if (sim.controlSecret !== undefined) line.controlSecret = sim.controlSecret;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } else {
    const lines = [
      `Webex simulator (${options.scenario ?? 'demo'}, seed ${options.seed ?? 1}) at ${sim.baseUrl}`,
      '',
      'Tokens:',
    ];
    for (const [key, token] of Object.entries(sim.tokens)) lines.push(`  ${key.padEnd(10)} ${token}`);
    if (sim.controlSecret !== undefined)
      lines.push('', `Control API: ${sim.origin}/_sim/…  header X-Sim-Control: ${sim.controlSecret}`);
    lines.push('', 'Ctrl+C to stop.');
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
