/**
 * Exclusion circles for obstacle zones next to the corridor: PX4 then also refuses to enter them
 * if the vehicle ever leaves the corridor's inclusion fence. Pure.
 */
import { evaluateZone, type AirspaceIndex, type OperationProfile } from '../airspace/index.js';
import { createLocalFrame } from '../geo/local-frame.js';
import { toLocalXY } from '../geo/to-local.js';
import type { LatLon, Route } from '../planner/types.js';
import { routeCentreline } from './corridor.js';

export interface ExclusionCircle {
  readonly center: LatLon;
  readonly radiusM: number;
  readonly zoneId: string;
  /** Gap between the circle and the route's ground track, metres. */
  readonly gapM: number;
}

export interface NearbyObstacleOptions {
  readonly index: AirspaceIndex;
  readonly profile: OperationProfile;
  /** Circles whose edge is within this distance of the track (metres). */
  readonly withinM: number;
  /** Circles closer to the track than this are skipped: they would cut the corridor (metres). */
  readonly minGapM: number;
  readonly departAt?: string;
}

function distToPolyline(p: readonly [number, number], line: ReadonlyArray<readonly [number, number]>): number {
  let best = Infinity;
  for (let i = 0; i < line.length; i++) {
    const a = line[i]!, b = line[Math.min(i + 1, line.length - 1)]!;
    const dx = b[0] - a[0], dy = b[1] - a[1];
    const l2 = dx * dx + dy * dy;
    const t = l2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
  }
  return best;
}

/**
 * Circular footprints of zones that are obstacles for this flight (whole flight time), reaching
 * down to the route's heights, whose edge lies between `minGapM` and `withinM` from the track;
 * nearest first.
 * @example nearbyObstacleCircles(route, { index, profile, withinM: 150, minGapM: 16 }).map((c) => c.zoneId) // → ['HHH10']
 */
export function nearbyObstacleCircles(route: Route, options: NearbyObstacleOptions): ExclusionCircle[] {
  const line = routeCentreline(route);
  if (!line.length) return [];
  const frame = createLocalFrame(line[0]!);
  const xy = line.map((p) => toLocalXY(frame, p.lon, p.lat));
  const depart = Date.parse(options.departAt ?? route.request.departAt ?? options.profile.departureTime);
  const maxAlt = Math.max(...route.legs.map((l) => Math.max(l.from.altAglM, l.to.altAglM)));
  const out: ExclusionCircle[] = [];
  for (const zone of options.index.zones) {
    const circles = zone.volumes.filter((v) => v.footprint.kind === 'circle' && (v.lower.ref !== 'AGL' || v.lower.heightM <= maxAlt));
    if (!circles.length) continue;
    if (evaluateZone(zone, options.profile, { at: depart, until: depart + route.durationS * 1000 }).kind !== 'obstacle') continue;
    for (const v of circles) {
      if (v.footprint.kind !== 'circle') continue;
      const [lon, lat] = v.footprint.center;
      const gapM = distToPolyline(toLocalXY(frame, lon, lat), xy) - v.footprint.radiusM;
      if (gapM >= options.minGapM && gapM <= options.withinM) out.push({ center: { lat, lon }, radiusM: v.footprint.radiusM, zoneId: zone.id, gapM });
    }
  }
  return out.sort((a, b) => a.gapM - b.gapM);
}
