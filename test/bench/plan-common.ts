/**
 * Shared by the whole-plan bench and tools: one whole plan as POST /api/plan and `npm run plan`
 * make it — route search, mission, fence, rally points and Return checks, validation — timed in
 * parts, and seeded random Hamburg pairs.
 */
import type { AirspaceIndex, OperationProfile } from '../../src/airspace/index.js';
import { buildDeliveryPlan } from '../../src/mission/build-plan.js';
import { validateMission } from '../../src/mission/validate-mission.js';
import { flatTerrain, planRoute } from '../../src/planner/index.js';
import type { PlanRequest } from '../../src/planner/types.js';
import { mulberry32 } from '../../sim/protocol/mission-faults.js';

export interface WholePlanTiming {
  readonly ok: boolean; readonly code?: string; readonly routeMs: number; readonly missionMs: number; readonly validateMs: number; readonly totalMs: number;
  /** Process CPU time of the whole plan (less affected than wall time by other processes on a loaded machine). */
  readonly cpuMs: number;
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

const terrain = flatTerrain(10);

/** One whole plan, timed: route, then mission + fence + rally (buildDeliveryPlan), then validation. */
export function wholePlan(req: PlanRequest, index: AirspaceIndex, profile: OperationProfile): WholePlanTiming {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = planRoute(req, { index }, terrain);
  const t1 = performance.now();
  if (!r.ok) return { ok: false, code: r.refusal.code, routeMs: t1 - t0, missionMs: 0, validateMs: 0, totalMs: t1 - t0, cpuMs: cpuMs(c0) };
  let plan;
  try {
    plan = buildDeliveryPlan(r.route, { index, profile, homeAmslM: 10, terrain });
  } catch (e) {
    // a typed refusal of the mission (e.g. FENCE_LIMIT_EXCEEDED on a long synthetic detour) is an answer too
    const t = performance.now();
    return { ok: false, code: (e as { code?: string }).code ?? 'THROWN', routeMs: t1 - t0, missionMs: t - t1, validateMs: 0, totalMs: t - t0, cpuMs: cpuMs(c0) };
  }
  const t2 = performance.now();
  validateMission(plan.mission, index, profile, { homeAmslM: 10, groundSpeedMps: req.vehicle.cruiseSpeedMps, departAt: req.departAt ?? profile.departureTime, terrain });
  const t3 = performance.now();
  return { ok: true, routeMs: t1 - t0, missionMs: t2 - t1, validateMs: t3 - t2, totalMs: t3 - t0, cpuMs: cpuMs(c0) };
}

/** Seeded random pairs in Hamburg's box (53.45–53.65 N, 9.75–10.15 E). */
export function randomHamburgPairs(n: number, seed: number, base: Omit<PlanRequest, 'from' | 'to'>): PlanRequest[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => ({
    ...base,
    from: { lat: 53.45 + r() * 0.2, lon: 9.75 + r() * 0.4 }, to: { lat: 53.45 + r() * 0.2, lon: 9.75 + r() * 0.4 },
  }));
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
}
