import { toLocalXY } from '../../geo/to-local.js';
import type { LatLon } from '../../geo/types.js';
import type { HeightOptions, Position3D, Zone } from '../types.js';
import { containsXY } from './compiled.js';
import type { AirspaceIndex } from './create-index.js';
import { withinLimits } from './heights.js';

/** A zone that contains a position, with the volumes that do. */
export interface PointHit {
  readonly zone: Zone;
  readonly volumeIndices: readonly number[];
}

/**
 * Zones whose volumes contain `p` (horizontally and between their limits, boundaries inclusive).
 * Applicability (time) is not considered here: pass the hits to {@link evaluateZone}.
 * Ordered as the zones were given to the index.
 * @example
 * zonesAtPoint(index, { lat: 53.5914, lon: 9.9767, altAglM: 60 }, { groundAmslM: 10 })
 *   .map((h) => h.zone.id); // → ['HHA01', 'HHH01']
 */
export function zonesAtPoint(index: AirspaceIndex, p: Position3D, options: HeightOptions = {}): PointHit[] {
  const [x, y] = toLocalXY(index.frame, p.lon, p.lat);
  const candidates = index.tree.search({ minX: x, minY: y, maxX: x, maxY: y });
  const byZone = new Map<number, number[]>();
  for (const c of candidates) {
    if (!containsXY(c.foot, x, y)) continue;
    if (!withinLimits(c.volume.lower, c.volume.upper, p, options, c.zone)) continue;
    const list = byZone.get(c.zoneIndex) ?? [];
    list.push(c.volumeIndex);
    byZone.set(c.zoneIndex, list);
  }
  return [...byZone.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([zi, vols]) => ({ zone: index.zones[zi]!, volumeIndices: vols.sort((a, b) => a - b) }));
}

/**
 * The zones {@link zonesAtPoint} lists at any of the heights `altsAglM` over one place: one
 * horizontal query for a whole column (a landing point checked from the ground up to the return
 * height). Ordered as the zones were given to the index; throws where zonesAtPoint would (a
 * volume over the place whose height datum cannot be reached).
 * @example
 * zonesInColumn(index, { lat: 53.5914, lon: 9.9767 }, [0, 30, 60], { groundAmslM: 10 }).map((z) => z.id); // → ['HHA01', 'HHH01']
 */
export function zonesInColumn(index: AirspaceIndex, p: LatLon, altsAglM: readonly number[], options: HeightOptions = {}): Zone[] {
  const [x, y] = toLocalXY(index.frame, p.lon, p.lat);
  const hit = new Set<number>();
  for (const c of index.tree.search({ minX: x, minY: y, maxX: x, maxY: y })) {
    if (!containsXY(c.foot, x, y)) continue;
    for (const altAglM of altsAglM) {
      if (withinLimits(c.volume.lower, c.volume.upper, { lat: p.lat, lon: p.lon, altAglM }, options, c.zone)) hit.add(c.zoneIndex);
    }
  }
  return [...hit].sort((a, b) => a - b).map((zi) => index.zones[zi]!);
}
