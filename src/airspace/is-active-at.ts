import { DEFAULT_TIME_ZONE, localParts, parseTimeOfDay } from './local-time.js';
import { WEEKDAYS, type Applicability, type DailyPeriod, type TimePeriod } from './types.js';

function minutes(s: string): number {
  return parseTimeOfDay(s)?.minuteOfDay ?? NaN;
}

/**
 * Whether instant `t` falls inside a daily window (windows that pass midnight belong to their start day).
 * @example
 * inDailyPeriod({ days: ['FRI'], startTime: '22:00', endTime: '02:00', timeZone: 'Europe/Berlin' }, Date.parse('2026-05-08T23:30:00Z')); // → true (Sat 01:30)
 */
export function inDailyPeriod(p: DailyPeriod, t: number): boolean {
  const tz = p.timeZone || DEFAULT_TIME_ZONE;
  const lp = localParts(t, tz);
  const start = minutes(p.startTime);
  let end = minutes(p.endTime);
  if (end === 0 && start > 0) end = 1440;
  const days = p.days.length === 0 ? WEEKDAYS : p.days;
  if (end > start || (end === start && start === 0)) {
    // same-day window; 00:00–00:00 means the whole day
    const e = end === start ? 1440 : end;
    return days.includes(lp.weekday) && lp.minuteOfDay >= start && lp.minuteOfDay < e;
  }
  if (start === end) return days.includes(lp.weekday) && lp.minuteOfDay === start;
  // overnight window: tail of yesterday's or head of today's
  if (lp.minuteOfDay >= start) return days.includes(lp.weekday);
  if (lp.minuteOfDay < end) {
    const y = localParts(t - 24 * 3600_000, tz).weekday;
    return days.includes(y);
  }
  return false;
}

function inPeriod(p: TimePeriod, t: number): boolean {
  if (p.start !== undefined && t < Date.parse(p.start)) return false;
  if (p.end !== undefined && t >= Date.parse(p.end)) return false;
  if (!p.schedule || p.schedule.length === 0) return true;
  return p.schedule.some((d) => inDailyPeriod(d, t));
}

/**
 * Whether a zone's applicability covers the instant `at`. Start bounds are inclusive, end bounds
 * exclusive; daily windows are evaluated in their own time zone (Europe/Berlin by default).
 * @example
 * isActiveAt({ permanent: false, periods: [{ schedule: [{ days: ['SAT'], startTime: '13:00', endTime: '19:00', timeZone: 'Europe/Berlin' }] }] },
 *   '2026-08-22T12:00:00Z'); // → true (14:00 CEST on a Saturday)
 */
export function isActiveAt(app: Applicability, at: string | Date | number): boolean {
  if (app.permanent) return true;
  const t = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  return app.periods.some((p) => inPeriod(p, t));
}
