/** Synthetic routes in a local frame over Hamburg: climb, straight cruise, descent (no planner needed). */
import { createLocalFrame } from '../../src/geo/local-frame.js';
import { toGeodetic } from '../../src/geo/to-geodetic.js';
import type { Leg, LatLon } from '../../src/planner/types.js';
import { buildIntent, DEFAULT_DECONFLICT_RULES, type DeconflictRules, type OperationalIntent } from '../../src/deconflict/index.js';

export const frame = createLocalFrame({ lat: 53.55, lon: 10.0 });
export const T0 = Date.parse('2026-06-01T10:00:00Z');
export const ll = (x: number, y: number): LatLon => toGeodetic(frame, { eastM: x, northM: y });

const SPEED = 10;
const CLIMB = 3;

/** Legs from (x0,y0) to (x1,y1) in metres at `h` m AGL: climb 0→h, cruise, descent h→0. */
export function straightLegs(x0: number, y0: number, x1: number, y1: number, h = 60): Leg[] {
  const a = ll(x0, y0);
  const b = ll(x1, y1);
  const dist = Math.hypot(x1 - x0, y1 - y0);
  const climbS = h / CLIMB;
  const cruiseS = dist / SPEED;
  return [
    { kind: 'climb', from: { ...a, altAglM: 0 }, to: { ...a, altAglM: h }, horizontalM: 0, groundSpeedMps: 0, durationS: climbS, energyWh: 1, startS: 0 },
    { kind: 'cruise', from: { ...a, altAglM: h }, to: { ...b, altAglM: h }, horizontalM: dist, groundSpeedMps: SPEED, durationS: cruiseS, energyWh: 10, startS: climbS },
    { kind: 'descent', from: { ...b, altAglM: h }, to: { ...b, altAglM: 0 }, horizontalM: 0, groundSpeedMps: 0, durationS: h / CLIMB, energyWh: 1, startS: climbS + cruiseS },
  ];
}

export interface Spec {
  id: string;
  from: [number, number];
  to: [number, number];
  h?: number;
  departS?: number;
  rally?: [number, number][];
}

/** An intent for a straight flight; rally points default to the destination only. */
export function intentOf(s: Spec, rules: DeconflictRules = DEFAULT_DECONFLICT_RULES): OperationalIntent {
  const legs = straightLegs(s.from[0], s.from[1], s.to[0], s.to[1], s.h ?? 60);
  return buildIntent(frame, { id: s.id, departAtMs: T0 + (s.departS ?? 0) * 1000, legs, rallyPoints: (s.rally ?? [s.to]).map(([x, y]) => ll(x, y)), returnAltM: 60, descentRateMps: CLIMB, groundAmslM: 10 }, rules);
}
