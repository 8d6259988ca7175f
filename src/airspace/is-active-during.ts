import { isActiveAt } from './is-active-at.js';
import { DEFAULT_TIME_ZONE, localParts, localToUtc, parseTimeOfDay } from './local-time.js';
import type { Applicability } from './types.js';

const DAY_MS = 24 * 3600_000;

/**
 * Whether the zone applies at any instant of `[from, to]` (e.g. while a drone is inside it).
 * Exact: tests `from` and every instant in the interval at which some period or window opens.
 * @example
 * isActiveDuring(hht01.applicability, '2026-08-22T12:50:00Z', '2026-08-22T13:10:00Z'); // → true
 */
export function isActiveDuring(app: Applicability, from: string | Date | number, to: string | Date | number): boolean {
  const t0 = typeof from === 'number' ? from : typeof from === 'string' ? Date.parse(from) : from.getTime();
  const t1 = typeof to === 'number' ? to : typeof to === 'string' ? Date.parse(to) : to.getTime();
  if (isActiveAt(app, t0)) return true;
  if (!(t1 > t0)) return false;
  const candidates: number[] = [];
  for (const p of app.periods) {
    if (p.start !== undefined) candidates.push(Date.parse(p.start));
    for (const d of p.schedule ?? []) {
      const start = parseTimeOfDay(d.startTime)?.minuteOfDay;
      if (start === undefined) continue;
      const tz = d.timeZone || DEFAULT_TIME_ZONE;
      // every local day from the day before t0 to the day after t1
      for (let t = t0 - DAY_MS; t <= t1 + DAY_MS; t += DAY_MS) {
        const lp = localParts(t, tz);
        candidates.push(localToUtc(lp.year, lp.month, lp.day, start, tz));
      }
    }
  }
  return candidates.some((c) => c > t0 && c <= t1 && isActiveAt(app, c));
}
