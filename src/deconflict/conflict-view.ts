/**
 * Where a conflict is, for the operator's map and altitude profile: the other volume's outline
 * (lon/lat ring containing its footprint), its height band above the ground, its time window, and
 * where along the new plan's route its own conflicting volume lies (nominal volumes: leg i, part k
 * of n; a Return volume has no place along the route). Pure.
 */
import type { LocalFrame } from '../geo/local-frame.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import type { Leg } from '../planner/types.js';
import { circumscribedPolygon } from './footprint.js';
import type { Conflict, Volume } from './types.js';

export interface ConflictPlace {
  /** The other volume's outline, [lon, lat] pairs, closed. */
  readonly outline: [number, number][];
  /** Its band, metres above the ground at home. */
  readonly altitudeAglM: { readonly lower: number; readonly upper: number };
  /** Its time window, ISO. */
  readonly window: { readonly start: string; readonly end: string };
  /** Where along the new route (metres, horizontal) the conflicting volume of the new plan lies. */
  readonly alongM?: { readonly from: number; readonly to: number };
}

const r1 = (x: number): number => Math.round(x * 10) / 10;
const r7 = (x: number): number => Math.round(x * 1e7) / 1e7;

/** Along-route range of a nominal volume ("nominal/3" or "nominal/3.2" of a leg cut into n parts). */
function alongOf(v: Volume, legs: readonly Leg[]): { from: number; to: number } | undefined {
  const m = /^nominal\/(\d+)(?:\.(\d+))?$/.exec(v.id);
  if (!m) return undefined;
  const i = Number(m[1]);
  const leg = legs[i];
  if (!leg) return undefined;
  const start = legs.slice(0, i).reduce((s, l) => s + l.horizontalM, 0);
  const parts = /\(part \d+\/(\d+)\)/.exec(v.label);
  const n = parts ? Number(parts[1]) : 1;
  const k = m[2] !== undefined ? Number(m[2]) : 0;
  return { from: r1(start + (k / n) * leg.horizontalM), to: r1(start + ((k + 1) / n) * leg.horizontalM) };
}

/**
 * @example conflictPlace(frame, conflict, route.legs, 10).altitudeAglM // { lower: 57.5, upper: 62.5 }
 */
export function conflictPlace(frame: LocalFrame, c: Conflict, legs: readonly Leg[] | undefined, groundAmslM: number): ConflictPlace {
  const f = c.other.footprint;
  const ring = circumscribedPolygon(f, 30).map((p) => {
    const g = toGeodetic(frame, { eastM: p.x, northM: p.y });
    return [r7(g.lon), r7(g.lat)] as [number, number];
  });
  const along = legs ? alongOf(c.volume, legs) : undefined;
  return {
    outline: [...ring, ring[0]!],
    altitudeAglM: { lower: r1(c.other.altLowerAmslM - groundAmslM), upper: r1(c.other.altUpperAmslM - groundAmslM) },
    window: { start: new Date(c.other.tStartMs).toISOString(), end: new Date(c.other.tEndMs).toISOString() },
    ...(along ? { alongM: along } : {}),
  };
}
