import RBush from 'rbush';
import { createLocalFrame, type LocalFrame } from '../../geo/local-frame.js';
import type { LatLon } from '../../geo/types.js';
import type { Zone } from '../types.js';
import { compileZone, type CompiledVolume } from './compiled.js';

/**
 * A spatial index over zones in one local metric frame. Build once per data set with
 * {@link createAirspaceIndex}; queries never mutate it, so one index can serve many planners.
 */
export interface AirspaceIndex {
  readonly frame: LocalFrame;
  readonly zones: readonly Zone[];
  /** @internal */
  readonly tree: RBush<CompiledVolume>;
  /** @internal */
  readonly volumes: readonly CompiledVolume[];
}

/** Options for {@link createAirspaceIndex}. */
export interface IndexOptions {
  /** Origin of the local frame; default: centre of the zones' bounding box. */
  readonly origin?: LatLon;
}

function dataCentre(zones: readonly Zone[]): LatLon {
  let minLat = Infinity, maxLat = -Infinity, minLon = Infinity, maxLon = -Infinity;
  const add = (lon: number, lat: number): void => {
    minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
    minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
  };
  for (const z of zones) {
    for (const v of z.volumes) {
      const f = v.footprint;
      if (f.kind === 'circle') add(f.center[0], f.center[1]);
      else if (f.kind === 'corridor') f.centreline.forEach((p) => add(p[0], p[1]));
      else f.rings[0]?.forEach((p) => add(p[0], p[1]));
    }
  }
  if (!Number.isFinite(minLat)) return { lat: 53.55, lon: 10.0 };
  return { lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2 };
}

/**
 * Compiles zones into a local ENU frame and bulk-loads an R-tree of their volumes.
 * Throws ZONE_INVALID for a zone without usable geometry (imported zones are always valid).
 * @example
 * const { zones } = importEd269(json);
 * const index = createAirspaceIndex(zones);
 * zonesAtPoint(index, { lat: 53.5914, lon: 9.9767, altAglM: 60 }, { groundAmslM: 10 });
 */
export function createAirspaceIndex(zones: readonly Zone[], options: IndexOptions = {}): AirspaceIndex {
  const frame = createLocalFrame(options.origin ?? dataCentre(zones));
  const volumes = zones.flatMap((z, i) => compileZone(frame, z, i));
  const tree = new RBush<CompiledVolume>();
  tree.load(volumes);
  return { frame, zones, tree, volumes };
}

const byZoneCache = new WeakMap<AirspaceIndex, Map<Zone, CompiledVolume[]>>();

/**
 * The compiled volumes of one zone of the index, grouped once per index (an index never changes,
 * so this is derived data, not state that could go stale).
 * @internal
 * @example
 * volumesOfZone(index, index.zones[0]!).length; // → the zone's volume count
 */
export function volumesOfZone(index: AirspaceIndex, zone: Zone): readonly CompiledVolume[] {
  let m = byZoneCache.get(index);
  if (!m) {
    m = new Map();
    for (const v of index.volumes) {
      const list = m.get(v.zone);
      if (list) list.push(v); else m.set(v.zone, [v]);
    }
    byZoneCache.set(index, m);
  }
  return m.get(zone) ?? [];
}
