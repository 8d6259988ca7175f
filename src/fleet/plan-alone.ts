/**
 * One delivery plan without deconfliction — route, then mission, fence, rally points and failsafe
 * parameters — as the service and its planning worker (plan-worker.ts) both make it. Pure.
 */
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import { buildDeliveryPlan, type DeliveryPlan } from '../mission/build-plan.js';
import type { PlannerObstacles } from '../planner/obstacles.js';
import { planRoute } from '../planner/plan-route.js';
import type { PlanRequest, PlanResult } from '../planner/types.js';

export interface PlanAloneDeps {
  readonly index: AirspaceIndex;
  readonly groundAmslM: number;
  readonly obstacles?: PlannerObstacles;
}

export interface PlanOut {
  result: PlanResult;
  plan?: DeliveryPlan;
}

/**
 * @example
 * const { result, plan } = planAlone(request, { index, groundAmslM: 10 });
 */
export function planAlone(request: PlanRequest, d: PlanAloneDeps): PlanOut {
  const obstacles = d.obstacles ? { obstacles: d.obstacles } : {};
  const result = planRoute(request, { index: d.index, ...obstacles });
  if (!result.ok) return { result };
  return { result, plan: buildDeliveryPlan(result.route, { index: d.index, homeAmslM: d.groundAmslM, ...obstacles }) };
}
