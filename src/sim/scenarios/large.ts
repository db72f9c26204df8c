/**
 * 'large': sized for benchmarks (default 5,000 rooms, 200,000 messages). The operator belongs to every room, the
 * bot to every tenth and to the `watchedHint` hot rooms, which carry 40% of the messages and the most recent
 * activity. Message contents come from a small pre-rendered pool (shared strings keep memory low); generation is
 * deterministic from the seed and takes a few seconds at the default size.
 */
import type { PersonRec, RoomRec } from '../core/model';
import { createGroupRoom, createPerson } from '../core/ops';
import { createRng } from '../core/rng';
import { ALERTS, alertMarkdown, alertScript, recoveryMarkdown } from './alerts';
import { createOperatorAndBot, ORG_DOMAIN } from './people';
import { contentFor, DAY, HOUR, MINUTE, seedMessage, type SeedContent } from './seed';
import type { ScenarioBuilder } from './types';

const COLLEAGUES = 48;
const WORDS = [
  'deploy',
  'rollback',
  'latency',
  'capacity',
  'failover',
  'cache',
  'queue',
  'ingress',
  'quota',
  'backup',
  'certs',
  'dns',
];

export const buildLarge: ScenarioBuilder = (world, options) => {
  const { rooms: roomCount, messages: messageCount, watchedHint } = options.large;
  const rng = createRng(world.seed, 'large');
  const now = world.now();
  const { operator, bot } = createOperatorAndBot(world);
  const colleagues: PersonRec[] = [];
  for (let i = 1; i <= COLLEAGUES; i++) {
    const n = String(i).padStart(3, '0');
    colleagues.push(
      createPerson(world, {
        email: `engineer${n}@${ORG_DOMAIN}`,
        displayName: `Engineer ${n}`,
        firstName: 'Engineer',
        lastName: n,
        created: now - rng.range(100, 900) * DAY,
      }),
    );
  }

  // A pool of pre-rendered contents: bot alerts and human chatter (some mention the operator or the bot).
  const botPool: SeedContent[] = [];
  const humanPool: SeedContent[] = [];
  for (const def of ALERTS) {
    botPool.push(contentFor(world, undefined, alertMarkdown(def, 'CRITICAL', undefined)));
    botPool.push(contentFor(world, undefined, alertMarkdown(def, 'WARNING', undefined)));
    botPool.push(contentFor(world, undefined, recoveryMarkdown(def, 12)));
  }
  for (const w of WORDS) {
    humanPool.push(contentFor(world, `looking into the ${w} issue now`, undefined));
    humanPool.push(
      contentFor(
        world,
        undefined,
        `**${w}**: status update posted in the [tracker](https://tracker.${ORG_DOMAIN}/${w})`,
      ),
    );
    humanPool.push(
      contentFor(world, undefined, `<@personEmail:${operator.email}|Dana> can you check the ${w} dashboard?`),
    );
    humanPool.push(contentFor(world, undefined, `<@personEmail:${bot.email}|AlertBot> silence ${w} 30m`));
    humanPool.push(contentFor(world, undefined, `- ${w} check done\n- next: \`kubectl get pods -n ${w}\``));
  }

  const hot = Math.min(watchedHint, roomCount);
  const rooms: RoomRec[] = [];
  for (let i = 0; i < roomCount; i++) {
    const creator = rng.pick(colleagues);
    const created = now - rng.range(40, 400) * DAY - rng.range(0, DAY);
    const room = createGroupRoom(world, creator, {
      title: `${rng.pick(WORDS)}-${String(i).padStart(5, '0')}`,
      created,
    });
    world.addMembership(room, operator, false, created + MINUTE);
    if (i < hot || i % 10 === 0) world.addMembership(room, bot, false, created + MINUTE);
    const extra = rng.range(1, 3);
    for (let k = 0; k < extra; k++) {
      const p = rng.pick(colleagues);
      if (!room.members.has(p.uuid)) world.addMembership(room, p, false, created + 2 * MINUTE);
    }
    rooms.push(room);
  }

  // Distribute messages: 40% over the hot rooms, the rest at random.
  const counts = new Uint32Array(roomCount);
  const hotShare = hot > 0 ? Math.floor(messageCount * 0.4) : 0;
  for (let i = 0; i < hotShare; i++) counts[i % hot] = (counts[i % hot] as number) + 1;
  for (let i = hotShare; i < messageCount; i++) {
    const r = rng.int(roomCount);
    counts[r] = (counts[r] as number) + 1;
  }

  for (let i = 0; i < roomCount; i++) {
    const room = rooms[i] as RoomRec;
    const n = counts[i] as number;
    if (n === 0) continue;
    const end = i < hot ? now - rng.range(1, 60) * MINUTE : now - rng.range(1, 30 * 24) * HOUR;
    const start = Math.max(room.created + 10 * MINUTE, end - 30 * DAY);
    const stamps = new Float64Array(n);
    for (let k = 0; k < n; k++) stamps[k] = start + Math.floor(rng.next() * (end - start));
    stamps.sort();
    const humans = [...room.members.values()].map((x) => x.person).filter((p) => p.type === 'person');
    const botIn = room.members.has(bot.uuid);
    for (let k = 0; k < n; k++) {
      const byBot = botIn && rng.chance(0.35);
      const content = byBot
        ? (botPool[rng.int(botPool.length)] as SeedContent)
        : (humanPool[rng.int(humanPool.length)] as SeedContent);
      seedMessage(
        world,
        room,
        byBot ? bot : (humans[rng.int(humans.length)] as PersonRec),
        stamps[k] as number,
        content,
      );
    }
  }
  world.changed();

  return {
    identities: ['operator', 'bot'],
    aliases: {},
    script: alertScript({ bot, rooms: () => [...bot.rooms].slice(0, 200), now: () => world.now() }),
  };
};
