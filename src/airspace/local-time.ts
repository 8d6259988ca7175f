import type { Weekday } from './types.js';

/** Default time zone for schedules written without a zone designator. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** Wall-clock parts of an instant in a time zone. */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: Weekday;
  /** Minutes since local midnight, 0–1439. */
  readonly minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAY_OF: Record<string, Weekday> = {
  Mon: 'MON', Tue: 'TUE', Wed: 'WED', Thu: 'THU', Fri: 'FRI', Sat: 'SAT', Sun: 'SUN',
};

function intlParts(epochMs: number, timeZone: string): { parts: LocalParts; second: number } {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '0';
  const second = Number(get('second'));
  return {
    second,
    parts: {
      year: Number(get('year')),
      month: Number(get('month')),
      day: Number(get('day')),
      weekday: WEEKDAY_OF[get('weekday')] ?? 'MON',
      minuteOfDay: Number(get('hour')) * 60 + Number(get('minute')) + second / 60,
    },
  };
}

/**
 * Intl's parts at the start of a UTC minute, per zone, when that instant is a whole local minute
 * (undefined otherwise). Offsets change only at whole minutes, so within such a UTC minute the
 * local date and hour:minute stay those of its start and only the seconds run (Intl formatting is
 * the rules engine's hot spot on whole plans: every timed passage asks it). Bounded.
 */
const minuteStarts = new Map<string, Map<number, LocalParts | null>>();
const MINUTE_CACHE_MAX = 4096;

/**
 * Local wall-clock parts of `epochMs` in `timeZone` (Intl; DST handled by the platform's tz data).
 * @example
 * localParts(Date.parse('2026-03-29T01:30:00Z'), 'Europe/Berlin'); // → { …, weekday: 'SUN', minuteOfDay: 210 } (03:30 CEST)
 */
export function localParts(epochMs: number, timeZone: string): LocalParts {
  if (!Number.isFinite(epochMs)) return intlParts(epochMs, timeZone).parts; // Intl's own RangeError
  const minute = Math.floor(epochMs / 60_000);
  let byMinute = minuteStarts.get(timeZone);
  if (!byMinute) minuteStarts.set(timeZone, (byMinute = new Map()));
  let start = byMinute.get(minute);
  if (start === undefined) {
    if (byMinute.size >= MINUTE_CACHE_MAX) byMinute.clear();
    const at = intlParts(minute * 60_000, timeZone);
    // a zone offset with seconds (local mean time before ~1900): local minutes do not start with UTC's
    start = at.second === 0 ? at.parts : null;
    byMinute.set(minute, start);
  }
  if (start === null) return intlParts(epochMs, timeZone).parts;
  // Intl truncates to whole seconds; minuteOfDay adds them as Intl's own parts would
  const second = Math.floor(epochMs / 1000) - minute * 60;
  return second === 0 ? start : { ...start, minuteOfDay: start.minuteOfDay + second / 60 };
}

/**
 * Offset of `timeZone` from UTC at `epochMs`, in minutes (Berlin: +60 winter, +120 summer).
 * @example
 * utcOffsetMinutes(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Berlin'); // → 120
 */
export function utcOffsetMinutes(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day) + p.minuteOfDay * 60_000;
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant of a local wall-clock time. Like Temporal's "compatible" disambiguation: a time
 * skipped by the spring DST change is shifted forward by the gap; an ambiguous autumn time maps to
 * its first (summer-time) occurrence.
 * @example
 * localToUtc(2026, 7, 1, 8 * 60, 'Europe/Berlin'); // → Date.parse('2026-07-01T06:00:00Z')
 */
export function localToUtc(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day) + minuteOfDay * 60_000;
  const before = utcOffsetMinutes(wall - 12 * 3600_000, timeZone);
  const after = utcOffsetMinutes(wall + 12 * 3600_000, timeZone);
  const candidates = [...new Set([wall - before * 60_000, wall - after * 60_000])].sort((x, y) => x - y);
  for (const c of candidates) {
    const back = localParts(c, timeZone);
    if (Date.UTC(back.year, back.month - 1, back.day) + back.minuteOfDay * 60_000 === wall) return c;
  }
  return wall - before * 60_000; // inside a spring-forward gap
}

/**
 * Parses `HH:MM`, `HH:MM:SS`, `HH:MM:SS.ss`, optionally followed by `Z` or `±HH:MM`, into minutes
 * of day and an explicit zone (`UTC`, `+02:00`) when one was written. `24:00` → 1440.
 * @example
 * parseTimeOfDay('08:30:00.00Z'); // → { minuteOfDay: 510, zone: 'UTC' }
 */
export function parseTimeOfDay(s: string): { minuteOfDay: number; zone?: string } | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3] ?? 0);
  if (h > 24 || min > 59 || sec > 59 || (h === 24 && (min > 0 || sec > 0))) return undefined;
  const minuteOfDay = h * 60 + min + sec / 60;
  if (!m[4]) return { minuteOfDay };
  if (m[4] === 'Z') return { minuteOfDay, zone: 'UTC' };
  const sign = m[4][0] === '-' ? -1 : 1;
  const digits = m[4].slice(1).replace(':', '');
  const offMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  // Represent a fixed offset as UTC shifted: convert to UTC minutes of day.
  return { minuteOfDay: (((minuteOfDay - offMin) % 1440) + 1440) % 1440, zone: 'UTC' };
}
