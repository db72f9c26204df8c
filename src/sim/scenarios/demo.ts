/**
 * 'demo': an operations org. Dana Ops (the operator), six colleagues, AlertBot and DeployBot; a dozen spaces
 * (Incident Bridge, NOC, Database On-Call, Deploys, Change Board, Security Alerts, Capacity Planning, Postmortems,
 * Watercooler, a "Platform" team with its General space and two team spaces, Finance Ops without the operator;
 * Security Alerts has a guest from another organisation) and direct chats — with a week of realistic history (markdown, mentions, threads, one file), all generated
 * deterministically from the seed with timestamps in the past of the server clock.
 */
import type { PersonRec, RoomRec, TeamRec } from '../core/model';
import { createGroupRoom, createPerson, createTeam, getOrCreateDirectRoom } from '../core/ops';
import { encodeId, uuidV5 } from '../core/ids';
import { createRng, type Rng } from '../core/rng';
import { ACKS, ALERTS, alertMarkdown, alertScript, recoveryMarkdown, RUNBOOK_BASE, type AlertDef } from './alerts';
import { createOperatorAndBot, ORG_DOMAIN } from './people';
import { contentFor, DAY, HOUR, MINUTE, seedMessage, type SeedFile } from './seed';
import type { ScenarioBuilder } from './types';

interface Cast {
  operator: PersonRec;
  bot: PersonRec;
  deploybot: PersonRec;
  sam: PersonRec;
  priya: PersonRec;
  marco: PersonRec;
  lee: PersonRec;
  jordan: PersonRec;
  alex: PersonRec;
  fiona: PersonRec;
}

interface Line {
  as: PersonRec;
  text?: string;
  markdown?: string;
  file?: SeedFile;
}

type LineFn = (c: Cast, rng: Rng) => Line;

const m = (p: PersonRec, name?: string): string =>
  name ? `<@personEmail:${p.email}|${name}>` : `<@personEmail:${p.email}>`;

const LINES: Record<string, LineFn[]> = {
  'Incident Bridge': [
    (c) => ({ as: c.sam, markdown: '<@all> **SEV2** declared for payments — the bridge is open' }),
    (c) => ({ as: c.operator, markdown: 'Status: mitigation in progress, error rate is dropping' }),
    (c) => ({
      as: c.marco,
      markdown: '> customers see intermittent 502s on checkout\n\nconfirmed from two support tickets',
    }),
    (c) => ({
      as: c.operator,
      markdown: 'Timeline so far:\n1. 10:41 alert fired\n2. 10:44 bridge opened\n3. 10:52 rollback started',
    }),
    (c) => ({ as: c.sam, markdown: '**All clear** — keep monitoring for 30 minutes' }),
    (c) => ({ as: c.priya, markdown: `${m(c.operator, 'Dana')} the db side looks healthy, no lock contention` }),
    (c) => ({ as: c.alex, text: 'joining the bridge now' }),
    (c) => ({ as: c.lee, markdown: 'No packet loss on the edge; this is not network' }),
  ],
  NOC: [
    (c) => ({ as: c.lee, text: 'Traffic from the EU edge is back to normal levels.' }),
    (c) => ({ as: c.sam, markdown: 'Heads-up: **maintenance** on `edge-lb-1` tonight 23:00 UTC' }),
    (c) => ({ as: c.alex, markdown: `Who owns \`kafka-4\` this week? ${m(c.sam)}` }),
    (c) => ({ as: c.operator, markdown: 'Dashboards: [NOC overview](https://grafana.acme-ops.example/d/noc)' }),
    (c) => ({
      as: c.operator,
      markdown:
        'Shift handover:\n- 2 open warnings (api-gw, redis-cache-1)\n- nothing paging\n- change CHG-1042 tonight',
    }),
    (c) => ({ as: c.lee, markdown: `${m(c.bot, 'AlertBot')} ack api-gw` }),
    (c) => ({ as: c.sam, text: 'quiet night so far' }),
  ],
  'Database On-Call': [
    (c) => ({ as: c.priya, text: 'Vacuum finished on db-7, lag trending down.' }),
    (c) => ({ as: c.priya, markdown: '```sql\nSELECT client_addr, state, replay_lag FROM pg_stat_replication;\n```' }),
    (c) => ({ as: c.operator, markdown: 'Failover drill scheduled for *Thursday* 14:00 UTC' }),
    (c) => ({ as: c.alex, markdown: `${m(c.bot, 'AlertBot')} silence db-3 30m` }),
    (c) => ({ as: c.priya, markdown: `${m(c.operator, 'Dana')} can you approve the replica resize?` }),
    (c) => ({ as: c.operator, text: 'approved, go ahead' }),
  ],
  Deploys: [
    (c, r) => ({
      as: c.deploybot,
      markdown: `**Deploy** \`checkout-web\` v2.${r.range(30, 60)}.0 → production started by Marco`,
    }),
    (c, r) => ({
      as: c.deploybot,
      markdown: `**Deploy finished** \`checkout-web\` (${r.range(3, 9)}m ${r.range(10, 59)}s) ✅`,
    }),
    (c) => ({ as: c.marco, markdown: 'Rolling back `search-api` v1.9.3 — error budget burn' }),
    (c) => ({ as: c.marco, markdown: '```\nkubectl -n payments rollout undo deploy/charge-api\n```' }),
    (c) => ({ as: c.sam, text: 'freeze starts Friday 18:00, get your deploys in' }),
  ],
  'Change Board': [
    (c, r) => ({
      as: c.sam,
      markdown: `Change **CHG-${r.range(1000, 1099)}** approved:\n- window: Sat 02:00–04:00 UTC\n- owner: ${m(c.marco, 'Marco')}\n- rollback: documented in the [runbook](${RUNBOOK_BASE}/changes/rollback)`,
    }),
    (c) => ({ as: c.lee, markdown: 'CAB notes are in the wiki: <https://wiki.acme-ops.example/cab/2026-w02>' }),
    (c) => ({ as: c.jordan, text: 'Any objections to moving the kernel patching to next week?' }),
    (c) => ({ as: c.operator, markdown: '+1, but we need the **security** sign-off first' }),
  ],
  'Security Alerts': [
    (c) => ({ as: c.jordan, markdown: 'Blocked `203.0.113.7` at the WAF.' }),
    (c) => ({ as: c.jordan, markdown: 'Reminder: rotate the CI deploy keys by *Friday*' }),
    (c) => ({ as: c.operator, markdown: `${m(c.jordan)} can you review the vault audit log?` }),
  ],
  Platform: [
    (c) => ({ as: c.sam, text: 'Welcome to the Platform team space!' }),
    (c) => ({ as: c.sam, markdown: 'Office hours **Thursday 15:00 UTC**' }),
    (c) => ({ as: c.alex, markdown: 'New cluster `prod-eu-2` is GA 🎉' }),
  ],
  'Platform · Kubernetes': [
    (c) => ({ as: c.alex, markdown: 'Draining `k8s-node-12` for the kernel update' }),
    (c) => ({ as: c.alex, markdown: '```\nkubectl drain k8s-node-12 --ignore-daemonsets --delete-emptydir-data\n```' }),
    (c) => ({ as: c.sam, text: 'PodDisruptionBudgets look fine' }),
  ],
  'Platform · Networking': [
    (c) => ({ as: c.lee, text: 'BGP session to transit-2 flapped twice, watching' }),
    (c) => ({ as: c.lee, markdown: 'MTU mismatch fixed on `eth1` of edge-lb-2' }),
  ],
  'Capacity Planning': [
    (c) => ({ as: c.priya, markdown: 'Q1 forecast: storage **+38%**, compute **+12%**' }),
    (c) => ({
      as: c.sam,
      markdown: 'Please add your asks to the [sheet](https://sheets.acme-ops.example/capacity) by *Friday*',
    }),
    (c) => ({ as: c.operator, text: 'added the NOC tooling ask' }),
  ],
  Postmortems: [
    (c) => ({ as: c.priya, markdown: 'Draft postmortem for the **db-7 failover** is up for review' }),
    (c) => ({
      as: c.sam,
      markdown:
        'Action items:\n- add a replication-lag alert at 10s\n- document the failover in the runbook\n- game day in March',
    }),
    (c) => ({ as: c.marco, text: 'left a few comments on the timeline' }),
  ],
  Watercooler: [
    (c) => ({ as: c.lee, text: 'Coffee machine on the 3rd floor is fixed ☕' }),
    (c) => ({ as: c.alex, text: "Who's up for lunch?" }),
    (c) => ({ as: c.marco, text: 'Happy Friday everyone!' }),
    (c) => ({ as: c.fiona, markdown: 'Reminder: the **team offsite** survey closes today' }),
  ],
  'Finance Ops': [
    (c) => ({ as: c.fiona, text: 'Month-end close starts Monday' }),
    (c) => ({ as: c.sam, text: 'Invoice batch job finished without errors' }),
  ],
};

const DIRECT_LINES: Array<{ a: keyof Cast; b: keyof Cast; lines: Array<[keyof Cast, string]> }> = [
  {
    a: 'operator',
    b: 'sam',
    lines: [
      ['operator', 'can you cover my on-call Saturday?'],
      ['sam', 'sure, swap for next week?'],
      ['operator', 'deal 👍'],
      ['sam', 'btw the **CHG-1042** window moved to 03:00'],
    ],
  },
  {
    a: 'operator',
    b: 'priya',
    lines: [
      ['operator', 'the db-7 postmortem looks great'],
      ['priya', 'thanks! added the timeline and the graphs'],
      ['priya', 'can you present it at the ops review?'],
    ],
  },
  {
    a: 'alex',
    b: 'operator',
    lines: [
      ['alex', 'first on-call shift tonight, any tips?'],
      ['operator', 'keep the runbooks open and *never* hesitate to page me'],
      ['alex', 'will do, thanks!'],
    ],
  },
];

const FAILOVER_LOG = [
  '10:41:07Z alert fired: db-7 replication lag 45s',
  '10:43:30Z priya: confirmed lag on replica db-7b, primary healthy',
  '10:47:12Z failover to db-7b started',
  '10:49:58Z failover complete, writes resumed',
  '10:58:40Z replication re-established to new replica',
  '11:12:03Z lag back to 0s, incident closed',
  '',
].join('\n');

interface Event {
  at: number;
  room: RoomRec;
  line: Line;
  parent?: Event;
  msg?: ReturnType<typeof seedMessage>;
}

/** `count` sorted times in [from, to]. */
function times(rng: Rng, count: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(from + Math.floor(rng.next() * (to - from)));
  return out.sort((x, y) => x - y);
}

export const buildDemo: ScenarioBuilder = (world) => {
  const rng = createRng(world.seed, 'demo');
  const now = world.now();
  const { operator, bot } = createOperatorAndBot(world);
  const person = (key: string, first: string, last: string): PersonRec =>
    createPerson(world, {
      key,
      email: `${first.toLowerCase()}.${last.toLowerCase()}@${ORG_DOMAIN}`,
      displayName: `${first} ${last}`,
      firstName: first,
      lastName: last,
      created: now - rng.range(200, 900) * DAY,
      status: rng.pick(['active', 'inactive', 'meeting', 'DoNotDisturb'] as const),
    });
  const cast: Cast = {
    operator,
    bot,
    deploybot: createPerson(world, {
      key: 'deploybot',
      email: 'deploybot@webex.bot',
      displayName: 'DeployBot',
      type: 'bot',
      created: now - 300 * DAY,
    }),
    sam: person('sam', 'Sam', 'Rivera'),
    priya: person('priya', 'Priya', 'Natarajan'),
    marco: person('marco', 'Marco', 'Bianchi'),
    lee: person('lee', 'Lee', 'Chen'),
    jordan: person('jordan', 'Jordan', 'Okafor'),
    alex: person('alex', 'Alex', 'Kim'),
    fiona: person('fiona', 'Fiona', 'Walsh'),
  };
  const { sam, priya, marco, lee, jordan, alex, fiona, deploybot } = cast;

  const group = (
    title: string,
    creator: PersonRec,
    members: PersonRec[],
    opts: { locked?: boolean; team?: TeamRec } = {},
  ): RoomRec => {
    const created = now - rng.range(20, 60) * DAY;
    const room = createGroupRoom(world, creator, { title, isLocked: opts.locked ?? false, team: opts.team, created });
    for (const p of members)
      if (!room.members.has(p.uuid)) world.addMembership(room, p, false, created + rng.range(1, 600) * MINUTE);
    return room;
  };

  const rooms: RoomRec[] = [
    group('Incident Bridge', sam, [operator, priya, marco, lee, alex, jordan, bot], { locked: true }),
    group('NOC', operator, [sam, lee, alex, bot]),
    group('Database On-Call', priya, [operator, alex, bot]),
    group('Deploys', marco, [operator, sam, deploybot, bot]),
    group('Change Board', sam, [operator, marco, lee, jordan]),
    group('Security Alerts', jordan, [operator, bot]),
    group('Capacity Planning', priya, [operator, sam]),
    group('Postmortems', sam, [operator, priya, marco]),
    group('Watercooler', lee, [operator, sam, priya, marco, jordan, alex, fiona]),
    group('Finance Ops', fiona, [sam]),
  ];
  // The Incident Bridge's operator is a moderator too.
  const bridge = rooms[0] as RoomRec;
  const opMembership = bridge.members.get(operator.uuid);
  if (opMembership) opMembership.isModerator = true;

  const team = createTeam(world, sam, 'Platform', 'Platform engineering: clusters, networking, CI', now - 90 * DAY);
  for (const p of [operator, alex, lee]) {
    world.addTeamMembership(team, p, false, now - 80 * DAY);
    if (team.general) world.addMembership(team.general, p, false, now - 80 * DAY);
  }
  if (team.general) rooms.push(team.general);
  rooms.push(group('Platform · Kubernetes', sam, [operator, alex, bot], { team }));
  rooms.push(group('Platform · Networking', lee, [operator, sam, bot], { team }));

  // ---- history ------------------------------------------------------------------------------------------------
  const events: Event[] = [];
  const weekAgo = now - 7 * DAY;
  const alertRooms = new Map<string, AlertDef[]>();
  for (const def of ALERTS) alertRooms.set(def.room, [...(alertRooms.get(def.room) ?? []), def]);

  for (const room of rooms) {
    const fns = LINES[room.title] ?? [];
    const hasBot = room.members.has(bot.uuid);
    const count =
      room.title === 'Finance Ops'
        ? 8
        : room.title === 'Incident Bridge' || room.title === 'NOC'
          ? rng.range(40, 55)
          : rng.range(18, 34);
    const lastAt = now - rng.range(3, 240) * MINUTE;
    const defs = alertRooms.get(room.title) ?? [];
    const humans = [...room.members.values()].map((x) => x.person).filter((p) => p.type === 'person');
    for (const at of times(rng, count, weekAgo, lastAt)) {
      if (hasBot && defs.length > 0 && rng.chance(0.4)) {
        const def = rng.pick(defs);
        const severity = rng.chance(0.6) ? 'CRITICAL' : 'WARNING';
        const oncall = rng.chance(0.5) ? rng.pick(humans) : undefined;
        const alert: Event = { at, room, line: { as: bot, markdown: alertMarkdown(def, severity, oncall) } };
        events.push(alert);
        if (rng.chance(0.6) && humans.length > 0) {
          events.push({
            at: at + rng.range(1, 6) * MINUTE,
            room,
            line: { as: rng.pick(humans), text: rng.pick(ACKS) },
            parent: alert,
          });
        }
        if (rng.chance(0.7)) {
          const mins = rng.range(4, 50);
          events.push({
            at: at + mins * MINUTE + rng.range(0, 59_000),
            room,
            line: { as: bot, markdown: recoveryMarkdown(def, mins) },
          });
        }
        continue;
      }
      if (fns.length === 0) continue;
      const line = rng.pick(fns)(cast, rng);
      if (!room.members.has(line.as.uuid)) continue;
      const ev: Event = { at, room, line };
      events.push(ev);
      if (rng.chance(0.15) && humans.length > 1) {
        const replier = rng.pick(humans.filter((h) => h !== line.as));
        events.push({
          at: at + rng.range(2, 40) * MINUTE,
          room,
          line: { as: replier, markdown: rng.pick(['agreed', '👍', 'thanks, noted', `on it — ${m(line.as)}`]) },
          parent: ev,
        });
      }
    }
  }

  // The one file: the failover timeline in Postmortems, with a threaded reply.
  const postmortems = rooms.find((r) => r.title === 'Postmortems') as RoomRec;
  const fileEvent: Event = {
    at: now - 2 * DAY - 3 * HOUR,
    room: postmortems,
    line: {
      as: priya,
      markdown: `Timeline of the **db-7 failover** attached — ${m(operator, 'Dana')} please review before Thursday`,
      file: { name: 'db-7-failover-timeline.log', contentType: 'text/plain', data: Buffer.from(FAILOVER_LOG, 'utf8') },
    },
  };
  events.push(fileEvent, {
    at: fileEvent.at + 25 * MINUTE,
    room: postmortems,
    line: { as: operator, text: 'reviewed, LGTM' },
    parent: fileEvent,
  });

  // Direct chats, and AlertBot's daily summaries to the operator.
  for (const d of DIRECT_LINES) {
    const a = cast[d.a];
    const b = cast[d.b];
    const room = getOrCreateDirectRoom(world, a, b, now - rng.range(10, 40) * DAY);
    const ts = times(rng, d.lines.length, now - 3 * DAY, now - rng.range(10, 300) * MINUTE);
    d.lines.forEach(([who, text], i) =>
      events.push({
        at: ts[i] as number,
        room,
        line: /[*`]/.test(text) ? { as: cast[who], markdown: text } : { as: cast[who], text },
      }),
    );
  }
  const botDm = getOrCreateDirectRoom(world, bot, operator, now - 30 * DAY);
  for (let day = 6; day >= 1; day--) {
    events.push({
      at: now - day * DAY - 2 * HOUR,
      room: botDm,
      line: {
        as: bot,
        markdown: `Daily summary: **${rng.range(0, 4)}** critical, **${rng.range(1, 9)}** warnings, **${rng.range(3, 14)}** resolved in the last 24h`,
      },
    });
  }

  events.sort((x, y) => x.at - y.at);
  for (const ev of events) {
    if (ev.at >= now) continue;
    const content = contentFor(world, ev.line.text, ev.line.markdown);
    const parent = ev.parent?.msg;
    if (ev.parent && !parent) continue;
    ev.msg = seedMessage(world, ev.room, ev.line.as, ev.at, content, parent, ev.line.file);
  }
  world.changed();

  // A guest from the managed security provider in Security Alerts (the EXT mark): from another organisation, added
  // after the history is generated and with fixed ids, so the rest of the demo stays as the seed makes it.
  const guest = createPerson(world, {
    key: 'kai',
    uuid: uuidV5('guest:kai.tanaka@sentinel-mssp.example'),
    email: 'kai.tanaka@sentinel-mssp.example',
    displayName: 'Kai Tanaka',
    firstName: 'Kai',
    lastName: 'Tanaka',
    created: now - 500 * DAY,
    status: 'active',
    orgId: encodeId('ORGANIZATION', uuidV5('org:sentinel-mssp.example')),
  });
  const security = rooms.find((r) => r.title === 'Security Alerts');
  if (security) world.addMembership(security, guest, false, now - 10 * DAY);

  const oncall = (room: RoomRec, r: Rng): PersonRec | undefined => {
    const humans = [...room.members.values()].map((x) => x.person).filter((p) => p.type === 'person');
    return humans.length > 0 && r.chance(0.5) ? r.pick(humans) : undefined;
  };
  return {
    identities: ['operator', 'bot', 'deploybot', 'sam', 'priya', 'marco', 'lee', 'jordan', 'alex', 'fiona'],
    aliases: { dana: 'operator', alertbot: 'bot' },
    script: alertScript({ bot, rooms: () => [...bot.rooms], oncall, now: () => world.now() }),
  };
};
