/**
 * Operational intents, modelled on ASTM F3548-21 (UTM USS interoperability): an intent is a set of
 * 4-D volumes (a footprint × an altitude band × a time window) with a state. Positions inside the
 * core are metres in one local ENU frame (convert at the edges: build-intent.ts, export.ts);
 * times are epoch milliseconds; altitudes AMSL metres. Pure data.
 */

/** ASTM F3548-21 OperationalIntentState (without the DSS-only "Accepted pending"). */
export const INTENT_STATES = ['Accepted', 'Activated', 'Nonconforming', 'Contingent', 'Ended'] as const;
export type IntentState = (typeof INTENT_STATES)[number];

export interface XY {
  readonly x: number;
  readonly y: number;
}

/**
 * A horizontal footprint: every point within `radiusM` of the convex hull `hull` (counter-clockwise,
 * 1 point = a circle, 2 = a capsule around a segment). Exact distances, no polygon approximation.
 */
export interface Footprint {
  readonly hull: readonly XY[];
  readonly radiusM: number;
}

/**
 * nominal: where the plan flies (ASTM `volumes`); contingency: where a PX4 Return could take it
 * (straight to the nearest rally point or home, then down); offNominal: where a nonconforming
 * flight may now be (ASTM `off_nominal_volumes`).
 */
export type VolumeKind = 'nominal' | 'contingency' | 'offNominal';

export interface Volume {
  /** Stable within its intent, e.g. "nominal/3". */
  readonly id: string;
  readonly kind: VolumeKind;
  /** For people: "leg 3 cruise at 60 m AGL". */
  readonly label: string;
  readonly footprint: Footprint;
  readonly altLowerAmslM: number;
  readonly altUpperAmslM: number;
  readonly tStartMs: number;
  readonly tEndMs: number;
}

export interface OperationalIntent {
  /** The delivery id. */
  readonly id: string;
  readonly state: IntentState;
  /** Bumped on every change of volumes or state (ASTM `version`). */
  readonly version: number;
  /** Planned departure (take-off), epoch ms. */
  readonly departAtMs: number;
  /** The cruise height band the plan flies, m AGL (the lowest cruise leg). */
  readonly cruiseAglM: number;
  readonly volumes: readonly Volume[];
}

/** Rules of separation and uncertainty; all configurable (config `deconfliction`). */
export interface DeconflictRules {
  /** Two volumes closer than this horizontally (beyond their footprints) conflict, metres. */
  readonly horizontalSeparationM: number;
  /** …unless their altitude bands are at least this far apart, metres. */
  readonly verticalSeparationM: number;
  /** Half-height of a leg's altitude band around its planned heights, metres. */
  readonly altitudeBufferM: number;
  /** Footprint radius around the track: the fence corridor's half-width, metres. */
  readonly corridorHalfWidthM: number;
  /** Time uncertainty: ± (bufferS + pct % of the flight time elapsed at that moment). */
  readonly timeBufferS: number;
  readonly timeBufferPct: number;
  /** Cruise heights (m AGL) a plan may be moved to, in order of preference after its own. */
  readonly cruiseBandsAglM: readonly number[];
  /** The latest departure the resolution may propose, seconds after the requested one. */
  readonly maxDelayS: number;
  /** Delays are rounded up to this step, seconds (a readable departure time). */
  readonly delayStepS: number;
  /** Long legs are cut into volumes at most this long, each with its own time window, metres. */
  readonly maxVolumeLengthM: number;
  /** Spacing of the route samples from which the Return (contingency) lines are drawn, metres. */
  readonly contingencySampleM: number;
}

export const DEFAULT_DECONFLICT_RULES: DeconflictRules = {
  horizontalSeparationM: 30,
  verticalSeparationM: 10,
  altitudeBufferM: 2.5,
  corridorHalfWidthM: 15,
  timeBufferS: 30,
  timeBufferPct: 5,
  cruiseBandsAglM: [60, 75, 90],
  maxDelayS: 1_800,
  delayStepS: 10,
  maxVolumeLengthM: 500,
  contingencySampleM: 200,
};

/** One pair of volumes that may not coexist, with where and when. */
export interface Conflict {
  readonly intentId: string;
  readonly otherId: string;
  readonly volume: Volume;
  readonly other: Volume;
  readonly otherState: IntentState;
  /** The overlap of the two time windows, epoch ms. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Horizontal gap between the footprints (0 when they touch) and vertical gap of the bands, metres. */
  readonly horizontalGapM: number;
  readonly verticalGapM: number;
}
