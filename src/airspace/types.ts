import type { LonLat } from '../geo/types.js';

/** ED-269 restriction of a zone (ED-318 spells REQ_AUTHORIZATION; normalised on import). */
export const RESTRICTIONS = ['PROHIBITED', 'REQ_AUTHORISATION', 'CONDITIONAL', 'NO_RESTRICTION'] as const;
export type Restriction = (typeof RESTRICTIONS)[number];

/** ED-269 reasons (ED-318 adds DAR). */
export const REASONS = [
  'AIR_TRAFFIC', 'SENSITIVE', 'PRIVACY', 'POPULATION', 'NATURE', 'NOISE', 'FOREIGN_TERRITORY', 'EMERGENCY', 'DAR', 'OTHER',
] as const;
export type Reason = (typeof REASONS)[number];

/**
 * Legal category of a zone: the LuftVO §21h(3) number it comes from (see docs/airspace.md), or
 * a temporary (event) / custom zone that is governed by its ED-269 restriction alone.
 */
export const LEGAL_CATEGORIES = [
  'AERODROME', // Nr. 1 Flugplatz (not a Flughafen)
  'AIRPORT', // Nr. 2 Flughafen + extended runway centrelines
  'FACILITY', // Nr. 3 industry, prison, Maßregelvollzug, military, central energy, BSL-4 lab
  'AUTHORITY', // Nr. 4 constitutional organs, authorities, diplomatic missions, police
  'ROAD', // Nr. 5 Bundesfernstraße
  'RAIL', // Nr. 5 Bahnanlage
  'WATERWAY', // Nr. 5 Bundeswasserstraße
  'NATURE', // Nr. 6 NSG, Natura 2000
  'NATIONAL_PARK', // Nr. 6 Nationalpark
  'RESIDENTIAL', // Nr. 7 Wohngrundstück
  'BATHING', // Nr. 8 Freibad, Badestrand
  'CONTROL_ZONE', // Nr. 9 CTR
  'HOSPITAL', // Nr. 10 Krankenhaus
  'INCIDENT', // Nr. 11 accident / BOS operation site, military exercise
  'TEMPORARY', // event / crowd zone (not §21h; EU assemblies rule)
  'CUSTOM', // anything else: the ED-269 restriction decides
] as const;
export type LegalCategory = (typeof LEGAL_CATEGORIES)[number];

/** Height datum of a limit. WGS84 = ellipsoidal height. */
export type VerticalReference = 'AGL' | 'AMSL' | 'WGS84';

/** A vertical limit in metres with its datum (feet are converted once, on import). */
export interface HeightLimit {
  readonly heightM: number;
  readonly ref: VerticalReference;
}

/** Horizontal extent of one volume. Rings are closed `[lon, lat]` lists; the first is the outer ring. */
export type Footprint =
  | { readonly kind: 'polygon'; readonly rings: readonly (readonly LonLat[])[] }
  | { readonly kind: 'circle'; readonly center: LonLat; readonly radiusM: number }
  /** Everything within `halfWidthM` of the centreline (round joins and caps). */
  | { readonly kind: 'corridor'; readonly centreline: readonly LonLat[]; readonly halfWidthM: number };

/** One airspace volume: footprint between two limits. `upper: null` means unlimited. */
export interface Volume {
  readonly footprint: Footprint;
  readonly lower: HeightLimit;
  readonly upper: HeightLimit | null;
  /** Unit the source used, so export can write it back unchanged. */
  readonly sourceUom?: 'M' | 'FT';
}

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A daily window in local time. `startTime`/`endTime` are `HH:MM` (or `HH:MM:SS`); an end before
 * the start runs past midnight; `24:00` is the end of the day. `days` are the days the window
 * starts on, in `timeZone` (IANA name, default Europe/Berlin; `UTC` for times written with `Z`).
 */
export interface DailyPeriod {
  readonly days: readonly Weekday[];
  readonly startTime: string;
  readonly endTime: string;
  readonly timeZone: string;
}

/** One applicability period: optional absolute bounds (ISO 8601 instants) and optional daily windows. */
export interface TimePeriod {
  readonly start?: string;
  readonly end?: string;
  readonly schedule?: readonly DailyPeriod[];
}

/** When a zone applies: always (`permanent`) or during any of `periods`. */
export interface Applicability {
  readonly permanent: boolean;
  readonly periods: readonly TimePeriod[];
}

export interface ZoneAuthority {
  readonly name?: string;
  readonly service?: string;
  readonly email?: string;
  readonly contactName?: string;
  readonly siteUrl?: string;
  readonly phone?: string;
  readonly purpose?: 'AUTHORIZATION' | 'NOTIFICATION' | 'INFORMATION';
  /** ISO 8601 duration, e.g. `P14D` = ask 14 days ahead. */
  readonly intervalBefore?: string;
}

/** A geographic zone (ED-269 UASZoneVersion, normalised). */
export interface Zone {
  /** Stable id, ≤ 7 characters (ED-269). */
  readonly id: string;
  /** ISO 3166-1 alpha-3. */
  readonly country: string;
  readonly name: string;
  /** §21h categories; more than one when a site is e.g. both hospital and military. */
  readonly categories: readonly LegalCategory[];
  readonly restriction: Restriction;
  readonly reasons: readonly Reason[];
  readonly otherReasonInfo?: string;
  readonly restrictionConditions: readonly string[];
  readonly type: 'COMMON' | 'CUSTOMIZED';
  readonly region?: number;
  readonly regulationExemption?: 'YES' | 'NO';
  readonly uSpaceClass?: string | readonly string[];
  /** Message for the pilot. */
  readonly message?: string;
  /** The §21h lateral buffer already included in the geometry (e.g. 100 m); used by Nr. 5 rule (c). */
  readonly lateralBufferM: number;
  readonly volumes: readonly Volume[];
  readonly applicability: Applicability;
  readonly authorities: readonly ZoneAuthority[];
  /** Unknown or vendor extension data, carried through export. */
  readonly extendedProperties?: Readonly<Record<string, unknown>>;
}

/** A position with height above ground, optionally also above mean sea level. */
export interface Position3D {
  readonly lat: number;
  readonly lon: number;
  readonly altAglM: number;
  readonly altAmslM?: number;
}

/**
 * How to reach AMSL / WGS84 limits when a position carries only `altAglM`. Without these, a query
 * that meets an AMSL limit fails with HEIGHT_REFERENCE_MISSING instead of guessing.
 */
export interface HeightOptions {
  /** Ground elevation AMSL (metres): one value for the area, or a terrain lookup. */
  readonly groundAmslM?: number | ((p: { lat: number; lon: number }) => number);
  /** Geoid undulation N (ellipsoid − geoid, metres) for WGS84 limits; ≈ 39–40 m in Hamburg. */
  readonly geoidUndulationM?: number;
}
