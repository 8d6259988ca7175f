/**
 * An independent legality checker for planned routes: turf on the RAW zone geometry (WGS84,
 * spherical), not the planner's ENU shapes. It asks the rules engine only for each zone's
 * time-and-profile verdict (obstacle / conditional / free) and decides the geometry itself:
 * an obstacle footprint must not be entered by any leg; a conditional waterway only by a straight
 * leg at ≥ 100 m AGL from bank to bank, meeting every bank of the zone's water (the union of its
 * footprints) within 20° of perpendicular; a nature reserve only above 100 m;
 * a CTR under the general clearance only at ≤ 50 m.
 */
import * as turf from '@turf/turf';
import { evaluateZone } from '../../src/airspace/evaluate-zone.js';
import type { OperationProfile } from '../../src/airspace/profile.js';
import type { Footprint, Zone } from '../../src/airspace/types.js';
import type { Leg, Route } from '../../src/planner/types.js';

type LL = { lat: number; lon: number };

/**
 * turf works on a sphere, the engine on the ellipsoid in a local plane: distances differ by up to a
 * few metres at city scale (2.5 m at 2.5 km; docs/airspace.md measures an 8 m band). The checker
 * flags only entries deeper than this.
 */
export const CHECKER_TOLERANCE_M = 8;
const TOL = CHECKER_TOLERANCE_M;
const shrunk = new WeakMap<object, GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon> | null>();
const pt = (p: LL): [number, number] => [p.lon, p.lat];

/** Horizontal distance (m) from the leg a→b to the footprint's core, and whether it is inside. */
function legHitsFootprint(f: Footprint, a: LL, b: LL): boolean {
  const line = turf.lineString([pt(a), pt(b)]);
  const same = Math.abs(a.lat - b.lat) < 1e-12 && Math.abs(a.lon - b.lon) < 1e-12;
  switch (f.kind) {
    case 'circle':
      return (same ? turf.distance(turf.point(pt(a)), turf.point([...f.center]), { units: 'meters' }) : turf.pointToLineDistance(turf.point([...f.center]), line, { units: 'meters' })) <= f.radiusM - TOL;
    case 'polygon': {
      if (!shrunk.has(f)) shrunk.set(f, (turf.buffer(turf.polygon(f.rings.map((r) => r.map((c) => [...c]))), -TOL, { units: 'meters' }) as GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon> | undefined) ?? null);
      const poly = shrunk.get(f);
      if (!poly) return false;
      return same ? turf.booleanPointInPolygon(turf.point(pt(a)), poly) : turf.booleanIntersects(line, poly);
    }
    case 'corridor': {
      const cl = turf.lineString(f.centreline.map((c) => [...c]));
      if (!same && turf.lineIntersect(line, cl).features.length > 0) return true;
      const d = Math.min(
        turf.pointToLineDistance(turf.point(pt(a)), cl, { units: 'meters' }),
        same ? Infinity : turf.pointToLineDistance(turf.point(pt(b)), cl, { units: 'meters' }),
        ...(same ? [] : f.centreline.map((c) => turf.pointToLineDistance(turf.point([...c]), line, { units: 'meters' }))),
      );
      return d <= f.halfWidthM - TOL;
    }
  }
}

type Water = GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
const waters = new WeakMap<Zone, Water | null>();

/**
 * The line with a vertex at least every 500 m along each geodesic segment. turf's point-in-polygon
 * joins vertices by straight lines in lon/lat, which bow away from the geodesic (and from the
 * engine's local-plane line) by L²·tan φ·sin 2θ / 8R: 20 m on a 30 km edge slanted 30° at Hamburg,
 * more than the bank margin a crossing keeps. At 500 m the bow is below 1 cm.
 */
function densify(coords: ReadonlyArray<readonly number[]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < coords.length; i++) {
    const a: [number, number] = [coords[i]![0]!, coords[i]![1]!], b: [number, number] = [coords[i + 1]![0]!, coords[i + 1]![1]!];
    const d = turf.distance(a, b, { units: 'meters' });
    const n = Math.ceil(d / 500);
    out.push(a);
    for (let k = 1; k < n; k++) out.push(turf.along(turf.lineString([a, b]), (d * k) / n, { units: 'meters' }).geometry.coordinates as [number, number]);
  }
  const last = coords[coords.length - 1]!;
  out.push([last[0]!, last[1]!]);
  return out;
}

/** The zone's water: the union of all its footprints (turf, on the sphere). */
function waterOf(z: Zone): Water | null {
  if (waters.has(z)) return waters.get(z)!;
  const parts: Water[] = z.volumes.map((v) => {
    const f = v.footprint;
    if (f.kind === 'polygon') return turf.polygon(f.rings.map((r) => densify(r)));
    if (f.kind === 'circle') return turf.circle([...f.center], f.radiusM / 1000, { steps: 64 });
    return turf.buffer(turf.lineString(densify(f.centreline)), f.halfWidthM, { units: 'meters', steps: 16 }) as Water;
  });
  const u = parts.length === 1 ? parts[0]! : (turf.union(turf.featureCollection(parts)) as Water | null);
  waters.set(z, u);
  return u;
}

/**
 * Angle (0–90°) at which the leg meets the banks of the zone's water (the smallest over the banks
 * it crosses); 0 when an end of the leg lies in the water (not one straight leg across).
 */
function crossingAngle(z: Zone, a: LL, b: LL): number {
  const water = waterOf(z);
  if (!water) return 0;
  const inside = (p: LL): boolean => turf.booleanPointInPolygon(turf.point(pt(p)), water) && turf.pointToLineDistance(turf.point(pt(p)), turf.polygonToLine(water) as GeoJSON.Feature<GeoJSON.LineString>, { units: 'meters' }) > TOL;
  if (inside(a) || inside(b)) return 0;
  const leg = turf.bearing(turf.point(pt(a)), turf.point(pt(b)));
  const rings = water.geometry.type === 'Polygon' ? water.geometry.coordinates : water.geometry.coordinates.flat();
  let min = 90;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const seg = turf.lineString([ring[i]!, ring[i + 1]!]);
      if (turf.lineIntersect(turf.lineString([pt(a), pt(b)]), seg).features.length === 0) continue;
      const bank = turf.bearing(turf.point(ring[i]!), turf.point(ring[i + 1]!));
      const diff = Math.abs((((leg - bank) % 180) + 180) % 180);
      min = Math.min(min, diff > 90 ? 180 - diff : diff);
    }
  }
  return min;
}

/**
 * Nr. 5 (c) on corridors: the leg's smallest distance to the infrastructure itself (distance to the
 * centreline minus the half-width that is not buffer) stays above max(10 m, the leg's height).
 */
function ruleC(z: Zone, leg: Leg, hiAglM: number): boolean {
  return z.volumes.every((v) => {
    const f = v.footprint;
    if (f.kind !== 'corridor') return !legHitsFootprint(f, leg.from, leg.to);
    const cl = turf.lineString(f.centreline.map((c) => [...c]));
    const same = leg.horizontalM === 0;
    const line = turf.lineString([pt(leg.from), pt(leg.to)]);
    if (!same && turf.lineIntersect(line, cl).features.length > 0) return false;
    const d = Math.min(
      turf.pointToLineDistance(turf.point(pt(leg.from)), cl, { units: 'meters' }),
      same ? Infinity : turf.pointToLineDistance(turf.point(pt(leg.to)), cl, { units: 'meters' }),
      ...(same ? [] : f.centreline.map((c) => turf.pointToLineDistance(turf.point([...c]), line, { units: 'meters' }))),
    );
    const toInfrastructure = d - (f.halfWidthM - z.lateralBufferM);
    return toInfrastructure > Math.max(10, hiAglM) - TOL;
  });
}

/** Problems found on a route (empty = legal). */
export function illegalLegs(route: Route, zones: readonly Zone[], profile: OperationProfile): string[] {
  const problems: string[] = [];
  const depart = Date.parse(route.request.departAt ?? profile.departureTime);
  route.legs.forEach((leg: Leg, i) => {
    const at = depart + leg.startS * 1000, until = at + leg.durationS * 1000;
    const lo = Math.min(leg.from.altAglM, leg.to.altAglM), hi = Math.max(leg.from.altAglM, leg.to.altAglM);
    for (const z of zones) {
      const vols = z.volumes.filter((v) => !(v.lower.ref === 'AGL' && v.lower.heightM > hi) && !(v.upper && v.upper.ref === 'AGL' && v.upper.heightM < lo));
      if (vols.length === 0) continue;
      const kind = evaluateZone(z, profile, { at, until }).kind;
      if (kind === 'free' || kind === 'inactive') continue;
      const hit = vols.find((v) => legHitsFootprint(v.footprint, leg.from, leg.to));
      if (!hit) continue;
      const where = `leg ${i} (${leg.kind}, ${Math.round(lo)}–${Math.round(hi)} m) enters ${z.id}`;
      if (kind === 'obstacle') { problems.push(`${where}: obstacle`); continue; }
      const cats = z.categories;
      if ((cats.includes('WATERWAY') || cats.includes('ROAD') || cats.includes('RAIL')) && ruleC(z, leg, hi)) continue;
      if (cats.includes('WATERWAY')) {
        if (leg.horizontalM === 0) problems.push(`${where}: vertical leg inside a waterway buffer`);
        else if (lo < 100) problems.push(`${where}: waterway below 100 m`);
        else if (crossingAngle(z, leg.from, leg.to) < 70) problems.push(`${where}: waterway crossed at ${crossingAngle(z, leg.from, leg.to).toFixed(0)}°`);
      } else if (cats.includes('NATURE')) {
        if (lo <= 100) problems.push(`${where}: nature reserve at ≤ 100 m`);
      } else if (cats.includes('CONTROL_ZONE')) {
        if (hi > 50) problems.push(`${where}: CTR under the general clearance above 50 m`);
      } else if (cats.includes('ROAD') || cats.includes('RAIL')) {
        problems.push(`${where}: road/rail buffer without (a), (b) or (c)`);
      } else {
        problems.push(`${where}: conditional zone ${kind}`);
      }
    }
  });
  return problems;
}
