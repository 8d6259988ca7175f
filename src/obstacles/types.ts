/**
 * Vertical obstacles (towers, spires, cranes, wind turbines, bridge pylons): the model shared by
 * the importers, the planner, mission validation, conformance and the map. Pure data; heights
 * carry their reference. See docs/obstacles.md.
 */

/**
 * Structure types: the AIXM 5.1 CodeVerticalStructureType values elbflug's data uses (an eTOD set's
 * other values are kept as OTHER with a warning).
 */
export const OBSTACLE_TYPES = [
  'TOWER', 'ANTENNA', 'SPIRE', 'BUILDING', 'CRANE', 'WINDMILL', 'BRIDGE', 'CHIMNEY', 'STACK', 'POLE',
  'LIGHTHOUSE', 'MONUMENT', 'TRANSMISSION_LINE', 'OTHER',
] as const;
export type ObstacleType = (typeof OBSTACLE_TYPES)[number];

/**
 * A point with a radius (a mast, a spire), a polygon ring of `[lon, lat]` (a building, a crane's
 * swing) or a line of `[lon, lat]` with a half-width (a power line's span: conductors and their
 * sway; the clearance is kept from that corridor).
 */
export type ObstacleFootprint =
  | { readonly kind: 'point'; readonly lat: number; readonly lon: number; readonly radiusM: number }
  | { readonly kind: 'polygon'; readonly ring: readonly (readonly [number, number])[] }
  | { readonly kind: 'line'; readonly path: readonly (readonly [number, number])[]; readonly radiusM: number };

export interface ObstacleTop {
  readonly heightM: number;
  /** AGL: height above the ground at the structure; AMSL: elevation of its top (needs terrain). */
  readonly ref: 'AGL' | 'AMSL';
}

export interface Obstacle {
  readonly id: string;
  readonly name: string;
  readonly type: ObstacleType;
  readonly footprint: ObstacleFootprint;
  readonly top: ObstacleTop;
  /** true/false when the data says; undefined when it does not. */
  readonly lighted?: boolean;
  /** Where the record comes from (data set title, eTOD provider, survey). */
  readonly source: string;
  /** ISO instants; start inclusive, end exclusive; absent = open. Cranes come and go. */
  readonly validFrom?: string;
  readonly validTo?: string;
}

/**
 * Anything that can list obstacles: a file, a database table, a live eTOD feed. The planner and
 * the service only see this interface.
 */
export interface ObstacleSource {
  readonly id: string;
  obstacles(): readonly Obstacle[];
}

/**
 * A source over a fixed list.
 * @example
 * staticObstacleSource('hamburg', result.obstacles).obstacles().length; // → 24
 */
export function staticObstacleSource(id: string, list: readonly Obstacle[]): ObstacleSource {
  const frozen = [...list];
  return { id, obstacles: () => frozen };
}

/** Horizontal and vertical clearance around every obstacle, metres. */
export interface ObstacleClearance {
  readonly horizontalM: number;
  readonly verticalM: number;
}

export const DEFAULT_OBSTACLE_CLEARANCE: ObstacleClearance = { horizontalM: 50, verticalM: 50 };

/** Rule id of every obstacle decision (plan, mission check, conformance). */
export const OBSTACLE_RULE_ID = 'OBSTACLE-CLEARANCE';

/**
 * Whether the obstacle exists at some moment of [fromMs, toMs].
 * @example
 * isObstacleValidDuring({ ...o, validTo: '2026-01-01T00:00:00Z' }, Date.parse('2026-05-04T08:00:00Z'), Infinity); // → false
 */
export function isObstacleValidDuring(o: Obstacle, fromMs: number, toMs: number): boolean {
  const start = o.validFrom !== undefined ? Date.parse(o.validFrom) : -Infinity;
  const end = o.validTo !== undefined ? Date.parse(o.validTo) : Infinity;
  return start <= toMs && end > fromMs;
}

/**
 * The obstacle's top above the ground at it, metres.
 * @example
 * topAglM({ ...tower, top: { heightM: 290, ref: 'AMSL' } }, 10); // → 280
 */
export function topAglM(o: Obstacle, groundAmslM: number): number {
  return o.top.ref === 'AGL' ? o.top.heightM : o.top.heightM - groundAmslM;
}

/** A representative position (point, or the ring's or line's vertex mean) for terrain look-ups and labels. */
export function obstacleCentre(o: Obstacle): { lat: number; lon: number } {
  const f = o.footprint;
  if (f.kind === 'point') return { lat: f.lat, lon: f.lon };
  const pts = f.kind === 'polygon' ? f.ring : f.path;
  const n = f.kind === 'polygon' && pts.length > 1 ? pts.length - 1 : pts.length;
  let lon = 0, lat = 0;
  for (let i = 0; i < n; i++) { lon += pts[i]![0]; lat += pts[i]![1]; }
  return { lat: lat / n, lon: lon / n };
}
