/**
 * Lateral detour, the third resolution: the volumes of the other live intents that the new plan
 * could meet become temporary obstacles for one planner run, so the planner's search goes around
 * them as it goes around a tower. A volume counts when its time window overlaps the new intent's
 * (first start to last end) and its altitude band comes within the vertical separation of the new
 * plan's cruise band. The obstacle's outline is the volume's footprint widened so that the
 * planner's horizontal clearance keeps the new corridor `horizontalSeparationM` away, and half a
 * Return sample spacing more (the new plan's Return volumes cut inside its bends); its top is
 * far above the ceiling, so the route goes around and is not raised over it. A volume over one of the new plan's endpoints is left out: no detour can avoid it, and the
 * final check (IntentIndex.conflicts) decides whether it conflicts in time. Pure.
 */
import type { LocalFrame } from '../geo/local-frame.js';
import { toGeodetic } from '../geo/to-geodetic.js';
import { toLocalXY } from '../geo/to-local.js';
import type { Obstacle, ObstacleClearance } from '../obstacles/types.js';
import type { LatLon } from '../planner/types.js';
import { spatialConflict } from './conflicts.js';
import { circumscribedPolygon, footprintGap } from './footprint.js';
import type { IntentIndex } from './intent-index.js';
import type { OperationalIntent, Volume } from './types.js';

export interface DetourInput {
  readonly frame: LocalFrame;
  readonly groundAmslM: number;
  /** The clearance the planner applies to every obstacle of its set (the service's structure clearance). */
  readonly clearance: ObstacleClearance;
  /** The new plan's start and destination. */
  readonly endpoints: readonly LatLon[];
}

/** An obstacle made from another intent's volume: which one, for the explanation. */
export interface DetourObstacle extends Obstacle {
  readonly intentId: string;
  readonly volumeId: string;
}

/**
 * The obstacles' top: far above any ceiling, so the planner goes around them (lateral) and never
 * raises the route over them (another height is the second resolution, tried before).
 */
export const DETOUR_TOP_AGL_M = 10_000;

const hhmmss = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/**
 * The temporary obstacles for a detour of `intent` around the live intents in `index`.
 * @example
 * const extra = detourObstacles(index, intent, { frame, groundAmslM: 10, clearance: { horizontalM: 45, verticalM: 12.5 }, endpoints: [from, to] });
 * planRoute(request, { index: airspace, obstacles: { list: extra, clearance: { horizontalM: 45, verticalM: 12.5 } } });
 */
export function detourObstacles(index: IntentIndex, intent: OperationalIntent, o: DetourInput): DetourObstacle[] {
  const rules = index.rules;
  if (intent.volumes.length === 0) return [];
  const fromMs = Math.min(...intent.volumes.map((v) => v.tStartMs));
  const toMs = Math.max(...intent.volumes.map((v) => v.tEndMs));
  // the new plan's cruise band, as a volume for the vertical test
  const band: Volume = {
    id: 'cruise', kind: 'nominal', label: 'cruise', footprint: { hull: [{ x: 0, y: 0 }], radiusM: 0 },
    altLowerAmslM: o.groundAmslM + intent.cruiseAglM - rules.altitudeBufferM, altUpperAmslM: o.groundAmslM + intent.cruiseAglM + rules.altitudeBufferM, tStartMs: fromMs, tEndMs: toMs,
  };
  const ends = o.endpoints.map((p) => {
    const [x, y] = toLocalXY(o.frame, p.lon, p.lat);
    return { hull: [{ x, y }], radiusM: 0 };
  });
  // the planner keeps its clearance from the outline: widen the outline by what the rules need beyond
  // it, plus half a Return sample spacing: a Return volume is the hull of route samples, whose chords
  // cut inside the bend around the obstacle
  const needH = rules.horizontalSeparationM + rules.corridorHalfWidthM + rules.contingencySampleM / 2;
  const out: DetourObstacle[] = [];
  for (const other of index.all()) {
    if (other.id === intent.id) continue;
    for (const v of other.volumes) {
      if (!(v.tStartMs < toMs && fromMs < v.tEndMs)) continue;
      if (v.kind === 'contingency' && intent.volumes.every((w) => w.kind === 'contingency')) continue;
      // vertical only: a footprint far away is what the planner will go around anyway
      if (spatialConflict({ ...band, footprint: v.footprint }, v, rules) === undefined) continue;
      if (ends.some((e) => footprintGap(e, v.footprint) < needH)) continue;
      const ring = circumscribedPolygon({ hull: v.footprint.hull, radiusM: Math.max(0.5, v.footprint.radiusM + needH - o.clearance.horizontalM) }).map((p) => {
        const g = toGeodetic(o.frame, { eastM: p.x, northM: p.y });
        return [g.lon, g.lat] as const;
      });
      out.push({
        id: `intent:${other.id}/${v.id}`,
        name: `delivery ${other.id}'s ${v.label} (${hhmmss(v.tStartMs)}–${hhmmss(v.tEndMs)} UTC)`,
        type: 'OTHER',
        footprint: { kind: 'polygon', ring: [...ring, ring[0]!] },
        top: { heightM: DETOUR_TOP_AGL_M, ref: 'AGL' },
        source: 'elbflug deconfliction: another delivery\'s operational intent (temporary, this plan only)',
        intentId: other.id,
        volumeId: v.id,
      });
    }
  }
  return out;
}
