/**
 * Waterway crossings are chosen (near-)exactly: on seeded random rivers (a bent corridor) with
 * 2–6 piers that block some crossings at the crossing height, open land on both sides, the planned
 * route is within 0.5 % of a brute force over a dense crossing set — every 5 m along the
 * centreline and every 1° of tilt within ±19° — with straight legs to and from the banks. The
 * brute force reuses the planner's obstacle model (obstacleField) and crossing geometry
 * (crossingAt), so it tests the choice of crossing, not the zone classification.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../sim/protocol/mission-faults.js';
import { createAirspaceIndex } from '../../src/airspace/query/create-index.js';
import type { Zone } from '../../src/airspace/types.js';
import { createLocalFrame } from '../../src/geo/local-frame.js';
import { toGeodetic } from '../../src/geo/to-geodetic.js';
import { obstacleField } from '../../src/planner/obstacle-field.js';
import { planRoute } from '../../src/planner/plan-route.js';
import { pointBlocked, segmentBlocked, type Shape } from '../../src/planner/shapes.js';
import { centrelineLengthM, crossingAt } from '../../src/planner/waterway-crossings.js';
import { hamburgZones, profile, vehicle } from './helpers.js';

const ORIGIN = { lat: 53.55, lon: 9.95 };
const frame = createLocalFrame(ORIGIN);
const ll = (x: number, y: number): [number, number] => { const p = toGeodetic(frame, { eastM: x, northM: y }); return [p.lon, p.lat]; };
const WATERWAY = hamburgZones().find((z) => z.id === 'HHW01')!;
const MARGIN_M = 20;

interface Case { zones: Zone[]; sx: number; sy: number; gx: number; gy: number }

function randomCase(seed: number): Case {
  const r = mulberry32(seed);
  const ys = [-500 + r() * 1000, -400 + r() * 800, -500 + r() * 1000, -400 + r() * 800];
  const xs = [-4000, -1300 + r() * 600, 1000 + r() * 600, 4000];
  const hw = 80 + r() * 170;
  const river: Zone = { ...WATERWAY, id: 'RIV', name: 'test river', volumes: [{ ...WATERWAY.volumes[0]!, footprint: { kind: 'corridor', centreline: xs.map((x, i) => ll(x, ys[i]!)), halfWidthM: hw } }] };
  const zones: Zone[] = [river];
  // piers on the centreline, high enough to block the crossing at 105 m
  for (let i = 0; i < 2 + Math.floor(r() * 5); i++) {
    const seg = Math.floor(r() * 3), t = r();
    const px = xs[seg]! + (xs[seg + 1]! - xs[seg]!) * t, py = ys[seg]! + (ys[seg + 1]! - ys[seg]!) * t;
    zones.push({
      id: `PIER${i}`, country: 'DEU', name: `pier ${i}`, categories: ['CUSTOM'], restriction: 'REQ_AUTHORISATION', reasons: [], restrictionConditions: [],
      type: 'COMMON', lateralBufferM: 0, applicability: { permanent: true, periods: [] }, authorities: [],
      volumes: [{ footprint: { kind: 'circle', center: ll(px, py), radiusM: 20 + r() * 50 }, lower: { heightM: 0, ref: 'AGL' }, upper: { heightM: 150, ref: 'AGL' } }],
    });
  }
  return { zones, sx: -2500 + r() * 5000, sy: -2600, gx: -2500 + r() * 5000, gy: 2600 };
}

function bruteForce(c: Case): number {
  const index = createAirspaceIndex(c.zones, { origin: ORIGIN });
  const departMs = Date.parse('2026-05-04T08:00:00Z');
  const ctx = { index, profile: profile(), heights: { groundAmslM: () => 10 }, marginM: MARGIN_M, departMs, latestMs: departMs + 7_200_000, maxGroundSpeedMps: 11, sx: c.sx, sy: c.sy };
  const box = { minX: -10_000, minY: -10_000, maxX: 10_000, maxY: 10_000 };
  const low = obstacleField(ctx, 60, 105).shapesIn(box);
  const high = obstacleField(ctx, 105, 105).shapesIn(box).filter((s) => s.zoneId !== 'RIV');
  const free = (shapes: Shape[], ax: number, ay: number, bx: number, by: number): boolean =>
    !shapes.some((s) => pointBlocked(s, ax, ay) || pointBlocked(s, bx, by) || segmentBlocked(s, ax, ay, bx, by));
  const vol = index.volumes.find((v) => v.zone.id === 'RIV')!;
  let best = Infinity;
  for (let s = 0; s <= centrelineLengthM(vol); s += 5) {
    for (let deg = -19; deg <= 19; deg++) {
      const k = crossingAt(vol, s, (deg * Math.PI) / 180, MARGIN_M);
      if (!k) continue;
      for (const [ax, ay, bx, by] of [[k.ax, k.ay, k.bx, k.by], [k.bx, k.by, k.ax, k.ay]] as const) {
        const cost = Math.hypot(ax - c.sx, ay - c.sy) + Math.hypot(bx - ax, by - ay) + Math.hypot(c.gx - bx, c.gy - by);
        if (cost >= best) continue;
        if (free(low, c.sx, c.sy, ax, ay) && free(low, bx, by, c.gx, c.gy) && free(high, ax, ay, bx, by)) best = cost;
      }
    }
  }
  return best;
}

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
let exact = 0;

describe('waterway crossings against a dense brute force', () => {
  it.each(SEEDS)('seed %i: within 0.5 %, one straight crossing at 105 m within 20° of perpendicular', (seed) => {
    const c = randomCase(seed);
    const index = createAirspaceIndex(c.zones, { origin: ORIGIN });
    const from = toGeodetic(frame, { eastM: c.sx, northM: c.sy }), to = toGeodetic(frame, { eastM: c.gx, northM: c.gy });
    const r = planRoute({ from, to, vehicle: vehicle(), profile: profile(), mode: 'land', departAt: '2026-05-04T08:00:00Z' }, { index });
    const best = bruteForce(c);
    expect(best).toBeLessThan(Infinity);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const crossing = r.route.zones.find((z) => z.zoneId === 'RIV')!;
    expect(crossing.verdict.kind).toBe('conditional');
    expect(r.route.legs[crossing.legIndex]!.from.altAglM).toBe(105);
    expect(r.route.warnings.find((w) => w.includes('RIV'))).toMatch(/at 105 m AGL, (7\d|8\d|90)° to its axis/);
    if (process.env.PLANNER_OPT_LOG) console.log(seed, r.route.distanceM.toFixed(1), best.toFixed(1), ((r.route.distanceM / best - 1) * 100).toFixed(3), '%');
    expect(r.route.distanceM).toBeLessThanOrEqual(best * 1.005);
    expect(r.route.distanceM).toBeGreaterThanOrEqual(best * 0.995);
    if (Math.abs(r.route.distanceM / best - 1) < 5e-5) exact++;
  });
  // the 100 m / 0°, ±18° candidate set alone is 0.01–0.1 % off on these rivers; refined, the
  // crossing matches the brute force to the centimetre unless the search chose another window
  it('most crossings match the brute force within 0.005 %', () => {
    expect(exact).toBeGreaterThanOrEqual((SEEDS.length * 2) / 3);
  });
});
