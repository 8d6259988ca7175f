/** Request checks that need no airspace: coordinates, vehicle numbers, mode, wind, heights. */
import type { PlanRequest } from './types.js';

const finitePos = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x > 0;

/**
 * The first problem with a request, as a sentence naming the field; undefined when it is usable.
 * @example
 * requestProblem({ ...req, vehicle: { ...req.vehicle, batteryWh: -1 } }); // → 'vehicle.batteryWh must be a positive number …'
 */
export function requestProblem(req: PlanRequest): string | undefined {
  const pos = (name: string, p: unknown): string | undefined => {
    const q = p as { lat?: unknown; lon?: unknown } | undefined;
    if (!q || typeof q.lat !== 'number' || typeof q.lon !== 'number' || !Number.isFinite(q.lat) || !Number.isFinite(q.lon) || Math.abs(q.lat) > 90 || Math.abs(q.lon) > 180) {
      return `${name} must be {lat, lon} in WGS84 degrees (lat within ±90, lon within ±180)`;
    }
    return undefined;
  };
  const bad = pos('from', req.from) ?? pos('to', req.to);
  if (bad) return bad;
  const p = req.profile as unknown as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object' || typeof p['heightCeilingAglM'] !== 'number' || !Array.isArray(p['consents'])) {
    return 'profile must be an operation profile from parseOperationProfile (src/airspace/profile.ts)';
  }
  const v = req.vehicle as unknown as Record<string, unknown> | undefined;
  if (!v) return 'vehicle is missing; load one of missions/vehicles/*.json';
  for (const k of ['cruiseSpeedMps', 'climbRateMps', 'descentRateMps', 'batteryWh', 'hoverPowerW', 'cruisePowerW', 'climbPowerW', 'maxWindMps']) {
    if (!finitePos(v[k])) return `vehicle.${k} must be a positive number (got ${JSON.stringify(v[k])})`;
  }
  const reserve = v['reservePct'];
  if (typeof reserve !== 'number' || !(reserve >= 0 && reserve < 100)) return `vehicle.reservePct must be a number in [0, 100) (got ${JSON.stringify(reserve)})`;
  if (req.mode !== 'land' && req.mode !== 'drop-and-return') return `mode must be 'land' or 'drop-and-return' (got ${JSON.stringify(req.mode)})`;
  if (req.wind) {
    const w = req.wind;
    if (!(Number.isFinite(w.speedMps) && w.speedMps >= 0) || !Number.isFinite(w.fromDeg)) return 'wind must be {speedMps ≥ 0, fromDeg} (direction the wind blows from, degrees true)';
  }
  const at = req.departAt ?? req.profile?.departureTime;
  if (typeof at !== 'string' || !Number.isFinite(Date.parse(at))) return `departAt must be an ISO 8601 instant (got ${JSON.stringify(at)})`;
  const o = req.options ?? {};
  for (const k of ['safetyMarginM', 'cruiseFloorAglM', 'cruiseCeilingAglM', 'preferredCruiseAglM', 'dropHeightAglM', 'dropHoverS'] as const) {
    const x = o[k];
    if (x !== undefined && !(typeof x === 'number' && Number.isFinite(x) && x >= 0)) return `options.${k} must be a number ≥ 0 (got ${JSON.stringify(x)})`;
  }
  if (o.geoidUndulationM !== undefined && !Number.isFinite(o.geoidUndulationM)) return 'options.geoidUndulationM must be a finite number of metres';
  return undefined;
}
