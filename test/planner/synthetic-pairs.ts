/**
 * The cross-city pairs on the 2,000-zone synthetic set that the planner benchmark and the profiling
 * tool share: seeded random start/goal 8–16 km apart, skipping draws whose start or destination lies
 * in a zone (those are refused at once and measure nothing). Cruise 110 m AGL: at 60 m about 80 % of
 * the synthetic zones block and hardly any pair is connected.
 */
import * as turf from '@turf/turf';
import type { OperationProfile } from '../../src/airspace/profile.js';
import type { AirspaceIndex } from '../../src/airspace/query/create-index.js';
import { planRoute } from '../../src/planner/plan-route.js';
import type { PlanRequest, VehicleProfile } from '../../src/planner/types.js';
import { rng } from '../airspace/tools/synthetic.js';

export function* syntheticPairs(index: AirspaceIndex, vehicle: VehicleProfile, profile: OperationProfile, max = 40, maxDraws = 2000): Generator<{ req: PlanRequest; km: number; draws: number }> {
  const r = rng(42);
  let pairs = 0;
  for (let draws = 1; pairs < max && draws <= maxDraws; draws++) {
    const from = { lat: 53.45 + r() * 0.3, lon: 9.75 + r() * 0.4 };
    const to = { lat: 53.45 + r() * 0.3, lon: 9.75 + r() * 0.4 };
    const km = turf.distance([from.lon, from.lat], [to.lon, to.lat]);
    if (km < 8 || km > 16) continue;
    const req: PlanRequest = { from, to, vehicle, profile, mode: 'land', options: { preferredCruiseAglM: 110 } };
    const first = planRoute(req, { index });
    if (!first.ok && ['START_IN_ZONE', 'DESTINATION_IN_ZONE'].includes(first.refusal.code)) continue;
    pairs++;
    yield { req, km, draws };
  }
}
