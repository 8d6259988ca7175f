/** Field readers shared by the ED-269 and ED-318 importers. */
import { DEFAULT_TIME_ZONE, parseTimeOfDay } from '../local-time.js';
import {
  LEGAL_CATEGORIES, REASONS, WEEKDAYS,
  type DailyPeriod, type HeightLimit, type LegalCategory, type Reason, type TimePeriod, type VerticalReference, type Weekday,
} from '../types.js';
import { isObj, type FeatureIssues } from './issues.js';

export const FT_TO_M = 0.3048;
/** Upper limits at or above this value (in any unit) mean "unlimited" (BAZL sentinel 99999). */
export const UNLIMITED_SENTINEL = 99999;

/** Reads a limit given as number, numeric string or null. Returns null for null/sentinel, undefined on error. */
export function readLimitValue(v: unknown, field: string, is: FeatureIssues, allowNull: boolean): number | null | undefined {
  if (v === null || v === undefined) {
    if (allowNull) return null;
    is.error('FIELD_MISSING', field, 'a lower limit is required (use 0 for the surface)');
    return undefined;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) {
    is.error('LIMIT_INVALID', field, `expected a number (or numeric string), got ${JSON.stringify(v)}`);
    return undefined;
  }
  if (allowNull && n >= UNLIMITED_SENTINEL) return null;
  return n;
}

export function readReference(v: unknown, field: string, is: FeatureIssues): VerticalReference | undefined {
  const s = typeof v === 'string' ? v.toUpperCase() : v;
  if (s === 'AGL' || s === 'AMSL' || s === 'WGS84') return s;
  if (s === 'MSL') return 'AMSL';
  if (s === 'SFC' || s === 'GND') return 'AGL';
  if (s === 'WGS84-HAE') return 'WGS84';
  if (v === undefined || v === null) is.error('FIELD_MISSING', field, 'vertical reference missing; expected AGL, AMSL or WGS84');
  else is.error('ENUM_UNKNOWN', field, `unknown vertical reference ${JSON.stringify(v)}; expected AGL, AMSL or WGS84`);
  return undefined;
}

/** Converts a pair of limits to metres and checks their order. */
export function readLimits(
  lowerV: unknown, lowerRefV: unknown, upperV: unknown, upperRefV: unknown, uomV: unknown, base: string, is: FeatureIssues,
  names: { lower: string; lowerRef: string; upper: string; upperRef: string; uom: string },
): { lower: HeightLimit; upper: HeightLimit | null; uom: 'M' | 'FT' } | undefined {
  let uom: 'M' | 'FT' = 'M';
  const u = typeof uomV === 'string' ? uomV.toUpperCase() : uomV;
  if (u === 'FT') uom = 'FT';
  else if (u === undefined || u === null) is.warn('FIELD_MISSING', `${base}.${names.uom}`, 'unit missing; assuming metres');
  else if (u !== 'M') {
    is.error('ENUM_UNKNOWN', `${base}.${names.uom}`, `unknown unit ${JSON.stringify(uomV)}; expected M or FT (flight levels are not supported)`);
    return undefined;
  }
  const k = uom === 'FT' ? FT_TO_M : 1;
  const lo = readLimitValue(lowerV, `${base}.${names.lower}`, is, false);
  const up = readLimitValue(upperV, `${base}.${names.upper}`, is, true);
  const loRef = readReference(lowerRefV, `${base}.${names.lowerRef}`, is);
  const upRef = up === null ? ((readRefQuiet(upperRefV) ?? 'AMSL') as VerticalReference) : readReference(upperRefV, `${base}.${names.upperRef}`, is);
  if (lo === undefined || up === undefined || loRef === undefined || upRef === undefined || lo === null) return undefined;
  const lower = { heightM: lo * k, ref: loRef };
  const upper = up === null ? null : { heightM: up * k, ref: upRef };
  if (upper && upper.ref === lower.ref && upper.heightM < lower.heightM) {
    is.error('LIMITS_INVERTED', `${base}.${names.upper}`, `upper limit ${up} is below lower limit ${lo} (${loRef}); swap them`);
    return undefined;
  }
  return { lower, upper, uom };
}

function readRefQuiet(v: unknown): VerticalReference | undefined {
  const s = typeof v === 'string' ? v.toUpperCase() : '';
  return s === 'AGL' || s === 'AMSL' || s === 'WGS84' ? s : s === 'MSL' ? 'AMSL' : undefined;
}

export function readOptString(v: unknown, field: string, is: FeatureIssues, max?: number): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    is.warn('FIELD_TYPE', field, `expected a string, got ${typeof v}; ignored`);
    return undefined;
  }
  if (max !== undefined && v.length > max) is.warn('STRING_TOO_LONG', field, `${v.length} characters; ED-269 allows ${max}`);
  return v;
}

export function readReasons(v: unknown, field: string, is: FeatureIssues): { reasons: Reason[]; unknown: string[] } {
  if (v === undefined || v === null) return { reasons: [], unknown: [] };
  const list = Array.isArray(v) ? v : [v];
  if (list.length > 9) is.warn('REASON_TOO_MANY', field, `${list.length} reasons; ED-269 allows at most 9`);
  const reasons: Reason[] = [];
  const unknown: string[] = [];
  list.forEach((r, i) => {
    if (typeof r === 'string' && (REASONS as readonly string[]).includes(r)) reasons.push(r as Reason);
    else {
      unknown.push(String(r));
      is.warn('ENUM_UNKNOWN', `${field}[${i}]`, `unknown reason ${JSON.stringify(r)}; kept as OTHER. Known: ${REASONS.join(', ')}`);
      if (!reasons.includes('OTHER')) reasons.push('OTHER');
    }
  });
  return { reasons: [...new Set(reasons)], unknown };
}

function readDays(v: unknown, field: string, is: FeatureIssues): Weekday[] | undefined {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  const out: Weekday[] = [];
  for (const [i, d] of list.entries()) {
    if (d === 'ANY') return [...WEEKDAYS];
    if (typeof d === 'string' && (WEEKDAYS as readonly string[]).includes(d)) out.push(d as Weekday);
    else {
      is.error('ENUM_UNKNOWN', `${field}[${i}]`, `unknown day ${JSON.stringify(d)}; expected MON…SUN or ANY`);
      return undefined;
    }
  }
  return out;
}

/** Reads one daily period; returns null for an all-empty placeholder (CHE sample). */
export function readDailyPeriod(v: unknown, field: string, is: FeatureIssues, defaultTz: string): DailyPeriod | null | undefined {
  if (!isObj(v)) {
    is.error('FIELD_TYPE', field, 'expected an object {day, startTime, endTime}');
    return undefined;
  }
  const empty = (x: unknown): boolean => x === undefined || x === null || (Array.isArray(x) && x.length === 0);
  if (empty(v.day) && empty(v.startTime) && empty(v.endTime)) return null;
  const days = readDays(v.day, `${field}.day`, is);
  if (v.startEvent !== undefined || v.endEvent !== undefined) {
    is.error('TIME_INVALID', field, 'daylight events (SR/SS/BMCT/EECT) are not supported; give startTime/endTime');
    return undefined;
  }
  const st = typeof v.startTime === 'string' ? parseTimeOfDay(v.startTime) : undefined;
  const et = typeof v.endTime === 'string' ? parseTimeOfDay(v.endTime) : undefined;
  if (!st) is.error('TIME_INVALID', `${field}.startTime`, `expected hh:mm[:ss][Z], got ${JSON.stringify(v.startTime)}`);
  if (!et) is.error('TIME_INVALID', `${field}.endTime`, `expected hh:mm[:ss][Z], got ${JSON.stringify(v.endTime)}`);
  if (!st || !et || !days) return undefined;
  const tz = st.zone ?? et.zone ?? defaultTz;
  const fmt = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.round(m % 60)).padStart(2, '0')}`;
  return { days, startTime: fmt(st.minuteOfDay), endTime: fmt(et.minuteOfDay), timeZone: tz };
}

export function readInstant(v: unknown, field: string, is: FeatureIssues): string | undefined | false {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) || !Number.isFinite(Date.parse(v))) {
    is.error('DATETIME_INVALID', field, `expected an ISO 8601 instant with zone (e.g. 2026-08-22T13:00:00Z), got ${JSON.stringify(v)}`);
    return false;
  }
  return v;
}

/** Reads a time period with optional schedule; `false` on error. */
export function readTimePeriod(v: Record<string, unknown>, field: string, is: FeatureIssues, defaultTz: string, scheduleKey: string): TimePeriod | false {
  const start = readInstant(v.startDateTime, `${field}.startDateTime`, is);
  const end = readInstant(v.endDateTime, `${field}.endDateTime`, is);
  if (start === false || end === false) return false;
  if (start && end && Date.parse(end) <= Date.parse(start)) {
    is.error('DATETIME_INVALID', `${field}.endDateTime`, `end ${end} is not after start ${start}`);
    return false;
  }
  const raw = v[scheduleKey];
  const schedule: DailyPeriod[] = [];
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) {
      is.error('FIELD_TYPE', `${field}.${scheduleKey}`, 'expected a list of daily periods');
      return false;
    }
    for (const [i, d] of raw.entries()) {
      const p = readDailyPeriod(d, `${field}.${scheduleKey}[${i}]`, is, defaultTz);
      if (p === undefined) return false;
      if (p) schedule.push(p);
    }
  }
  return { ...(start ? { start } : {}), ...(end ? { end } : {}), ...(schedule.length ? { schedule } : {}) };
}

export const DEFAULT_SCHEDULE_TZ = DEFAULT_TIME_ZONE;

const NR_TO_CATEGORY: Readonly<Record<number, LegalCategory>> = {
  1: 'AERODROME', 2: 'AIRPORT', 3: 'FACILITY', 4: 'AUTHORITY', 5: 'ROAD', 6: 'NATURE', 7: 'RESIDENTIAL', 8: 'BATHING',
  9: 'CONTROL_ZONE', 10: 'HOSPITAL', 11: 'INCIDENT',
};

/**
 * Infers §21h categories for a German zone from the text of its first restriction condition
 * ("LuftVO §21h(3) Nr. 10 …"), its name and reasons. Non-German zones are CUSTOM: their ED-269
 * restriction decides.
 */
export function inferCategories(z: {
  country: string; name: string; restrictionConditions: readonly string[]; otherReasonInfo?: string | undefined;
  type: string; restriction: string; reasons: readonly string[];
}): LegalCategory[] {
  if (z.country !== 'DEU') return ['CUSTOM'];
  const text = z.restrictionConditions[0] ?? '';
  const all = `${z.name} ${z.otherReasonInfo ?? ''} ${text}`;
  const nrs = [...text.matchAll(/Nr\.?\s*(\d{1,2})/g)].map((m) => Number(m[1]));
  const cats: LegalCategory[] = [];
  for (const n of nrs) {
    let c = NR_TO_CATEGORY[n];
    if (!c) continue;
    if (c === 'ROAD') c = nr5Kind(all);
    if (c === 'NATURE' && /national ?park/i.test(all)) c = 'NATIONAL_PARK';
    if (!cats.includes(c)) cats.push(c);
  }
  if (cats.length > 0) return cats;
  if (z.reasons.includes('AIR_TRAFFIC') && /\bCTR\b|kontrollzone|control zone/i.test(all)) return ['CONTROL_ZONE'];
  if (z.type === 'CUSTOMIZED') return ['TEMPORARY'];
  return ['CUSTOM'];
}

/** Nr. 5 covers roads, rail and waterways: explicit words first ("Autobahn" contains "bahn"), river names last. */
function nr5Kind(text: string): LegalCategory {
  if (/bundesfernstra|bundesstra|autobahn|\bBAB\b|\bA\s?\d{1,3}\b|\bB\s?\d{1,3}\b|motorway|federal road/i.test(text)) return 'ROAD';
  if (/wasserstra|waterway|bwastr/i.test(text)) return 'WATERWAY';
  if (/bahn|rail|gleis/i.test(text)) return 'RAIL';
  if (/elbe|fluss|river|kanal/i.test(text)) return 'WATERWAY';
  return 'ROAD';
}

/** The §21h buffer already contained in a zone's geometry, by category (max over categories). */
export function defaultLateralBufferM(cats: readonly LegalCategory[]): number {
  const b: Partial<Record<LegalCategory, number>> = {
    AERODROME: 1500, AIRPORT: 1000, FACILITY: 100, AUTHORITY: 100, ROAD: 100, RAIL: 100, WATERWAY: 100, HOSPITAL: 100, INCIDENT: 100,
  };
  return Math.max(0, ...cats.map((c) => b[c] ?? 0));
}

export function isCategory(v: unknown): v is LegalCategory {
  return typeof v === 'string' && (LEGAL_CATEGORIES as readonly string[]).includes(v);
}
