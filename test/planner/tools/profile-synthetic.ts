/**
 * Times planRoute on the benchmark's synthetic pairs (2,000 zones, seed 7) and H1–H6, one line per
 * pair: `npx tsx test/planner/tools/profile-synthetic.ts [pairIndex]`; add `node --cpu-prof` for a
 * profile. A development aid, not a test.
 */
import { readFileSync } from 'node:fs';
import { parseOperationProfile } from '../../../src/airspace/profile.js';
import { createAirspaceIndex } from '../../../src/airspace/query/create-index.js';
import { planRoute } from '../../../src/planner/plan-route.js';
import type { PlanRequest } from '../../../src/planner/types.js';
import { parseVehicleProfile } from '../../../src/planner/vehicle-profile.js';
import { syntheticZones } from '../../airspace/tools/synthetic.js';
import { syntheticPairs } from '../synthetic-pairs.js';
import { hamburgIndex, request, scenarios } from '../helpers.js';

const arg = process.argv[2];
const only = arg === undefined || arg.startsWith('H') ? undefined : Number(arg);
const reps = Number(process.argv[3] ?? 5);
const vehicle = { ...parseVehicleProfile(JSON.parse(readFileSync(new URL('../../../missions/vehicles/delivery-quad.json', import.meta.url), 'utf8'))), batteryWh: 2000 };
// CPU time of this thread (not wall time): stable while other processes load the machine
const time = (req: PlanRequest, index: ReturnType<typeof createAirspaceIndex>): [number, string] => {
  let r = planRoute(req, { index });
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    r = planRoute(req, { index });
    const c = process.cpuUsage(c0);
    ts.push((c.user + c.system) / 1000);
  }
  ts.sort((a, b) => a - b);
  if (process.env.MIN) return [ts[0]!, r.ok ? `${(r.route.distanceM / 1000).toFixed(2)} km` : r.refusal.code];
  return [ts[Math.floor(ts.length / 2)]!, r.ok ? `${(r.route.distanceM / 1000).toFixed(2)} km` : r.refusal.code];
};
if (only === undefined) {
  for (const s of scenarios().filter((x) => arg === undefined || x.id === arg)) { const [ms, out] = time(request(s), hamburgIndex()); console.log(s.id, ms.toFixed(1), 'ms CPU', out); }
}
if (arg?.startsWith('H')) process.exit(0);
const index = createAirspaceIndex(syntheticZones(2000, 7));
const profile = parseOperationProfile({ category: 'specific', atcClearance: 'individual', departureTime: '2026-05-04T08:00:00Z' });
let pairs = 0;
for (const { req, km } of syntheticPairs(index, vehicle, profile)) {
  pairs++;
  if (only !== undefined && only !== pairs) continue;
  const [ms, out] = time(req, index);
  console.log(`S${pairs}`, km.toFixed(1), 'km', ms.toFixed(1), 'ms CPU', out);
}
