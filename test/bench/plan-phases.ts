/**
 * CPU time per phase of the whole plan on the quick bench's Hamburg set (H1–H6 + the first 50
 * legal random pairs, as plan.bench.ts picks them): route, mission items, fence, rally points,
 * validation — min of `REPS` runs each (default 3), then p50 / p95 / max per phase and the slowest
 * plans. `npx tsx test/bench/plan-phases.ts`; add `node --cpu-prof --import tsx` for a profile.
 * A development aid, not a test.
 */
import { buildMission } from '../../src/mission/build-mission.js';
import { buildDeliveryPlan } from '../../src/mission/build-plan.js';
import { buildGeofence } from '../../src/mission/fence.js';
import { chooseRallyPoints } from '../../src/mission/rally.js';
import { returnAltitudeM } from '../../src/mission/rtl-params.js';
import { validateMission } from '../../src/mission/validate-mission.js';
import { flatTerrain, planRoute } from '../../src/planner/index.js';
import type { PlanRequest } from '../../src/planner/types.js';
import type { OperationProfile } from '../../src/airspace/index.js';
import { hamburgIndex, profile as namedProfile, request, scenarios, vehicle } from '../planner/helpers.js';
import { percentile, randomHamburgPairs } from './plan-common.js';

const reps = Number(process.env.REPS ?? 3);
const terrain = flatTerrain(10);
const index = hamburgIndex();
const cpu = (f: () => unknown): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const PHASES = ['route', 'mission', 'fence', 'rally', 'deliveryPlan', 'validate', 'whole'] as const;
type Phase = typeof PHASES[number];

function phases(req: PlanRequest, p: OperationProfile): Record<Phase, number> | undefined {
  const r = planRoute(req, { index }, terrain);
  if (!r.ok) return undefined;
  const route = r.route;
  const out = {} as Record<Phase, number>;
  out.route = cpu(() => planRoute(req, { index }, terrain));
  out.mission = cpu(() => buildMission(route, { homeAmslM: 10, terrain }));
  out.fence = cpu(() => buildGeofence(route, {}));
  out.rally = cpu(() => chooseRallyPoints(route, { index, profile: p, homeAmslM: 10, returnAltM: returnAltitudeM(route), terrain }));
  let plan!: ReturnType<typeof buildDeliveryPlan>;
  out.deliveryPlan = cpu(() => (plan = buildDeliveryPlan(route, { index, profile: p, homeAmslM: 10, terrain })));
  out.validate = cpu(() => validateMission(plan.mission, index, p, { homeAmslM: 10, groundSpeedMps: req.vehicle.cruiseSpeedMps, departAt: req.departAt ?? p.departureTime, terrain }));
  out.whole = out.route + out.deliveryPlan + out.validate;
  return out;
}

const v = vehicle();
const base = { vehicle: v, mode: 'land' as const, departAt: '2026-05-04T08:00:00Z' };
const reqs: Array<{ name: string; req: PlanRequest; p: OperationProfile }> = scenarios().map((s) => ({ name: s.id, req: request(s), p: request(s).profile }));
const open = namedProfile('specific-bvlos-delivery', { consents: ['HHI01', 'HHI02'] });
let k = 0;
for (const req of randomHamburgPairs(400, 5, { ...base, profile: open })) {
  k++;
  if (reqs.length >= 56) break;
  if (planRoute(req, { index }, terrain).ok) reqs.push({ name: `P${k}`, req, p: open });
}
const only = process.argv[2];
const rows: Array<{ name: string; t: Record<Phase, number> }> = [];
for (const { name, req, p } of reqs) {
  if (only && !only.split(',').includes(name)) continue;
  let best: Record<Phase, number> | undefined;
  for (let i = 0; i < reps; i++) {
    const t = phases(req, p);
    if (!t) break;
    if (!best) best = t; else for (const ph of PHASES) best[ph] = Math.min(best[ph], t[ph]);
  }
  if (best) rows.push({ name, t: best });
}
const f = (x: number): string => x.toFixed(1).padStart(7);
console.log(`${rows.length} plans, CPU ms (min of ${reps})`);
console.log('phase'.padEnd(13), '    p50     p95     max     sum');
for (const ph of PHASES) {
  const xs = rows.map((r) => r.t[ph]);
  console.log(ph.padEnd(13), f(percentile(xs, 0.5)), f(percentile(xs, 0.95)), f(Math.max(...xs)), f(xs.reduce((a, b) => a + b, 0)));
}
console.log('\nslowest (whole):', PHASES.join(' / '));
for (const r of [...rows].sort((a, b) => b.t.whole - a.t.whole).slice(0, Number(process.env.TOP ?? 10))) console.log(r.name.padEnd(5), PHASES.map((ph) => f(r.t[ph])).join(''));
