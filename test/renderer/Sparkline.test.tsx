import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RoomActivity } from '../../src/shared/contract/channels';
import { activityLabel, Sparkline } from '../../src/renderer/src/features/rooms/Sparkline';

const hours = (values: Record<number, number>): number[] => Array.from({ length: 24 }, (_, h) => values[h] ?? 0);

describe('Sparkline', () => {
  it('draws one bar per busy hour, scaled to the busiest, with alert hours in another shape and colour', () => {
    const activity: RoomActivity = { counts: hours({ 0: 2, 5: 30, 22: 10 }), alertHours: [5, 22] };
    render(<Sparkline activity={activity} />);
    const svg = screen.getByRole('img', { name: '42 messages in the last 24 hours, alerts in 2 hours' });
    const bars = [...svg.querySelectorAll('rect')];
    expect(bars.map((b) => b.dataset.hour)).toEqual(['0', '5', '22']);
    const height = (hour: number) => Number(svg.querySelector(`rect[data-hour="${hour}"]`)?.getAttribute('height'));
    expect(height(5)).toBeGreaterThan(height(22));
    expect(height(22)).toBeGreaterThan(height(0));
    // Alert hours: a different class (colour) on the bar AND a triangle mark above it (shape).
    expect(bars.filter((b) => b.classList.contains('sparkline-bar-alert')).map((b) => b.dataset.hour)).toEqual([
      '5',
      '22',
    ]);
    expect([...svg.querySelectorAll('polygon')].map((p) => p.dataset.alertHour)).toEqual(['5', '22']);
    // Older hours on the left: hour 22 lies right of hour 5.
    expect(Number(svg.querySelector('rect[data-hour="22"]')?.getAttribute('x'))).toBeGreaterThan(
      Number(svg.querySelector('rect[data-hour="5"]')?.getAttribute('x')),
    );
  });

  it('words a quiet day and a single alert hour; draws nothing without activity', () => {
    expect(activityLabel({ counts: hours({}), alertHours: [] })).toBe('0 messages in the last 24 hours');
    expect(activityLabel({ counts: hours({ 23: 1 }), alertHours: [23] })).toBe(
      '1 message in the last 24 hours, alerts in 1 hour',
    );
    const { container } = render(<Sparkline activity={undefined} />);
    expect(container).toBeEmptyDOMElement();
    render(<Sparkline activity={{ counts: hours({}), alertHours: [] }} />);
    const quiet = screen.getByRole('img', { name: '0 messages in the last 24 hours' });
    expect(quiet.querySelectorAll('rect, polygon')).toHaveLength(0);
  });
});
