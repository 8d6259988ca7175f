/**
 * Waterway crossings are chosen (near-)exactly: on seeded random rivers (a bent corridor, a
 * meander of per-segment rectangles of varying width, a river with an island, a confluence) with
 * 2–6 piers that block some crossings at the crossing height, open land on both sides, the planned
 * route is within 0.5 % of a brute force over a dense crossing set — every 5 m along the
 * bank and every 1° of tilt within ±19°, every exit — with straight legs to and from the banks.
 * The brute force reuses the planner's obstacle model (obstacleField) and crossing geometry
 * (crossingsAt on the water body), so it tests the choice of crossing, not the zone classification.
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
import { crossingsAt } from '../../src/planner/waterway-crossings.js';
import { volumesOfZone } from '../../src/airspace/query/create-index.js';
import { waterBodyOf } from '../../src/airspace/query/water-body.js';
import { hamburgZones, profile, vehicle } from './helpers.js';

const ORIGIN = { lat: 53.55, lon: 9.95 };
const frame = createLocalFrame(ORIGIN);
const ll = (x: number, y: number): [number, number] => { const p = toGeodetic(frame, { eastM: x, northM: y }); return [p.lon, p.lat]; };
const WATERWAY = hamburgZones().find((z) => z.id === 'HHW01')!;
const MARGIN_M = 20;

interface Case { zones: Zone[]; sx: number; sy: number; gx: number; gy: number }

type Pt = [number, number];
const rect = (p: Pt, q: Pt, hw: number): Pt[] => {
  const len = Math.hypot(q[0] - p[0], q[1] - p[1]), ux = (q[0] - p[0]) / len, uy = (q[1] - p[1]) / len;
  const a: Pt = [p[0] - ux * hw, p[1] - uy * hw], b: Pt = [q[0] + ux * hw, q[1] + uy * hw];
  return [[a[0] + uy * hw, a[1] - ux * hw], [b[0] + uy * hw, b[1] - ux * hw], [b[0] - uy * hw, b[1] + ux * hw], [a[0] - uy * hw, a[1] + ux * hw], [a[0] + uy * hw, a[1] - ux * hw]];
};
const ring = (pts: Pt[]): [number, number][] => pts.map(([x, y]) => ll(x, y));
const disc = (cx: number, cy: number, r: number, n = 24): Pt[] => Array.from({ length: n + 1 }, (_, k) => [cx + r * Math.cos((2 * Math.PI * k) / n), cy + r * Math.sin((2 * Math.PI * k) / n)] as Pt);

/**
 * Rivers of four shapes, by seed: 0 a bent corridor; 1 a meander published as overlapping
 * per-segment rectangles of varying width (as authorities publish); 2 a wide river with an island
 * (a polygon with a hole); 3 a confluence (two branches and the joined river, one zone, three
 * rectangle chains).
 */
function river(seed: number, r: () => number): Zone['volumes'] {
  const vol = WATERWAY.volumes[0]!;
  const ys = [-500 + r() * 1000, -400 + r() * 800, -500 + r() * 1000, -400 + r() * 800];
  const xs = [-4000, -1300 + r() * 600, 1000 + r() * 600, 4000];
  const hw = 80 + r() * 170;
  const poly = (rings: Pt[][]): Zone['volumes'][number] => ({ ...vol, footprint: { kind: 'polygon', rings: rings.map(ring) } });
  switch (seed % 4) {
    case 0: return [{ ...vol, footprint: { kind: 'corridor', centreline: xs.map((x, i) => ll(x, ys[i]!)), halfWidthM: hw } }];
    case 1: {
      const n = 8, px = Array.from({ length: n + 1 }, (_, i) => -4000 + i * 1000), py = px.map(() => -450 + r() * 900);
      return px.slice(0, -1).map((x, i) => poly([rect([x, py[i]!], [px[i + 1]!, py[i + 1]!], 90 + r() * 150)]));
    }
    case 2: {
      const w = 260 + r() * 120, cx = -600 + r() * 1200;
      const outer: Pt[] = [[-4000, -w], [4000, -w], [4000, w], [-4000, w], [-4000, -w]];
      return [poly([outer, disc(cx, 0, 60 + r() * 80).reverse()])];
    }
    default: {
      const j: Pt = [r() * 800 - 400, r() * 200 - 100];
      return [
        poly([rect([-4000, -1500], j, 100 + r() * 60)]),
        poly([rect([-4000, 1500], j, 100 + r() * 60)]),
        poly([rect(j, [4000, r() * 400 - 200], 160 + r() * 80)]),
      ];
    }
  }
}

function randomCase(seed: number): Case {
  const r = mulberry32(seed);
  const volumes = river(seed, r);
  const zones: Zone[] = [{ ...WATERWAY, id: 'RIV', name: 'test river', volumes }];
  // piers in the water, high enough to block the crossing at 105 m
  for (let i = 0; i < 2 + Math.floor(r() * 5); i++) {
    const px = -3000 + r() * 6000, py = -150 + r() * 300;
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
  const zone = index.zones.find((z) => z.id === 'RIV')!;
  const body = waterBodyOf('RIV', volumesOfZone(index, zone));
  let best = Infinity;
  body.cum.forEach((cum, ring) => {
    for (let s = 0; s <= cum[cum.length - 1]!; s += 5) {
      for (let deg = -19; deg <= 19; deg++) {
        for (const k of crossingsAt(body, ring, s, (deg * Math.PI) / 180, MARGIN_M)) {
          const cost = Math.hypot(k.ax - c.sx, k.ay - c.sy) + Math.hypot(k.bx - k.ax, k.by - k.ay) + Math.hypot(c.gx - k.bx, c.gy - k.by);
          if (cost >= best) continue;
          if (free(low, c.sx, c.sy, k.ax, k.ay) && free(low, k.bx, k.by, c.gx, c.gy) && free(high, k.ax, k.ay, k.bx, k.by)) best = cost;
        }
      }
    }
  });
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
  it('at least half the crossings match the brute force within 0.005 %', () => {
    expect(exact).toBeGreaterThanOrEqual(SEEDS.length / 2);
  });
});
