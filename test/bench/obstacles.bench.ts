/**
 * `npm run bench -- obstacles`: planRoute on H1–H6 and the TV-tower trip without
 * obstacles, with the Hamburg set (25 structures) and with the Hamburg set plus 300 seeded random
 * structures (30–250 m, radius 5–60 m) and 20 random power lines (2–4 pylons, 30–120 m) around
 * the city centre. Medians; the planner goals
 * (H6 ≤ 20 ms) must still hold.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importEd269 } from '../../src/airspace/formats/ed269-import.js';
import { parseOperationProfile } from '../../src/airspace/profile.js';
import { createAirspaceIndex, type AirspaceIndex } from '../../src/airspace/query/create-index.js';
import { compileObstacles, importObstacles, pointConflicts, type Obstacle } from '../../src/obstacles/index.js';
import { createLocalFrame } from '../../src/geo/local-frame.js';
import { planRoute } from '../../src/planner/plan-route.js';
import type { PlannerObstacles } from '../../src/planner/obstacles.js';
import type { LatLon, PlanRequest } from '../../src/planner/types.js';
import { parseVehicleProfile } from '../../src/planner/vehicle-profile.js';
import { fmt, median, type BenchTable } from './table.js';

const ROOT = join(import.meta.dirname, '../..');
const json = (p: string): unknown => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
const RUNS = 11;

/** Seeded LCG: the same 300 structures every run. */
function randomStructures(n: number, lines: number, seed: number, avoid: readonly LatLon[]): Obstacle[] {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out: Obstacle[] = [];
  const frame = createLocalFrame({ lat: 53.55, lon: 10 });
  while (out.length < n + lines) {
    const lat = 53.5 + 0.11 * rnd(), lon = 9.88 + 0.22 * rnd();
    // the last `lines` are power lines: 2–4 pylons, spans of 300–800 m, 30–120 m high
    const path: [number, number][] = [[lon, lat]];
    if (out.length >= n) for (let k = 1 + Math.floor(3 * rnd()); k > 0; k--) { const a = 2 * Math.PI * rnd(), d = 300 + 500 * rnd(), p = path[path.length - 1]!; path.push([p[0] + (d * Math.sin(a)) / 66_000, p[1] + (d * Math.cos(a)) / 111_320]); }
    const o: Obstacle = out.length < n
      ? { id: `R${out.length}`, name: `random ${out.length}`, type: 'TOWER', source: 'bench', top: { heightM: 30 + 220 * rnd(), ref: 'AGL' }, footprint: { kind: 'point', lat, lon, radiusM: 5 + 55 * rnd() } }
      : { id: `L${out.length}`, name: `random line ${out.length}`, type: 'TRANSMISSION_LINE', source: 'bench', top: { heightM: 30 + 90 * rnd(), ref: 'AGL' }, footprint: { kind: 'line', path, radiusM: 10 } };
    // keep the scenario endpoints off the footprints (a pad on a structure is refused)
    const set = compileObstacles([o], frame, () => 10, { horizontalM: 0.5, verticalM: 50 });
    if (avoid.every((p) => pointConflicts(set, { ...p, altAglM: 0 }).length === 0)) out.push(o);
  }
  return out;
}

function time(req: PlanRequest, index: AirspaceIndex, obstacles: PlannerObstacles | undefined): { ms: number; min: number; km: string } {
  const air = obstacles ? { index, obstacles } : { index };
  let r = planRoute(req, air);
  for (let i = 0; i < 3; i++) r = planRoute(req, air);
  const times = Array.from({ length: RUNS }, () => {
    const t0 = performance.now();
    r = planRoute(req, air);
    return performance.now() - t0;
  });
  return { ms: median(times), min: Math.min(...times), km: r.ok ? fmt(r.route.distanceM / 1000, 2) : r.refusal.code };
}

export async function run(): Promise<BenchTable[]> {
  const index = createAirspaceIndex(importEd269(json('missions/airspace/hamburg.ed269.json')).zones);
  const vehicle = parseVehicleProfile(json('missions/vehicles/delivery-quad.json'));
  const base = (json('missions/airspace/profiles.json') as { profiles: Record<string, object> }).profiles['specific-bvlos-delivery']!;
  const scen = [
    ...(json('missions/deliveries/hamburg.json') as { scenarios: Array<{ id: string; from: LatLon; to: LatLon; consents: string[] }> }).scenarios,
    { id: 'TV tower (issue 17)', from: { lat: 53.56, lon: 9.97 }, to: { lat: 53.565, lon: 9.982 }, consents: ['HHA01'] },
  ];
  const hamburg = importObstacles(readFileSync(join(ROOT, 'missions/obstacles/hamburg.geojson'), 'utf8')).obstacles;
  const many = [...hamburg, ...randomStructures(300, 20, 17, scen.flatMap((s) => [s.from, s.to]))];
  const rows = scen.map((s) => {
    const req: PlanRequest = { from: s.from, to: s.to, vehicle, profile: parseOperationProfile({ ...base, consents: s.consents }), mode: 'land' };
    const a = time(req, index, undefined), b = time(req, index, { list: hamburg }), c = time(req, index, { list: many });
    const t = (x: { ms: number; min: number }): string => `${fmt(x.ms, 1)} / ${fmt(x.min, 1)}`;
    return [s.id, t(a), a.km, t(b), b.km, t(c), c.km, `${fmt(c.ms / a.ms, 1)}×`];
  });
  return [{
    title: `planner with vertical obstacles: medians of ${RUNS} (ms) and route km`,
    columns: ['route', 'no obstacles ms (median / min)', 'km', `Hamburg set (${hamburg.length}) ms`, 'km', `+ 300 random + 20 lines (${many.length}) ms`, 'km', `medians, ${many.length} vs none`],
    rows,
    notes: ['Goal (planner issue): H6 cross-city median ≤ 20 ms. Where a structure on the straight line could be overflown under the ceiling, the planner plans up to three times (around; over at the highest and at the lowest raise height, only the legs that meet the structures raised, each skipped when its least possible energy cannot win) and keeps the cheapest.'],
  }];
}
