import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isActiveAt } from '../../src/airspace/is-active-at.js';
import { isActiveDuring } from '../../src/airspace/is-active-during.js';
import { localParts, localToUtc, parseTimeOfDay, utcOffsetMinutes } from '../../src/airspace/local-time.js';
import type { Applicability } from '../../src/airspace/types.js';
import { snapshot, zoneById } from './helpers.js';

const daily = (days: string[], startTime: string, endTime: string, timeZone = 'Europe/Berlin'): Applicability => ({
  permanent: false,
  periods: [{ schedule: [{ days: days as never, startTime, endTime, timeZone }] }],
});

describe('Europe/Berlin time (Intl)', () => {
  it.each([
    { utc: '2026-03-29T00:59:00Z', local: 'SUN', min: 1 * 60 + 59, off: 60 },
    { utc: '2026-03-29T01:00:00Z', local: 'SUN', min: 3 * 60, off: 120 }, // spring forward 02:00 → 03:00
    { utc: '2026-10-25T00:59:00Z', local: 'SUN', min: 2 * 60 + 59, off: 120 },
    { utc: '2026-10-25T01:00:00Z', local: 'SUN', min: 2 * 60, off: 60 }, // fall back 03:00 → 02:00
    { utc: '2026-12-31T23:30:00Z', local: 'FRI', min: 30, off: 60 },
  ])('$utc → $local minute $min (UTC+$off)', ({ utc, local, min, off }) => {
    const p = localParts(Date.parse(utc), 'Europe/Berlin');
    expect(p.weekday).toBe(local);
    expect(p.minuteOfDay).toBe(min);
    expect(utcOffsetMinutes(Date.parse(utc), 'Europe/Berlin')).toBe(off);
  });
  it.each([
    { y: 2026, m: 7, d: 1, min: 8 * 60, utc: '2026-07-01T06:00:00.000Z' },
    { y: 2026, m: 1, d: 15, min: 8 * 60, utc: '2026-01-15T07:00:00.000Z' },
    { y: 2026, m: 3, d: 29, min: 2 * 60 + 30, utc: '2026-03-29T01:30:00.000Z' }, // in the gap → shifted forward (03:30 CEST)
    { y: 2026, m: 10, d: 25, min: 2 * 60 + 30, utc: '2026-10-25T00:30:00.000Z' }, // ambiguous → first occurrence
  ])('localToUtc($y-$m-$d, $min) → $utc', ({ y, m, d, min, utc }) => {
    expect(new Date(localToUtc(y, m, d, min, 'Europe/Berlin')).toISOString()).toBe(utc);
  });
  it.each([
    ['08:30', { minuteOfDay: 510 }], ['08:30:00.00Z', { minuteOfDay: 510, zone: 'UTC' }], ['24:00', { minuteOfDay: 1440 }],
    ['10:00+02:00', { minuteOfDay: 480, zone: 'UTC' }], ['25:00', undefined], ['8:30', undefined],
  ])('parseTimeOfDay(%s)', (s, want) => expect(parseTimeOfDay(s)).toEqual(want));
});

describe('localParts (memoised per UTC minute) equals Intl formatting of the instant itself', () => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  const intl = (ms: number, timeZone: string): ReturnType<typeof localParts> => {
    if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }));
    const parts = formats.get(timeZone)!.formatToParts(new Date(ms));
    const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '0';
    return { year: Number(get('year')), month: Number(get('month')), day: Number(get('day')), weekday: get('weekday').toUpperCase() as 'MON', minuteOfDay: Number(get('hour')) * 60 + Number(get('minute')) + Number(get('second')) / 60 };
  };
  // zones with DST, half- and quarter-hour offsets, and local mean time with seconds before 1900
  const ZONES = ['Europe/Berlin', 'UTC', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo'];
  it('random instants 1850–2100 (fast-check), and every second around the 2026 DST changes in Berlin', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 120_000 }), (t, z, d) => {
      // the same minute asked twice (memo hit) and a neighbour
      expect(localParts(t, z)).toEqual(intl(t, z));
      expect(localParts(t + d, z)).toEqual(intl(t + d, z));
    }), { numRuns: 2000 });
    for (const change of [Date.parse('2026-03-29T01:00:00Z'), Date.parse('2026-10-25T01:00:00Z')]) {
      for (let t = change - 90_500; t <= change + 90_500; t += 997) expect(localParts(t, 'Europe/Berlin')).toEqual(intl(t, 'Europe/Berlin'));
    }
  });
});

describe('isActiveAt: daily schedules in Europe/Berlin', () => {
  const morning = daily(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], '08:00', '09:00');
  it.each([
    { at: '2026-03-28T07:30:00Z', want: true, why: 'CET: 08:30 local' },
    { at: '2026-03-28T06:30:00Z', want: false, why: 'CET: 07:30 local' },
    { at: '2026-03-30T06:30:00Z', want: true, why: 'CEST after the DST change: 08:30 local' },
    { at: '2026-03-30T07:30:00Z', want: false, why: 'CEST: 09:30 local' },
    { at: '2026-10-26T07:30:00Z', want: true, why: 'CET again after autumn change' },
    { at: '2026-10-26T08:00:00Z', want: false, why: 'end is exclusive (09:00 local)' },
  ])('$at → $want ($why)', ({ at, want }) => expect(isActiveAt(morning, at)).toBe(want));

  const overnight = daily(['FRI'], '22:00', '02:00');
  it.each([
    { at: '2026-05-08T20:30:00Z', want: true, why: 'Fri 22:30' },
    { at: '2026-05-08T23:30:00Z', want: true, why: 'Sat 01:30 belongs to Friday’s window' },
    { at: '2026-05-09T00:30:00Z', want: false, why: 'Sat 02:30' },
    { at: '2026-05-07T23:30:00Z', want: false, why: 'Fri 01:30 belongs to Thursday' },
  ])('overnight FRI 22:00–02:00 at $at → $want ($why)', ({ at, want }) => expect(isActiveAt(overnight, at)).toBe(want));

  it('UTC schedules ignore Berlin DST', () => {
    const utc = daily(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], '08:00', '09:00', 'UTC');
    expect(isActiveAt(utc, '2026-07-01T08:30:00Z')).toBe(true);
    expect(isActiveAt(utc, '2026-07-01T06:30:00Z')).toBe(false);
  });

  it('00:00–00:00 is the whole day; permanent is always', () => {
    expect(isActiveAt(daily(['SUN'], '00:00', '00:00'), '2026-05-10T21:59:00Z')).toBe(true);
    expect(isActiveAt({ permanent: true, periods: [] }, 0)).toBe(true);
  });
});

describe('HHT02 Dom season (schedule across the DST change) and match window', () => {
  const app = zoneById('HHT02').applicability;
  it.each([
    { at: '2026-03-27T14:30:00Z', want: true, why: 'Fri 15:30 CET' },
    { at: '2026-03-27T13:30:00Z', want: false, why: 'Fri 14:30 CET, before opening' },
    { at: '2026-04-03T13:30:00Z', want: true, why: 'Fri 15:30 CEST' },
    { at: '2026-04-03T22:15:00Z', want: true, why: 'Sat 00:15 CEST, Friday late opening' },
    { at: '2026-04-05T22:15:00Z', want: false, why: 'Mon 00:15, Sunday closes 23:00' },
    { at: '2026-04-21T13:30:00Z', want: false, why: 'after the season' },
    { at: '2026-08-29T12:00:00Z', want: true, why: 'match window' },
  ])('$at → $want ($why)', ({ at, want }) => expect(isActiveAt(app, at)).toBe(want));
});

describe('isActiveDuring', () => {
  const app = daily(['MON'], '12:00', '12:10');
  it.each([
    { from: '2026-05-04T09:55:00Z', to: '2026-05-04T10:01:00Z', want: true, why: 'window opens inside the interval' },
    { from: '2026-05-04T09:00:00Z', to: '2026-05-04T09:59:00Z', want: false, why: 'ends before' },
    { from: '2026-05-04T10:05:00Z', to: '2026-05-04T10:06:00Z', want: true, why: 'inside' },
    { from: '2026-05-03T09:00:00Z', to: '2026-05-05T09:00:00Z', want: true, why: 'spans days' },
  ])('$from–$to → $want ($why)', ({ from, to, want }) => expect(isActiveDuring(app, from, to)).toBe(want));

  it('does not mutate the applicability', () => {
    const z = zoneById('HHT02').applicability;
    const check = snapshot(z);
    isActiveAt(z, '2026-04-03T13:30:00Z');
    isActiveDuring(z, '2026-04-03T13:30:00Z', '2026-04-04T13:30:00Z');
    check();
  });
});
