/**
 * PX4 parameters that make a failsafe Return use the corridor's rally points at the height the
 * Return lines were checked at. Pure; each value comes with a one-line reason.
 */
import type { Route } from '../planner/types.js';

export interface RecommendedParam {
  readonly name: string;
  readonly value: number;
  readonly reason: string;
}

export interface RtlParamOptions {
  /** Height ceiling AGL of the operation (default the profile's, 120 m). */
  readonly ceilingAglM?: number;
  /** Height above the safe point from which PX4 lands (default 10 m, capped at the return height). */
  readonly descendAltM?: number;
}

/**
 * The Return height for a route: the lowest cruise height, so PX4 never climbs above the corridor's
 * band on Return (it keeps a higher current height, e.g. over a waterway crossed at ≥ 100 m).
 * @example returnAltitudeM(route) // → 60 for a route cruising at 60 m AGL
 */
export function returnAltitudeM(route: Pick<Route, 'legs'>): number {
  const cruise = route.legs.filter((l) => l.kind === 'cruise' || l.kind === 'return').flatMap((l) => [l.from.altAglM, l.to.altAglM]);
  const all = cruise.length ? cruise : route.legs.flatMap((l) => [l.from.altAglM, l.to.altAglM]);
  return Math.round(Math.max(...[Math.min(...all.filter((a) => a > 0)), 0].filter(Number.isFinite)));
}

/**
 * Recommended PX4 (v1.16) failsafe parameters for a delivery mission with corridor fence and rally points.
 * @example recommendRtlParams(route).find((p) => p.name === 'RTL_TYPE')?.value // → 0
 */
export function recommendRtlParams(route: Route, options: RtlParamOptions = {}): RecommendedParam[] {
  const ret = returnAltitudeM(route);
  const ceiling = options.ceilingAglM ?? route.request.profile.heightCeilingAglM ?? 120;
  const descend = Math.min(options.descendAltM ?? 10, ret);
  return [
    { name: 'RTL_TYPE', value: 0, reason: 'Return flies straight to the nearest of home and the rally points; the rally points are placed so every such line from the route is clear of obstacle zones' },
    { name: 'RTL_RETURN_ALT', value: ret, reason: `the lowest cruise height of the route (m above home): the height the Return lines were checked at; a higher current height is kept` },
    { name: 'RTL_DESCEND_ALT', value: descend, reason: 'height above the safe point at which PX4 stops and then lands' },
    { name: 'RTL_CONE_ANG', value: 0, reason: 'no return cone: PX4 never lowers the return height near the safe point, so it stays at the checked height' },
    { name: 'RTL_LAND_DELAY', value: 0, reason: 'land at the safe point at once instead of hovering over it' },
    { name: 'GF_ACTION', value: 3, reason: 'leaving the corridor fence triggers Return (to the nearest rally point), not Hold outside the corridor' },
    { name: 'GF_PREDICT', value: 0, reason: "test the fence at the vehicle's position: PX4 1.16's prediction (experimental) tests a point a worst-case braking distance (≈ 45 m at 10 m/s) ahead along the velocity, which leaves the corridor before every landing point and corner (docs/mission.md)" },
    { name: 'GF_MAX_VER_DIST', value: ceiling, reason: `vertical fence at the operation's ${ceiling} m ceiling above home (flat terrain)` },
    { name: 'NAV_DLL_ACT', value: 2, reason: 'on data-link loss Return along the same checked lines instead of holding (PX4 default 0 = disabled)' },
  ];
}
