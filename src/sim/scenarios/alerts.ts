/**
 * The alert catalogue and the live driver script: the alerting bot posts "**CRITICAL** db-7 replication lag 45s"
 * style alerts and later "**RESOLVED** …" recoveries into the rooms it belongs to; now and then a human acks in
 * the alert's thread. Each alert carries an Adaptive Card with "Acknowledge" / "Silence 1 h" buttons (alertCards.ts).
 * Deterministic from the driver's random stream.
 */
import type { DriverScript, ScriptedPost } from '../driver';
import type { PersonRec, RoomRec } from '../core/model';
import type { Rng } from '../core/rng';
import { alertCard } from './alertCards';

export interface AlertDef {
  service: string;
  /** Preferred room title (demo); other scenarios use any room the bot is in. */
  room: string;
  critical: string;
  warning: string;
  resolved: string;
  runbook: string;
}

export const RUNBOOK_BASE = 'https://runbooks.acme-ops.example';

export const ALERTS: readonly AlertDef[] = [
  {
    service: 'db-7',
    room: 'Database On-Call',
    critical: 'replication lag 45s',
    warning: 'replication lag 12s',
    resolved: 'replication lag back to 0s',
    runbook: 'db/replication-lag',
  },
  {
    service: 'db-3',
    room: 'Database On-Call',
    critical: 'disk 95% full on /var/lib/postgresql',
    warning: 'disk 85% full on /var/lib/postgresql',
    resolved: 'disk at 61% after log rotation',
    runbook: 'db/disk-full',
  },
  {
    service: 'api-gw',
    room: 'NOC',
    critical: 'p99 latency 2.4s (SLO 800ms)',
    warning: 'p99 latency 950ms (SLO 800ms)',
    resolved: 'p99 latency 310ms',
    runbook: 'edge/api-gw-latency',
  },
  {
    service: 'payments',
    room: 'Incident Bridge',
    critical: 'error rate 7.2% on POST /v2/charge',
    warning: 'error rate 1.4% on POST /v2/charge',
    resolved: 'error rate 0.1%',
    runbook: 'payments/error-rate',
  },
  {
    service: 'k8s-node-12',
    room: 'Platform · Kubernetes',
    critical: 'NotReady for 5m (kubelet unresponsive)',
    warning: 'memory pressure 92%',
    resolved: 'Ready, pods rescheduled',
    runbook: 'k8s/node-not-ready',
  },
  {
    service: 'edge-lb-2',
    room: 'Platform · Networking',
    critical: 'packet loss 4% on uplink eth1',
    warning: 'packet loss 0.8% on uplink eth1',
    resolved: 'packet loss 0%',
    runbook: 'net/packet-loss',
  },
  {
    service: 'kafka-4',
    room: 'NOC',
    critical: 'consumer lag 120k on orders-events',
    warning: 'consumer lag 18k on orders-events',
    resolved: 'consumer lag 0',
    runbook: 'kafka/consumer-lag',
  },
  {
    service: 'vault',
    room: 'Security Alerts',
    critical: '23 failed root-token logins from 203.0.113.7',
    warning: '5 failed root-token logins from 198.51.100.23',
    resolved: 'source blocked at the edge',
    runbook: 'security/vault-auth',
  },
  {
    service: 'redis-cache-1',
    room: 'NOC',
    critical: 'evictions 4k/s, hit ratio 61%',
    warning: 'hit ratio 84%',
    resolved: 'hit ratio 97%',
    runbook: 'cache/evictions',
  },
  {
    service: 'ci-runners',
    room: 'Deploys',
    critical: 'queue wait 14m, 0 idle runners',
    warning: 'queue wait 4m',
    resolved: 'queue wait 20s',
    runbook: 'ci/runner-capacity',
  },
];

export function alertMarkdown(def: AlertDef, severity: 'CRITICAL' | 'WARNING', oncall: PersonRec | undefined): string {
  const line = `**${severity}** ${def.service} ${severity === 'CRITICAL' ? def.critical : def.warning}`;
  const runbook = `Runbook: [${def.runbook}](${RUNBOOK_BASE}/${def.runbook})`;
  return oncall && severity === 'CRITICAL'
    ? `${line}\n\n${runbook} · on call: <@personEmail:${oncall.email}>`
    : `${line}\n\n${runbook}`;
}

export function recoveryMarkdown(def: AlertDef, minutes: number): string {
  return `**RESOLVED** ${def.service} ${def.resolved} (after ${minutes}m)`;
}

export const ACKS: readonly string[] = [
  'ack, looking',
  'on it',
  'ack — checking dashboards now',
  'seen, investigating',
  "I've got this one",
  'ack. paging the owning team as well',
];

interface OpenAlert {
  def: AlertDef;
  room: RoomRec;
  since: number;
}

export interface AlertScriptOptions {
  bot: PersonRec;
  /** Rooms the driver may post into, evaluated at each step. */
  rooms(): RoomRec[];
  /** Whom to mention as on call in a room (optional). */
  oncall?(room: RoomRec, rng: Rng): PersonRec | undefined;
  /** Server time now. */
  now(): number;
  /** Wait between batches, ms (default 3–8 s). */
  interval?: [number, number];
}

/** Alerts and recoveries into the bot's rooms (a preferred room by title when the bot is in it). */
export function alertScript(opts: AlertScriptOptions): DriverScript {
  const open: OpenAlert[] = [];
  const [minWait, maxWait] = opts.interval ?? [3000, 8000];
  return {
    intervalMs: (rng) => rng.range(minWait, maxWait),
    next(rng): ScriptedPost[] {
      const rooms = opts.rooms().filter((r) => r.type === 'group' && r.members.has(opts.bot.uuid));
      if (rooms.length === 0) return [];
      const live = open.filter((a) => a.room.members.has(opts.bot.uuid));
      if (live.length > 0 && (live.length >= 3 || rng.chance(0.45))) {
        const alert = live[0] as OpenAlert;
        open.splice(open.indexOf(alert), 1);
        const minutes = Math.max(1, Math.round((opts.now() - alert.since) / 60_000));
        return [{ as: opts.bot, input: { roomId: alert.room.id, markdown: recoveryMarkdown(alert.def, minutes) } }];
      }
      const candidates = ALERTS.filter((d) => !open.some((a) => a.def === d));
      const def = rng.pick(candidates.length > 0 ? candidates : ALERTS);
      const room = rooms.find((r) => r.title === def.room) ?? rng.pick(rooms);
      const severity = rng.chance(0.6) ? 'CRITICAL' : 'WARNING';
      const oncall = opts.oncall?.(room, rng);
      open.push({ def, room, since: opts.now() });
      const batch: ScriptedPost[] = [
        {
          as: opts.bot,
          input: {
            roomId: room.id,
            markdown: alertMarkdown(def, severity, oncall),
            attachments: [alertCard(def.service, severity === 'CRITICAL' ? def.critical : def.warning, severity)],
          },
        },
      ];
      const humans = [...room.members.values()].map((m) => m.person).filter((p) => p.type === 'person');
      if (humans.length > 0 && rng.chance(0.35)) {
        batch.push({ as: rng.pick(humans), input: { roomId: room.id, text: rng.pick(ACKS) }, replyToBatchIndex: 0 });
      }
      return batch;
    },
  };
}
