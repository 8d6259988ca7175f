/**
 * The planner's contract: what goes in, what comes out. Shared by src/planner (which builds
 * routes), src/mission (which turns a Route into mission items, fence and rally points) and the
 * service. Pure data; heights carry their reference in the name.
 */
import type { OperationProfile } from '../airspace/profile.js';
import type { RuleDecision, ZoneVerdict } from '../airspace/index.js';

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** missions/vehicles/*.json */
export interface VehicleProfile {
  readonly id: string;
  readonly name: string;
  readonly cruiseSpeedMps: number;
  readonly climbRateMps: number;
  readonly descentRateMps: number;
  readonly batteryWh: number;
  readonly hoverPowerW: number;
  readonly cruisePowerW: number;
  readonly climbPowerW: number;
  /** Strongest steady wind the vehicle may fly in. */
  readonly maxWindMps: number;
  /** Energy that must remain at landing, % of batteryWh. */
  readonly reservePct: number;
}

export interface Wind {
  readonly speedMps: number;
  /** Direction the wind blows FROM, degrees true (meteorological convention: 270 = westerly). */
  readonly fromDeg: number;
}

export type DeliveryMode = 'land' | 'drop-and-return';

/** Ground elevation behind an interface so real terrain can replace the flat default. */
export interface Terrain {
  groundAmslM(p: LatLon): number;
}

export interface PlanRequest {
  readonly from: LatLon;
  readonly to: LatLon;
  /** ISO 8601; default: the operation profile's departure time. */
  readonly departAt?: string;
  readonly vehicle: VehicleProfile;
  readonly profile: OperationProfile;
  readonly mode: DeliveryMode;
  readonly wind?: Wind;
  readonly options?: PlanOptions;
}

export interface PlanOptions {
  /** Extra clearance around obstacles, metres (default 20). */
  readonly safetyMarginM?: number;
  /** Cruise height bounds above ground (default floor 30, ceiling = profile ceiling, 120). */
  readonly cruiseFloorAglM?: number;
  readonly cruiseCeilingAglM?: number;
  /** Preferred cruise height when no rule demands more (default 60 m AGL). */
  readonly preferredCruiseAglM?: number;
  /** Height of the payload release hover in drop-and-return (default 10 m AGL). */
  readonly dropHeightAglM?: number;
  /** Hover time for the payload release in drop-and-return, seconds (default 10). Added by the planner, optional. */
  readonly dropHoverS?: number;
  /** Geoid undulation N (m) for zones with WGS84 (ellipsoidal) limits; without it such zones throw HEIGHT_REFERENCE_MISSING. Optional. */
  readonly geoidUndulationM?: number;
}

/** One straight 3-D leg. Heights AGL over the Terrain; positions WGS84. */
export interface Leg {
  readonly kind: 'climb' | 'cruise' | 'descent' | 'hover' | 'return';
  readonly from: LatLon & { readonly altAglM: number };
  readonly to: LatLon & { readonly altAglM: number };
  readonly horizontalM: number;
  readonly groundSpeedMps: number;
  readonly durationS: number;
  readonly energyWh: number;
  /** Seconds after departure at the leg's start. */
  readonly startS: number;
}

export interface ZoneTouch {
  readonly zoneId: string;
  readonly zoneName: string;
  readonly legIndex: number;
  readonly entryM: number;
  readonly exitM: number;
  readonly verdict: ZoneVerdict;
}

export interface Route {
  readonly request: PlanRequest;
  readonly legs: readonly Leg[];
  /** Index of the leg at whose end the payload is released / the vehicle lands at the destination. */
  readonly deliveryLegIndex: number;
  readonly distanceM: number;
  readonly durationS: number;
  readonly energyWh: number;
  /** Battery left at the final landing, % of batteryWh. */
  readonly reservePct: number;
  /** drop-and-return: distance along the route after which the vehicle could no longer return home with the reserve. */
  readonly pointOfNoReturnM?: number;
  readonly zones: readonly ZoneTouch[];
  readonly ceiling: readonly RuleDecision[];
  readonly warnings: readonly string[];
  /** Vertical obstacles (src/obstacles): the clearance kept and the structures near the route, in route order. */
  readonly obstacles?: { readonly clearance: { readonly horizontalM: number; readonly verticalM: number }; readonly passed: readonly RouteObstacle[] };
  /** The route as GeoJSON: a LineString feature, properties.kind = "route", coordinates [lon, lat, heightAglM]. */
  readonly geojson: GeoJSON.FeatureCollection;
}

/** A structure near the route: where along it, how far to the side, and whether it reaches the leg's height band. */
export interface RouteObstacle {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly topAglM: number;
  readonly legIndex: number;
  readonly alongM: number;
  /** Horizontal distance from the leg to the footprint. */
  readonly horizontalM: number;
  readonly altAglM: number;
  /** Top + vertical clearance above the leg's height: the horizontal clearance applies. */
  readonly inBand: boolean;
}

/** A refusal: stable code, the rule and zone that decided it, a sentence a pilot understands. */
export interface PlanRefusal {
  readonly code: string;
  readonly message: string;
  readonly ruleId?: string;
  readonly zoneId?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type PlanResult = { readonly ok: true; readonly route: Route } | { readonly ok: false; readonly refusal: PlanRefusal };
