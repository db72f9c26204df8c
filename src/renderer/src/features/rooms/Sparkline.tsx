import type { RoomActivity } from '../../../../shared/contract/channels';

/** Drawing size in CSS pixels: 24 bars of 1.5 px, a row for the alert marks above them. */
const BAR = 1.5;
const WIDTH = 24 * BAR;
const MARKS = 4;
const HEIGHT = 15;
const BARS = HEIGHT - MARKS - 1;

/** "42 messages in the last 24 hours, alerts in 2 hours" (what a screen reader hears and the tooltip says). */
export function activityLabel(activity: RoomActivity): string {
  const total = activity.counts.reduce((sum, n) => sum + n, 0);
  const messages = `${total.toLocaleString('en-US')} ${total === 1 ? 'message' : 'messages'} in the last 24 hours`;
  const alerts = new Set(activity.alertHours).size;
  if (alerts === 0) return messages;
  return `${messages}, alerts in ${alerts} ${alerts === 1 ? 'hour' : 'hours'}`;
}

/**
 * A watched space's activity over the last 24 hours (messages per hour, oldest first), as small bars in plain SVG.
 * Hours in which an alert rule matched are drawn in the alert colour AND marked with a triangle above the bar, so they
 * do not depend on colour alone. Nothing is drawn when main sent no activity.
 */
export function Sparkline({ activity }: { activity: RoomActivity | undefined }) {
  if (!activity) return null;
  const counts = activity.counts.slice(-24);
  const alertHours = new Set(activity.alertHours);
  const max = Math.max(1, ...counts);
  const label = activityLabel(activity);
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      data-sparkline=""
    >
      <title>{label}</title>
      <line className="sparkline-base" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
      {counts.map((n, hour) => {
        if (n === 0) return null;
        const h = Math.max(1, Math.round((n / max) * BARS));
        return (
          <rect
            key={hour}
            className={alertHours.has(hour) ? 'sparkline-bar sparkline-bar-alert' : 'sparkline-bar'}
            x={hour * BAR}
            y={HEIGHT - 1 - h}
            width={BAR - 0.3}
            height={h}
            data-hour={hour}
          />
        );
      })}
      {[...alertHours]
        .filter((hour) => hour >= 0 && hour < counts.length)
        .map((hour) => {
          const x = hour * BAR + (BAR - 0.3) / 2;
          return (
            <polygon
              key={`alert-${hour}`}
              className="sparkline-alert"
              points={`${x - 2},0 ${x + 2},0 ${x},${MARKS - 0.5}`}
              data-alert-hour={hour}
            />
          );
        })}
    </svg>
  );
}
