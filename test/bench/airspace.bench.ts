/**
 * Airspace query benchmarks: index build, point and segment queries per second, on the Hamburg
 * set and on 2,000 synthetic zones. Standalone: `npx tsx test/bench/airspace.bench.ts`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importEd269 } from '../../src/airspace/formats/ed269-import.js';
import { parseOperationProfile } from '../../src/airspace/profile.js';
import { createAirspaceIndex, type AirspaceIndex } from '../../src/airspace/query/create-index.js';
import { routeConstraints } from '../../src/airspace/query/route-constraints.js';
import { zonesAtPoint } from '../../src/airspace/query/zones-at-point.js';
import { zonesOnSegment } from '../../src/airspace/query/zones-on-segment.js';
import type { Position3D, Zone } from '../../src/airspace/types.js';
import { HAMBURG_BOX, rng, syntheticZones } from '../airspace/tools/synthetic.js';

import { median, printTable, type BenchTable } from './table.js';

type Row = Record<string, string | number>;
const toTable = (title: string, rows: Row[], notes: string[] = []): BenchTable => ({
  title, columns: Object.keys(rows[0]!), rows: rows.map((r) => Object.values(r)), notes,
});

const RUNS = 7;
const GROUND = { groundAmslM: 10 };

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function points(n: number, seed: number): Position3D[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => ({
    lon: HAMBURG_BOX.minLon + r() * (HAMBURG_BOX.maxLon - HAMBURG_BOX.minLon),
    lat: HAMBURG_BOX.minLat + r() * (HAMBURG_BOX.maxLat - HAMBURG_BOX.minLat),
    altAglM: r() * 150,
  }));
}

function bench(name: string, zones: Zone[]): Row {
  const build = median(Array.from({ length: RUNS }, () => time(() => createAirspaceIndex(zones))));
  const index: AirspaceIndex = createAirspaceIndex(zones);
  const pts = points(20_000, 3);
  const segs = points(5_000, 4).map((a, i) => [a, pts[i]!] as const).map(([a, b]) => [a, { lat: a.lat + (b.lat - a.lat) * 0.05, lon: a.lon + (b.lon - a.lon) * 0.05, altAglM: b.altAglM }] as const);
  const longSegs = points(1_000, 5).map((a, i) => [a, pts[i]!] as const);
  const pt = median(Array.from({ length: RUNS }, () => time(() => { for (const p of pts) zonesAtPoint(index, p, GROUND); })));
  const sg = median(Array.from({ length: RUNS }, () => time(() => { for (const [a, b] of segs) zonesOnSegment(index, a, b, GROUND); })));
  const lsg = median(Array.from({ length: RUNS }, () => time(() => { for (const [a, b] of longSegs) zonesOnSegment(index, a, b, GROUND); })));
  return {
    dataset: name,
    zones: zones.length,
    volumes: index.volumes.length,
    'index build ms': +build.toFixed(2),
    'points/s': Math.round(pts.length / (pt / 1000)),
    'segments/s (≈2 km)': Math.round(segs.length / (sg / 1000)),
    'segments/s (≈25 km)': Math.round(longSegs.length / (lsg / 1000)),
  };
}

function routeBench(zones: Zone[]): Row {
  const index = createAirspaceIndex(zones);
  const profile = parseOperationProfile({ category: 'specific', atcClearance: 'individual', departureTime: '2026-05-04T08:00:00Z' });
  const r = rng(9);
  const wps: Position3D[] = Array.from({ length: 20 }, (_, i) => ({ lat: 53.46 + i * 0.005, lon: 9.9 + r() * 0.1, altAglM: 80 }));
  const ms = median(Array.from({ length: RUNS }, () => time(() => { for (let i = 0; i < 50; i++) routeConstraints(index, { waypoints: wps, groundSpeedMps: 15 }, profile, GROUND); })));
  return { dataset: 'Hamburg', route: '20 waypoints, ≈12 km', 'route checks/s': Math.round(50 / (ms / 1000)) };
}

export async function run(): Promise<BenchTable[]> {
  const file = fileURLToPath(new URL('../../missions/airspace/hamburg.ed269.json', import.meta.url));
  const hamburg = importEd269(JSON.parse(readFileSync(file, 'utf8'))).zones;
  const synthetic = syntheticZones(2000, 7);
  return [
    toTable(`airspace: index build and queries (median of ${RUNS} runs)`, [bench('Hamburg', hamburg), bench('synthetic', synthetic)], [
      'Queries include exact geometry in the local ENU frame and vertical limits; segments are 3-D with entry/exit distances.',
    ]),
    toTable('airspace: routeConstraints (passages + rules engine + ceiling)', [routeBench(hamburg)]),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const t of await run()) printTable(t);
}
