import { useState } from 'react';
import { useCommand, useCommands } from '../../bridge-context';

/** Durations offered, in minutes (main accepts 1 minute to 24 hours). */
export const DND_CHOICES = [
  { minutes: 30, label: '30 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 120, label: '2 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 480, label: '8 h' },
] as const;

/** Do not disturb for a chosen time (the status bar shows the end time); critical rules still notify. */
export function DndControl({ active }: { active: boolean }) {
  const commands = useCommands();
  const pending = useCommand('rules.setDnd')?.status === 'pending';
  const [minutes, setMinutes] = useState<number>(60);
  if (active) {
    return (
      <button type="button" className="link" onClick={() => void commands.setDnd(undefined)} disabled={pending}>
        End do not disturb
      </button>
    );
  }
  return (
    <span className="dnd-control">
      <button
        type="button"
        className="link"
        onClick={() => void commands.setDnd(minutes)}
        disabled={pending}
        title="Notifications are held back until then; critical alert rules still notify."
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
      </select>
    </span>
  );
}
