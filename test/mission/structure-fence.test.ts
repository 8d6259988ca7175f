/**
 * PX4 exclusion areas around structures (issue 17): a polygon around a building footprint, one
 * polygon per power-line span, circles around points; checked with the simulator's geofence core
 * (sim/vehicle/geofence.ts, PX4 1.16's geofence.cpp: inside every inclusion, outside every
 * exclusion) — the planned track always passes, the structures do not; the fence budget holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDeliveryPlan } from '../../src/mission/build-plan.js';
import type { Obstacle } from '../../src/obstacles/index.js';
import { planRoute } from '../../src/planner/plan-route.js';
import type { LatLon, PlanRequest, Route } from '../../src/planner/types.js';
import { insideAreas, parseFence } from '../../sim/vehicle/geofence.js';
import { toNE } from '../../sim/physics/geo.js';
import { hamburgIndex, profile, vehicle } from '../planner/helpers.js';

const index = hamburgIndex();
const FROM = { lat: 53.56, lon: 9.97 }, TO = { lat: 53.565, lon: 9.982 };
const req: PlanRequest = { from: FROM, to: TO, vehicle: vehicle(), profile: profile('specific-bvlos-delivery', { consents: ['HHA01'] }), mode: 'land' };
const ok = (r: ReturnType<typeof planRoute>): Route => { if (!r.ok) throw new Error(`${r.refusal.code}: ${r.refusal.message}`); return r.route; };

// a local east/north frame at the track's middle: u along the track, n to its left
const MID = { lat: (FROM.lat + TO.lat) / 2, lon: (FROM.lon + TO.lon) / 2 };
const M_LON = 111_320 * Math.cos((MID.lat * Math.PI) / 180);
const at = (e: number, n: number): LatLon => ({ lat: MID.lat + n / 111_320, lon: MID.lon + e / M_LON });
const dE = (TO.lon - FROM.lon) * M_LON, dN = (TO.lat - FROM.lat) * 111_320, L = Math.hypot(dE, dN);
const u = [dE / L, dN / L] as const, n = [-u[1], u[0]] as const;
/** A point `along` metres along the track from its middle and `beside` metres to its left. */
const off = (along: number, beside: number): LatLon => at(along * u[0] + beside * n[0], along * u[1] + beside * n[1]);
const ll = (p: LatLon): [number, number] => [p.lon, p.lat];

const building = (id: string, along: number, beside: number, half: number, heightM: number): Obstacle => ({
  id, name: id, type: 'BUILDING', source: 'test', top: { heightM, ref: 'AGL' },
  footprint: { kind: 'polygon', ring: [off(along - half, beside - half), off(along + half, beside - half), off(along + half, beside + half), off(along - half, beside + half), off(along - half, beside - half)].map(ll) },
});
const line = (id: string, pylons: [number, number][], heightM: number, radiusM = 10): Obstacle => ({
  id, name: id, type: 'TRANSMISSION_LINE', source: 'test', top: { heightM, ref: 'AGL' }, footprint: { kind: 'line', path: pylons.map(([a, b]) => ll(off(a, b))), radiusM },
});

/** The simulator's PX4 geofence over the plan's FENCE items; `passes(p)` is PX4's isInsidePolygonOrCircle. */
function px4Fence(items: Parameters<typeof parseFence>[0]): { passes: (p: LatLon) => boolean } {
  const areas = parseFence(items, MID);
  return { passes: (p) => insideAreas(toNE(p, MID), areas) };
}
/** The FENCE items as the simulator stores them after an upload (same fields; degE7 positions). */
const asSimItems = (plan: ReturnType<typeof buildDeliveryPlan>): Parameters<typeof parseFence>[0] => plan.fence.items;
/** Points every 5 m along the route's cruise legs. */
const track = (route: Route): LatLon[] => route.legs.filter((l) => l.horizontalM > 0).flatMap((l) => {
  const k = Math.max(1, Math.ceil(l.horizontalM / 5));
  return Array.from({ length: k + 1 }, (_, i) => ({ lat: l.from.lat + ((l.to.lat - l.from.lat) * i) / k, lon: l.from.lon + ((l.to.lon - l.from.lon) * i) / k }));
});

describe('fence exclusions around structures', () => {
  const list = [
    building('BLD', 0, 90, 10, 100), // a 20 m building whose edge is 80 m left of the track, 100 m high
    line('LINE', [[-250, -100], [0, -110], [250, -100]], 90), // a 90 m line 100 m right of the track, two spans
  ];
  const route = ok(planRoute(req, { index, obstacles: { list } }));
  const plan = buildDeliveryPlan(route, { index, homeAmslM: 10, obstacles: { list } });

  it('a building gets an exclusion polygon and a power line one per span; PX4 keeps the track and refuses the structures', () => {
    const shapes = plan.fence.shapes.filter((s) => !s.inclusion && s.kind === 'polygon' && s.zoneId);
    expect(shapes.map((s) => s.zoneId).sort()).toEqual(['BLD', 'LINE span 1', 'LINE span 2']);
    const bld = shapes.find((s) => s.zoneId === 'BLD');
    expect(bld?.kind === 'polygon' ? bld.vertices.length : 0).toBe(4);
    // PX4 stores one item per vertex: 4 + 6 + 6 exclusion items, polygon vertices with param1 = count
    const excl = plan.fence.items.filter((i) => i.command === 5002);
    expect(excl).toHaveLength(16);
    expect(plan.fence.items.length).toBeLessThanOrEqual(64);
    const fence = px4Fence(asSimItems(plan));
    expect(track(route).every((p) => fence.passes(p))).toBe(true);
    // the structures themselves, and a point 40 m off the building (inside its 50 m clearance), breach the fence
    for (const p of [off(0, 90), off(0, 90 - 10 - 40), off(-250, -100), off(0, -110), off(125, -105), off(250, -100)]) expect(fence.passes(p), JSON.stringify(p)).toBe(false);
  });

  it('each exclusion keeps the corridor\'s half-width + 1 m from the track (it never narrows the corridor)', () => {
    const gap = plan.fence.corridor.halfWidthM + 1;
    const excluded = parseFence(asSimItems(plan), MID).filter((a) => !a.inclusion && a.kind === 'polygon');
    const t = track(route).map((p) => toNE(p, MID));
    for (const a of excluded) {
      if (a.kind !== 'polygon') continue;
      for (const v of a.vertices) expect(Math.min(...t.map((p) => Math.hypot(p.n - v.n, p.e - v.e)))).toBeGreaterThanOrEqual(gap - 0.5);
    }
  });

  it('the fence budget holds: with room for only the corridor and one polygon, the nearest structure fits and the rest is left out', () => {
    const bare = buildDeliveryPlan(route, { index, homeAmslM: 10 });
    const small = buildDeliveryPlan(route, { index, homeAmslM: 10, obstacles: { list }, fence: { maxItems: bare.fence.items.length + 6 } });
    expect(small.fence.items.length).toBeLessThanOrEqual(bare.fence.items.length + 6);
    const ids = small.fence.shapes.filter((s) => !s.inclusion).map((s) => s.zoneId);
    expect(ids).toHaveLength(1);
    expect(['BLD', 'LINE span 1', 'LINE span 2']).toContain(ids[0]);
  });

  it('a structure the route overflies on a raised leg gets no exclusion (a 2-D area would forbid the overflight)', () => {
    // a long low wall of a line straight across the track: going round costs more than climbing to 90 m
    const wall = line('WALL', [[0, -2000], [0, 2000]], 35, 5);
    const r = ok(planRoute(req, { index, obstacles: { list: [wall] } }));
    expect(r.warnings.join('\n')).toMatch(/to overfly WALL/);
    const p = buildDeliveryPlan(r, { index, homeAmslM: 10, obstacles: { list: [wall] } });
    expect(p.fence.shapes.filter((s) => !s.inclusion && s.zoneId?.startsWith('WALL'))).toEqual([]);
    const fence = px4Fence(asSimItems(p));
    expect(track(r).every((q) => fence.passes(q))).toBe(true);
  });

  it('property: with random buildings, lines and towers beside the track, PX4 never finds the planned track outside the fence', () => {
    const arb = fc.array(fc.record({
      kind: fc.constantFrom('building', 'line', 'tower'), along: fc.integer({ min: -400, max: 400 }), side: fc.constantFrom(-1, 1),
      beside: fc.integer({ min: 20, max: 180 }), size: fc.integer({ min: 5, max: 30 }), heightM: fc.integer({ min: 20, max: 140 }),
    }), { minLength: 1, maxLength: 5 });
    let fenced = 0;
    fc.assert(fc.property(arb, (specs) => {
      const obs: Obstacle[] = specs.map((s, i) => s.kind === 'building' ? building(`B${i}`, s.along, s.side * (s.beside + s.size), s.size, s.heightM)
        : s.kind === 'line' ? line(`L${i}`, [[s.along - 150, s.side * s.beside], [s.along + 150, s.side * (s.beside + s.size)]], s.heightM, 5)
          : { id: `T${i}`, name: `T${i}`, type: 'TOWER', source: 'test', top: { heightM: s.heightM, ref: 'AGL' }, footprint: { kind: 'point', ...off(s.along, s.side * s.beside), radiusM: s.size / 2 } });
      const r = planRoute(req, { index, obstacles: { list: obs } });
      if (!r.ok) return; // boxed in: nothing to fence
      const p = buildDeliveryPlan(r.route, { index, homeAmslM: 10, obstacles: { list: obs } });
      const fence = px4Fence(asSimItems(p));
      fenced += p.fence.shapes.filter((x) => !x.inclusion && /^[BLT]\d/.test(x.zoneId ?? '')).length;
      const bad = track(r.route).find((q) => !fence.passes(q));
      expect(bad, JSON.stringify({ bad, shapes: p.fence.shapes.filter((s) => !s.inclusion).map((s) => s.zoneId) })).toBeUndefined();
      expect(p.fence.items.length).toBeLessThanOrEqual(64);
    }), { numRuns: 25, seed: 17 });
    expect(fenced).toBeGreaterThan(10); // the runs did fence structures
  });
});
