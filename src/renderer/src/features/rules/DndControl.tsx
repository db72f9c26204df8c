import { useState } from 'react';
import { useBridge, useCommand, useCommands } from '../../bridge-context';
import { useOps } from '../../store/store';

/** Durations offered, in minutes (main accepts 1 minute to 24 hours). */
export const DND_CHOICES = [
  { minutes: 30, label: '30 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 120, label: '2 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 480, label: '8 h' },
] as const;

/**
 * The operator's switch: whether critical alert rules still notify during do not disturb (main keeps it across
 * restarts; on by default). Shown beside the do-not-disturb button, whether it is on or not.
 */
export function CriticalBreaksThrough() {
  const commands = useCommands();
  const ops = useBridge();
  const breaks = useOps((s) => s.rules.dnd.criticalBreaksThrough !== false);
  const pending = useCommand('rules.setDndOptions')?.status === 'pending';
  const set = (criticalBreaksThrough: boolean) =>
    void commands.run(
      'rules.setDndOptions',
      criticalBreaksThrough
        ? 'Let critical alerts break through do not disturb'
        : 'Hold back critical alerts during do not disturb',
      () => ops.rules.setDndOptions({ criticalBreaksThrough }),
    );
  return (
    <label className="dnd-critical" title="Critical alert rules notify even during do not disturb.">
      <input type="checkbox" checked={breaks} disabled={pending} onChange={(e) => set(e.target.checked)} /> Critical
      alerts break through
    </label>
  );
}

/** Do not disturb for a chosen time (the status bar shows the end time); critical rules notify if the switch says so. */
export function DndControl({ active }: { active: boolean }) {
  const commands = useCommands();
  const pending = useCommand('rules.setDnd')?.status === 'pending';
  const breaks = useOps((s) => s.rules.dnd.criticalBreaksThrough !== false);
  const [minutes, setMinutes] = useState<number>(60);
  if (active) {
    return (
      <span className="dnd-control">
        <button type="button" className="link" onClick={() => void commands.setDnd(undefined)} disabled={pending}>
          End do not disturb
        </button>{' '}
        <CriticalBreaksThrough />
      </span>
    );
  }
  return (
    <span className="dnd-control">
      <button
        type="button"
        className="link"
        onClick={() => void commands.setDnd(minutes)}
        disabled={pending}
        title={
          breaks
            ? 'Notifications are held back until then; critical alert rules still notify.'
            : 'Notifications are held back until then, critical alert rules too.'
        }
      >
        Do not disturb {DND_CHOICES.find((c) => c.minutes === minutes)?.label}
      </button>{' '}
      <select
        aria-label="Do not disturb for how long"
        value={minutes}
        onChange={(e) => setMinutes(Number(e.target.value))}
        className="dnd-duration"
      >
        {DND_CHOICES.map((c) => (
          <option key={c.minutes} value={c.minutes}>
            {c.label}
          </option>
        ))}
      </select>{' '}
      <CriticalBreaksThrough />
    </span>
  );
}
