import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { containsXY, segmentIntervalsXY } from '../../src/airspace/query/compiled.js';
import { createAirspaceIndex, type AirspaceIndex } from '../../src/airspace/query/create-index.js';
import { withinLimits } from '../../src/airspace/query/heights.js';
import { zonesAtPoint } from '../../src/airspace/query/zones-at-point.js';
import { zonesOnSegment } from '../../src/airspace/query/zones-on-segment.js';
import { isAirspaceError } from '../../src/airspace/errors.js';
import { toLocalXY } from '../../src/geo/to-local.js';
import type { Footprint, Position3D, Zone } from '../../src/airspace/types.js';
import { GROUND, hamburgIndex, hamburgZones, snapshot } from './helpers.js';
import { HAMBURG_BOX, rng, syntheticZones } from './tools/synthetic.js';

const N = 10_000;

function randomPoints(n: number, seed: number): Position3D[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => ({
    lon: HAMBURG_BOX.minLon + r() * (HAMBURG_BOX.maxLon - HAMBURG_BOX.minLon),
    lat: HAMBURG_BOX.minLat + r() * (HAMBURG_BOX.maxLat - HAMBURG_BOX.minLat),
    altAglM: r() * 160,
  }));
}

function randomSegments(n: number, seed: number, maxDeg = 0.05): Array<[Position3D, Position3D]> {
  const r = rng(seed);
  return randomPoints(n, seed + 1).map((a) => [a, { lon: a.lon + (r() - 0.5) * maxDeg, lat: a.lat + (r() - 0.5) * maxDeg * 0.6, altAglM: r() * 160 }]);
}

/** Exact predicates over every volume, no index. */
function scanPoint(index: AirspaceIndex, p: Position3D): string[] {
  const [x, y] = toLocalXY(index.frame, p.lon, p.lat);
  const ids = new Set<string>();
  for (const v of index.volumes) if (containsXY(v.foot, x, y) && withinLimits(v.volume.lower, v.volume.upper, p, GROUND, v.zone)) ids.add(v.zone.id);
  return [...ids].sort();
}
function scanSegment(index: AirspaceIndex, a: Position3D, b: Position3D): string[] {
  const [ax, ay] = toLocalXY(index.frame, a.lon, a.lat);
  const [bx, by] = toLocalXY(index.frame, b.lon, b.lat);
  const ids = new Set<string>();
  for (const v of index.volumes) if (segmentIntervalsXY(v.foot, ax, ay, bx, by).length > 0) ids.add(v.zone.id);
  return [...ids].sort();
}

describe('index agrees with a brute-force scan (no false negatives, ever)', () => {
  for (const [name, zones, n] of [['Hamburg set', hamburgZones(), N], ['2,000 synthetic zones', syntheticZones(2000, 7), 1000]] as const) {
    const index = createAirspaceIndex(zones);
    it(`${name}: ${n} random points`, () => {
      for (const p of randomPoints(n, 11)) {
        expect(zonesAtPoint(index, p, GROUND).map((h) => h.zone.id).sort()).toEqual(scanPoint(index, p));
      }
    });
    it(`${name}: ${n} random segments (horizontal footprint)`, () => {
      for (const [a, b] of randomSegments(n, 23)) {
        const flatA = { ...a, altAglM: 60 }, flatB = { ...b, altAglM: 60 };
        const got = new Set(zonesOnSegment(index, flatA, flatB, GROUND).map((c) => c.zone.id));
        // every zone the scan finds whose limits include 60 m AGL must be reported
        for (const id of scanSegment(index, a, b)) {
          const z = zones.find((q) => q.id === id)!;
          if (z.volumes.some((v) => v.lower.heightM <= 60 && (v.upper === null || v.upper.ref !== 'AGL' || v.upper.heightM >= 60))) expect(got.has(id), id).toBe(true);
        }
      }
    });
  }
});

/** Independent reference: turf in lon/lat with a tolerance band at the boundary (projection and sphere vs ellipsoid). */
function turfInside(f: Footprint, pt: [number, number], edge = false): { inside: boolean; nearEdge: boolean } {
  const TOL_M = 8;
  const P = turf.point(pt);
  if (f.kind === 'circle') {
    const d = turf.distance(P, turf.point([f.center[0], f.center[1]]), { units: 'meters' });
    return { inside: d <= f.radiusM, nearEdge: Math.abs(d - f.radiusM) < TOL_M + f.radiusM * 0.006 };
  }
  if (f.kind === 'polygon') {
    const poly = turf.polygon(f.rings.map((r) => r.map((p) => [p[0], p[1]])));
    const inside = turf.booleanPointInPolygon(P, poly);
    if (!edge) return { inside, nearEdge: false };
    const d = turf.pointToLineDistance(P, turf.lineString(f.rings[0]!.map((p) => [p[0], p[1]])), { units: 'meters' });
    return { inside, nearEdge: d < TOL_M };
  }
  const line = turf.lineString(f.centreline.map((p) => [p[0], p[1]]));
  const d = turf.pointToLineDistance(P, line, { units: 'meters' });
  return { inside: d <= f.halfWidthM, nearEdge: Math.abs(d - f.halfWidthM) < TOL_M + f.halfWidthM * 0.006 };
}

/** Degree bounding box of a footprint, padded by 50 m (computed with turf, independent of the index). */
function turfBox(f: Footprint): [number, number, number, number] {
  const padM = 50 + (f.kind === 'circle' ? f.radiusM : f.kind === 'corridor' ? f.halfWidthM : 0);
  const pts = f.kind === 'circle' ? [f.center] : f.kind === 'corridor' ? f.centreline : f.rings[0]!;
  const [w, s, e, n] = turf.bbox(turf.multiPoint(pts.map((p) => [p[0], p[1]])));
  const dLat = padM / 111_000, dLon = padM / (111_000 * Math.cos((s * Math.PI) / 180));
  return [w - dLon, s - dLat, e + dLon, n + dLat];
}
const overlaps = (b: [number, number, number, number], w: number, s: number, e: number, n: number): boolean => !(e < b[0] || w > b[2] || n < b[1] || s > b[3]);

describe('queries agree with turf (independent brute force)', () => {
  const zones = hamburgZones();
  const index = hamburgIndex();
  const boxes = new Map(zones.map((z) => [z, z.volumes.map((v) => turfBox(v.footprint))]));
  it(`${N} random points: no turf hit is missed away from the boundary band`, () => {
    let agree = 0, nearEdge = 0;
    for (const p of randomPoints(N, 99)) {
      const ours = new Set(zonesAtPoint(index, { ...p, altAglM: 60 }, GROUND).map((h) => h.zone.id));
      for (const z of zones) {
        if (!boxes.get(z)!.some((b) => overlaps(b, p.lon, p.lat, p.lon, p.lat))) {
          expect(ours.has(z.id)).toBe(false);
          agree++;
          continue;
        }
        const t = z.volumes.map((v) => turfInside(v.footprint, [p.lon, p.lat]));
        const turfIn = t.some((x) => x.inside);
        if (turfIn === ours.has(z.id)) agree++;
        else {
          expect(z.volumes.some((v) => turfInside(v.footprint, [p.lon, p.lat], true).nearEdge), `${z.id} at ${p.lon},${p.lat}: turf ${turfIn}`).toBe(true);
          nearEdge++;
        }
      }
    }
    expect(nearEdge / (agree + nearEdge)).toBeLessThan(1e-3);
  });
  it(`${N} random segments: every turf intersection is found`, () => {
    const polys = zones.flatMap((z) => z.volumes.map((v) => ({ z, f: v.footprint, box: turfBox(v.footprint) })));
    for (const [a, b] of randomSegments(N, 5, 0.03)) {
      const line = turf.lineString([[a.lon, a.lat], [b.lon, b.lat]]);
      const ours = new Set(zonesOnSegment(index, { ...a, altAglM: 60 }, { ...b, altAglM: 60 }, GROUND).map((c) => c.zone.id));
      const [w, so, e, n] = [Math.min(a.lon, b.lon), Math.min(a.lat, b.lat), Math.max(a.lon, b.lon), Math.max(a.lat, b.lat)];
      for (const { z, f, box } of polys) {
        if (ours.has(z.id) || !overlaps(box, w, so, e, n)) continue;
        let hit: boolean, margin: number;
        if (f.kind === 'polygon') {
          const d = turf.pointToLineDistance(turf.point([a.lon, a.lat]), turf.lineString(f.rings[0]!.map((p) => [p[0], p[1]])), { units: 'meters' });
          hit = turf.booleanIntersects(line, turf.polygon(f.rings.map((r) => r.map((p) => [p[0], p[1]]))));
          margin = hit ? d : Infinity;
          if (hit) {
            // a miss is only tolerated if the segment merely grazes the boundary band
            const mid = turf.along(line, turf.length(line) / 2);
            margin = Math.min(d, turf.pointToLineDistance(mid, turf.lineString(f.rings[0]!.map((p) => [p[0], p[1]])), { units: 'meters' }));
          }
        } else if (f.kind === 'circle') {
          const d = turf.pointToLineDistance(turf.point([f.center[0], f.center[1]]), line, { units: 'meters' });
          hit = d <= f.radiusM;
          margin = Math.abs(d - f.radiusM) - f.radiusM * 0.006;
        } else {
          const cl = turf.lineString(f.centreline.map((p) => [p[0], p[1]]));
          const inter = turf.lineIntersect(line, cl).features.length > 0;
          const d = inter ? 0 : Math.min(
            turf.pointToLineDistance(turf.point([a.lon, a.lat]), cl, { units: 'meters' }),
            turf.pointToLineDistance(turf.point([b.lon, b.lat]), cl, { units: 'meters' }),
            ...f.centreline.map((p) => turf.pointToLineDistance(turf.point([p[0], p[1]]), line, { units: 'meters' })),
          );
          hit = d <= f.halfWidthM;
          margin = Math.abs(d - f.halfWidthM) - f.halfWidthM * 0.006;
        }
        if (hit) expect(margin, `${z.id} missed for ${JSON.stringify([a, b])}`).toBeLessThan(8);
      }
    }
  });
});

describe('zonesAtPoint / zonesOnSegment behaviour', () => {
  const index = hamburgIndex();
  it('height bands: inside 0–120 m AGL, not above; the CTR reaches 762 m AMSL', () => {
    const uke = { lat: 53.5914, lon: 9.9767 };
    expect(zonesAtPoint(index, { ...uke, altAglM: 120 }, GROUND).map((h) => h.zone.id)).toEqual(['HHA01', 'HHH01']);
    expect(zonesAtPoint(index, { ...uke, altAglM: 121 }, GROUND).map((h) => h.zone.id)).toEqual(['HHA01']);
    expect(zonesAtPoint(index, { ...uke, altAglM: 753 }, GROUND).map((h) => h.zone.id)).toEqual([]);
    expect(zonesAtPoint(index, { ...uke, altAglM: 700, altAmslM: 762 }).map((h) => h.zone.id)).toEqual(['HHA01']);
  });
  it('refuses to guess AMSL: HEIGHT_REFERENCE_MISSING without ground elevation', () => {
    try {
      zonesAtPoint(index, { lat: 53.5914, lon: 9.9767, altAglM: 60 });
      expect.unreachable();
    } catch (e) {
      expect(isAirspaceError(e, 'HEIGHT_REFERENCE_MISSING')).toBe(true);
      expect((e as Error).message).toContain('HHA01');
    }
  });
  it('a climbing segment leaves a 0–120 m AGL zone where it crosses 120 m', () => {
    const a = { lat: 53.5914, lon: 9.9767, altAglM: 0 }, b = { lat: 53.5914, lon: 9.9967, altAglM: 600 };
    const c = zonesOnSegment(index, a, b, GROUND).find((x) => x.zone.id === 'HHH01')!;
    expect(c.entryM).toBe(0);
    expect(c.exit.altAglM).toBeCloseTo(120, 6);
  });
  it('a segment through two volumes of one zone reports one passage per gap', () => {
    // HHM01: two circles 1.1 km apart
    const a = { lat: 53.5626, lon: 10.085, altAglM: 50 }, b = { lat: 53.5689, lon: 10.125, altAglM: 50 };
    const c = zonesOnSegment(index, a, b, GROUND).filter((x) => x.zone.id === 'HHM01');
    expect(c.length).toBeGreaterThanOrEqual(1);
    expect(c.flatMap((x) => x.volumeIndices).sort()).toEqual([0, 1]);
  });
  it('zero-length segment behaves like a point', () => {
    const p = { lat: 53.5914, lon: 9.9767, altAglM: 50 };
    expect(zonesOnSegment(index, p, p, GROUND).map((c) => c.zone.id).sort()).toEqual(['HHA01', 'HHH01']);
  });
  it('createAirspaceIndex rejects a zone without volumes (ZONE_INVALID)', () => {
    const bad = { ...hamburgZones()[0]!, volumes: [] } as Zone;
    expect(() => createAirspaceIndex([bad])).toThrow(expect.objectContaining({ code: 'ZONE_INVALID' }));
  });
  it('queries and index build do not mutate inputs', () => {
    const zones = hamburgZones();
    const checks = [snapshot(zones)];
    const idx = createAirspaceIndex(zones);
    const a = { lat: 53.59, lon: 9.97, altAglM: 60 }, b = { lat: 53.55, lon: 10.01, altAglM: 80 };
    const opts = { ...GROUND };
    checks.push(snapshot(a), snapshot(b), snapshot(opts));
    zonesAtPoint(idx, a, opts);
    zonesOnSegment(idx, a, b, opts);
    checks.forEach((c) => c());
  });
});
