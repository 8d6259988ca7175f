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
 * `temporary` are obstacles for this plan only (other deliveries' volumes, for a detour): planned
 * around, then dropped from the route's structure list and from the mission check.
 * @example
 * const { result, plan } = planAlone(request, { index, groundAmslM: 10 });
 */
export function planAlone(request: PlanRequest, d: PlanAloneDeps, temporary?: PlannerObstacles): PlanOut {
  const obstacles = d.obstacles ? { obstacles: d.obstacles } : {};
  const around = temporary ? { obstacles: { list: [...(d.obstacles?.list ?? []), ...temporary.list], clearance: temporary.clearance ?? d.obstacles?.clearance } } : obstacles;
  let result = planRoute(request, { index: d.index, ...around });
  if (!result.ok) return { result };
  if (temporary && result.route.obstacles) {
    const passed = result.route.obstacles.passed.filter((o) => !temporary.list.some((t) => t.id === o.id));
    result = { ...result, route: { ...result.route, obstacles: { ...result.route.obstacles, passed } } };
  }
  return { result, plan: buildDeliveryPlan(result.route, { index: d.index, homeAmslM: d.groundAmslM, ...obstacles }) };
}
