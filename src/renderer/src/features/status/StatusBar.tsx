import { useCommand, useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';
import { formatAgo, formatIn, formatTime } from '../../time';
import { useNow } from '../../useNow';
import { healthGlyph, healthOf, lastHourShort, lastHourText, type Health } from './health';
import './status.css';
import { OutboxCount } from '../quick-actions/OutboxCount';
import { DndControl } from '../rules/DndControl';
import { RulesButton } from '../rules/RulesDialog';

const methodLabel = { token: 'token', oauth: 'OAuth', env: 'environment', demo: 'demo' } as const;

/**
 * The poll-health strip: the state (a shape, a colour and a word), the time since the last good sync and, when main
 * counts them, the 429 pauses and failed requests of the last hour.
 */
function HealthStrip({
  health,
  synced,
  lastHour,
}: {
  health: Health;
  synced: string | undefined;
  lastHour: { short: string | undefined; full: string } | undefined;
}) {
  const title = lastHour ? `${health.detail} ${lastHour.full}.` : health.detail;
  return (
    <span className={`poll-health poll-health-${health.state}`} data-health={health.state} title={title}>
      <span className="poll-health-state">
        <span className="poll-health-glyph" aria-hidden="true">
          {healthGlyph(health.state)}
        </span>
        <span className="visually-hidden">Poll health: </span>
        {health.label}
      </span>
      {synced ? (
        <span className="poll-health-part" data-part="synced">
          {synced}
        </span>
      ) : null}
      {lastHour?.short ? (
        <span className="poll-health-part" data-part="last-hour" title={lastHour.full}>
          {lastHour.short}
          <span className="visually-hidden"> in the last hour</span>
        </span>
      ) : null}
    </span>
  );
}

export function StatusBar() {
  const commands = useCommands();
  const syncing = useCommand('poll.syncNow')?.status === 'pending';
  const info = useOps((s) => s.info);
  const session = useOps((s) => s.session);
  const poll = useOps((s) => s.poll);
  const dnd = useOps((s) => s.rules.dnd);
  const now = useNow();
  const active = session?.active;
  /** The strip shows the time since the last sync; without it (not polling) the plain part does. */
  const strip = Boolean(active && poll?.running);
  let synced: string | undefined;

  const parts: { key: string; text: string; tone?: 'warn' | 'bad'; title?: string }[] = [];
  if (active) {
    parts.push({ key: 'who', text: `${active.displayName} (${methodLabel[active.method]})` });
  } else {
    parts.push({ key: 'who', text: 'Signed out' });
  }
  if (session?.notice && session.notice.kind !== 'demo') {
    parts.push({ key: 'notice', text: session.notice.message, tone: 'warn' });
  }
  if (poll && active) {
    if (poll.offline) parts.push({ key: 'offline', text: 'offline', tone: 'bad' });
    else if (poll.suspended) parts.push({ key: 'suspended', text: 'paused (system asleep)', tone: 'warn' });
    if (poll.lastGoodSyncAt) {
      const age = now - Date.parse(poll.lastGoodSyncAt);
      synced = poll.stale ? `last sync ${formatAgo(age)}` : `synced ${formatAgo(age)}`;
    } else if (poll.running) {
      synced = poll.stale ? 'not synced yet' : 'syncing…';
    }
    if (synced && !strip) {
      parts.push({ key: 'synced', text: synced, ...(poll.stale ? { tone: 'warn' as const } : {}) });
    }
    if (poll.nextSyncAt && !poll.offline && !poll.suspended) {
      parts.push({ key: 'next', text: `next ${formatIn(Math.max(0, Date.parse(poll.nextSyncAt) - now))}` });
    }
    if (poll.rateLimitedUntil && Date.parse(poll.rateLimitedUntil) > now) {
      const left = Math.ceil((Date.parse(poll.rateLimitedUntil) - now) / 1000);
      parts.push({ key: 'rate', text: `rate-limited ${left} s`, tone: 'warn' });
    } else if (poll.lastError && poll.stale) {
      const words = describeError(poll.lastError);
      parts.push({ key: 'error', text: words.title, tone: 'bad', title: words.detail });
    }
  }
  const dndActive = dnd.until !== undefined && Date.parse(dnd.until) > now;
  if (active && dndActive) {
    parts.push({
      key: 'dnd',
      text: `do not disturb until ${formatTime(dnd.until as string)}${dnd.heldBack > 0 ? ` · ${dnd.heldBack} held back` : ''}`,
      tone: 'warn',
    });
  } else if (active && dnd.heldBack > 0) {
    parts.push({ key: 'dnd', text: `${dnd.heldBack} notifications were held back` });
  }

  return (
    <div className="status">
      {active?.demo ? <span className="tag tag-demo">Demo workspace</span> : null}
      {strip && poll ? (
        <HealthStrip
          health={healthOf(poll, now)}
          synced={synced}
          lastHour={poll.lastHour ? { short: lastHourShort(poll), full: lastHourText(poll) ?? '' } : undefined}
        />
      ) : null}
      <span role="status" aria-live="polite" className="status-parts">
        {parts.map((p) => (
          <span
            key={p.key}
            className={`status-part${p.tone ? ` tone-${p.tone}` : ''}`}
            data-part={p.key}
            title={p.title}
          >
            {p.text}
          </span>
        ))}
      </span>
      {active ? <OutboxCount /> : null}
      {active && poll?.running ? (
        <span className="status-actions">
          <button
            type="button"
            className="link"
            onClick={() => void commands.syncNow()}
            disabled={poll.offline || poll.suspended || syncing}
            aria-busy={syncing}
          >
            Sync now
          </button>{' '}
          <DndControl active={dndActive} /> <RulesButton />
        </span>
      ) : null}
      <span className="status-right muted">
        {info ? (
          <>
            v{info.version} · <span data-testid="instance-id">instance {info.instanceId}</span>
          </>
        ) : null}
      </span>
    </div>
  );
}
