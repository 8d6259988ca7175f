import { toLocalXY } from '../../geo/to-local.js';
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
