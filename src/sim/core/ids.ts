import { createHash } from 'node:crypto';
import type { Rng } from './rng';

/**
 * Webex ("Hydra") ids — docs/webex-api.md §7: base64 of `ciscospark://us/TYPE/uuid`, without `=` padding. Parsers accept
 * optional padding and the URL-safe alphabet. Uuid flavours follow the observation in §7: v4 for people/orgs,
 * time-based v1 for messages and group rooms, name-based v5 for direct rooms (same pair → same room).
 */
export type HydraType =
  | 'PEOPLE'
  | 'ROOM'
  | 'MESSAGE'
  | 'MEMBERSHIP'
  | 'TEAM'
  | 'TEAM_MEMBERSHIP'
  | 'WEBHOOK'
  | 'CONTENT'
  | 'ORGANIZATION'
  | 'APPLICATION'
  | 'ATTACHMENT_ACTION';

const HYDRA_TYPES: ReadonlySet<string> = new Set<HydraType>([
  'PEOPLE',
  'ROOM',
  'MESSAGE',
  'MEMBERSHIP',
  'TEAM',
  'TEAM_MEMBERSHIP',
  'WEBHOOK',
  'CONTENT',
  'ORGANIZATION',
  'APPLICATION',
  'ATTACHMENT_ACTION',
]);

const PREFIX = 'ciscospark://';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** `base64("ciscospark://us/TYPE/local")` without padding. `local` is a uuid, or `a:b` / `uuid/0` compounds. */
export function encodeId(type: HydraType, local: string, cluster = 'us'): string {
  return Buffer.from(`${PREFIX}${cluster}/${type}/${local}`, 'utf8').toString('base64').replace(/=+$/, '');
}

export interface DecodedId {
  cluster: string;
  type: HydraType;
  /** Everything after the type segment: a uuid, `personUuid:roomUuid`, or `messageUuid/0`. */
  local: string;
}

export type IdParse =
  | { kind: 'ok'; id: DecodedId }
  /** A bare uuid (formerly accepted; rejected by the real service since 2022-04, §7). */
  | { kind: 'uuid'; uuid: string }
  /** Not base64, or base64 of something that is not a Hydra URI. */
  | { kind: 'garbage' };

export function parseId(raw: string): IdParse {
  const value = raw.trim();
  if (UUID_RE.test(value)) return { kind: 'uuid', uuid: value.toLowerCase() };
  if (value.length < 8 || value.length > 400 || !BASE64_RE.test(value)) return { kind: 'garbage' };
  const decoded = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  if (!decoded.startsWith(PREFIX)) return { kind: 'garbage' };
  const rest = decoded.slice(PREFIX.length);
  // The cluster may itself contain slashes? No: `us` or `urn:TEAM:us-west-2_r` — never a slash.
  const firstSlash = rest.indexOf('/');
  if (firstSlash <= 0) return { kind: 'garbage' };
  const cluster = rest.slice(0, firstSlash);
  const afterCluster = rest.slice(firstSlash + 1);
  const secondSlash = afterCluster.indexOf('/');
  if (secondSlash <= 0) return { kind: 'garbage' };
  const type = afterCluster.slice(0, secondSlash);
  const local = afterCluster.slice(secondSlash + 1);
  if (!HYDRA_TYPES.has(type) || local.length === 0) return { kind: 'garbage' };
  return { kind: 'ok', id: { cluster, type: type as HydraType, local } };
}

/** The local part when `raw` is a valid id of `type`, else undefined. */
export function localOf(raw: string, type: HydraType): string | undefined {
  const parsed = parseId(raw);
  return parsed.kind === 'ok' && parsed.id.type === type ? parsed.id.local : undefined;
}

function formatUuid(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20, 32)}`;
}

/** A random (v4) uuid from the given stream. */
export function uuidV4(rng: Rng): string {
  const h = rng.hex(32).split('');
  h[12] = '4';
  h[16] = '89ab'[rng.int(4)] as string;
  return formatUuid(h.join(''));
}

// 100-ns intervals between 1582-10-15 and 1970-01-01.
const GREGORIAN_OFFSET = 122192928000000000n;

/**
 * A time-based (v1) uuid for `ms` (epoch milliseconds); `tick` (0–9999) separates ids created in the same
 * millisecond; `node` is 12 hex digits fixed per simulator (like a MAC address).
 */
export function uuidV1(ms: number, tick: number, clockSeq: number, node: string): string {
  const t = BigInt(Math.max(0, Math.floor(ms))) * 10000n + BigInt(tick % 10000) + GREGORIAN_OFFSET;
  const timeLow = (t & 0xffffffffn).toString(16).padStart(8, '0');
  const timeMid = ((t >> 32n) & 0xffffn).toString(16).padStart(4, '0');
  const timeHi = (((t >> 48n) & 0x0fffn) | 0x1000n).toString(16).padStart(4, '0');
  const seq = ((clockSeq & 0x3fff) | 0x8000).toString(16).padStart(4, '0');
  return `${timeLow}-${timeMid}-${timeHi}-${seq}-${node.padStart(12, '0').slice(0, 12)}`;
}

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** A name-based (v5, SHA-1) uuid: the same name always gives the same uuid. */
export function uuidV5(name: string, namespace = DNS_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  return formatUuid(hash.subarray(0, 16).toString('hex'));
}

/** Tracking ids as the real router sends them: `ROUTER_604A552B-AD26-01BB-03BA-AC12FB2803BA` (§1). */
export function trackingId(rng: Rng): string {
  return `ROUTER_${formatUuid(rng.hex(32)).toUpperCase()}`;
}
