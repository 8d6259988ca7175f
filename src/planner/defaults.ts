/** Planner defaults in one place. Every value can be overridden through PlanOptions or the request. */
import type { LatLon, PlanOptions, PlanRequest, Terrain } from './types.js';

/** Extra clearance around every obstacle, metres. */
export const DEFAULT_SAFETY_MARGIN_M = 20;
/** Smallest margin the planner uses internally: zone boundaries are inclusive, so the route must never touch one. */
export const MIN_SAFETY_MARGIN_M = 0.5;
export const DEFAULT_CRUISE_FLOOR_AGL_M = 30;
export const DEFAULT_PREFERRED_CRUISE_AGL_M = 60;
export const DEFAULT_DROP_HEIGHT_AGL_M = 10;
/** Hover time for the payload release in drop-and-return, seconds. */
export const DEFAULT_DROP_HOVER_S = 10;
/** Height of a federal-waterway crossing (LuftVO §21h(3) Nr. 5 d demands ≥ 100 m AGL). */
export const WATERWAY_CROSSING_AGL_M = 105;
/** Height of an unavoidable nature-reserve overflight (Nr. 6 demands > 100 m AGL). */
export const NATURE_OVERFLIGHT_AGL_M = 110;
/** Hamburg lies at roughly 0–30 m AMSL; the default flat terrain. */
export const DEFAULT_GROUND_AMSL_M = 10;
/** Angular step of the circumscribed arcs around obstacle corners (10°: ≤ 0.26 % longer than the true arc). */
export const ARC_STEP_RAD = Math.PI / 18;
/** Spacing of candidate waterway crossings along the centreline, metres. */
export const CROSSING_SPACING_M = 100;

/**
 * A flat Terrain at a fixed elevation.
 * @example
 * flatTerrain(10).groundAmslM({ lat: 53.55, lon: 10 }); // → 10
 */
export function flatTerrain(groundAmslM: number = DEFAULT_GROUND_AMSL_M): Terrain {
  return { groundAmslM: (_p: LatLon) => groundAmslM };
}

/** PlanOptions with every default filled in. */
export interface ResolvedOptions {
  readonly safetyMarginM: number;
  readonly cruiseFloorAglM: number;
  readonly cruiseCeilingAglM: number;
  readonly preferredCruiseAglM: number;
  readonly dropHeightAglM: number;
  readonly dropHoverS: number;
}

/**
 * Fills in PlanOptions defaults; the ceiling never exceeds the operation profile's.
 * @example
 * resolveOptions(request).safetyMarginM; // → 20
 */
export function resolveOptions(req: PlanRequest): ResolvedOptions {
  const o: PlanOptions = req.options ?? {};
  const profileCeiling = req.profile.heightCeilingAglM;
  return {
    safetyMarginM: Math.max(MIN_SAFETY_MARGIN_M, o.safetyMarginM ?? DEFAULT_SAFETY_MARGIN_M),
    cruiseFloorAglM: o.cruiseFloorAglM ?? DEFAULT_CRUISE_FLOOR_AGL_M,
    cruiseCeilingAglM: Math.min(profileCeiling, o.cruiseCeilingAglM ?? profileCeiling),
    preferredCruiseAglM: o.preferredCruiseAglM ?? DEFAULT_PREFERRED_CRUISE_AGL_M,
    dropHeightAglM: o.dropHeightAglM ?? DEFAULT_DROP_HEIGHT_AGL_M,
    dropHoverS: o.dropHoverS ?? DEFAULT_DROP_HOVER_S,
  };
}
