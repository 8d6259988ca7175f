import { toGeodetic } from '../../geo/to-geodetic.js';
import { toLocalXY } from '../../geo/to-local.js';
import type { HeightOptions, Position3D, Zone } from '../types.js';
import { segmentIntervalsXY } from './compiled.js';
import type { AirspaceIndex } from './create-index.js';
import { clipByLimits } from './heights.js';

/** One passage of a 3-D segment through a zone. Distances are horizontal, from the segment start. */
export interface SegmentCrossing {
  readonly zone: Zone;
  readonly volumeIndices: readonly number[];
  readonly entryM: number;
  readonly exitM: number;
  readonly entry: Position3D;
  readonly exit: Position3D;
  /** Parameters along the segment (0 = start, 1 = end). */
  readonly t0: number;
  readonly t1: number;
}

function lerpPos(index: AirspaceIndex, a: Position3D, b: Position3D, ax: number, ay: number, bx: number, by: number, t: number): Position3D {
  const ll = toGeodetic(index.frame, { eastM: ax + (bx - ax) * t, northM: ay + (by - ay) * t });
  const pos: Position3D = { lat: ll.lat, lon: ll.lon, altAglM: a.altAglM + (b.altAglM - a.altAglM) * t };
  if (a.altAmslM !== undefined && b.altAmslM !== undefined) return { ...pos, altAmslM: a.altAmslM + (b.altAmslM - a.altAmslM) * t };
  return pos;
}

/** A passage without its entry and exit positions (see {@link crossingsOnSegment}). */
export type BareCrossing = Omit<SegmentCrossing, 'entry' | 'exit'>;

/**
 * The passages of {@link zonesOnSegment} without entry/exit positions, optionally only through
 * the zones `keep` accepts (by index in `index.zones`): a caller that needs only some zones skips
 * the others' geometry. The kept zones' passages are exactly zonesOnSegment's, in its order.
 * @internal
 * @example
 * crossingsOnSegment(index, a, b, { groundAmslM: 10 }, (zi) => blocking.has(zi)).map((c) => c.zone.id);
 */
export function crossingsOnSegment(index: AirspaceIndex, from: Position3D, to: Position3D, options: HeightOptions = {}, keep?: (zoneIndex: number) => boolean): BareCrossing[] {
  const [ax, ay] = toLocalXY(index.frame, from.lon, from.lat);
  const [bx, by] = toLocalXY(index.frame, to.lon, to.lat);
  const lenM = Math.hypot(bx - ax, by - ay);
  const candidates = index.tree.search({
    minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by),
  });
  const perZone = new Map<number, Array<{ t0: number; t1: number; vol: number }>>();
  for (const c of candidates) {
    if (keep && !keep(c.zoneIndex)) continue;
    for (const [h0, h1] of segmentIntervalsXY(c.foot, ax, ay, bx, by)) {
      const clipped = clipByLimits(h0, h1, c.volume.lower, c.volume.upper, from, to, options, c.zone);
      if (!clipped) continue;
      const list = perZone.get(c.zoneIndex) ?? [];
      list.push({ t0: clipped[0], t1: clipped[1], vol: c.volumeIndex });
      perZone.set(c.zoneIndex, list);
    }
  }
  const out: BareCrossing[] = [];
  for (const [zi, list] of perZone) {
    list.sort((p, q) => p.t0 - q.t0);
    let cur: { t0: number; t1: number; vols: Set<number> } | undefined;
    const flush = (): void => {
      if (!cur) return;
      out.push({
        zone: index.zones[zi]!,
        volumeIndices: [...cur.vols].sort((p, q) => p - q),
        t0: cur.t0,
        t1: cur.t1,
        entryM: cur.t0 * lenM,
        exitM: cur.t1 * lenM,
      });
    };
    for (const iv of list) {
      if (cur && iv.t0 <= cur.t1 + 1e-12) {
        cur.t1 = Math.max(cur.t1, iv.t1);
        cur.vols.add(iv.vol);
      } else {
        flush();
        cur = { t0: iv.t0, t1: iv.t1, vols: new Set([iv.vol]) };
      }
    }
    flush();
  }
  return out.sort((p, q) => p.entryM - q.entryM || p.zone.id.localeCompare(q.zone.id));
}

/**
 * Whether `visit` accepts some piece of the segment inside a kept zone — a piece is one volume's
 * interval [t0, t1] after its height limits clipped it, exactly as {@link crossingsOnSegment}
 * computes them before merging per zone — stopping at the first it accepts. Volumes come in no
 * particular order. A yes/no question ("does any crossing block?") needs no merged passages, entry
 * positions or sorting, and stops at its first answer. `xy` may give the ends' local coordinates
 * (exactly toLocalXY's) when the caller keeps them.
 * @internal
 * @example
 * anyCrossingPiece(index, a, b, { groundAmslM: 10 }, (zi) => blocking.has(zi), (zi, t0, t1) => t1 > t0); // → true if a blocking zone is entered
 */
export function anyCrossingPiece(
  index: AirspaceIndex, from: Position3D, to: Position3D, options: HeightOptions, keep: (zoneIndex: number) => boolean,
  visit: (zoneIndex: number, t0: number, t1: number) => boolean, xy?: ArrayLike<number>,
): boolean {
  // `xy`: [ax, ay, bx, by] as toLocalXY gives them, when the caller keeps them (a Return line's ends are route samples)
  const e = xy ?? [...toLocalXY(index.frame, from.lon, from.lat), ...toLocalXY(index.frame, to.lon, to.lat)];
  const ax = e[0]!, ay = e[1]!, bx = e[2]!, by = e[3]!;
  const candidates = index.tree.search({
    minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by),
  });
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k]!;
    if (!keep(c.zoneIndex)) continue;
    const pieces = segmentIntervalsXY(c.foot, ax, ay, bx, by);
    for (let i = 0; i < pieces.length; i++) {
      const clipped = clipByLimits(pieces[i]![0], pieces[i]![1], c.volume.lower, c.volume.upper, from, to, options, c.zone);
      if (clipped && visit(c.zoneIndex, clipped[0], clipped[1])) return true;
    }
  }
  return false;
}

/**
 * Zones a straight 3-D segment passes through, with entry and exit distances. Height varies
 * linearly from `from` to `to`; a zone's limits clip each horizontal passage, so climbing out of a
 * 0–120 m AGL zone ends the passage where the track crosses 120 m. Passages through several
 * volumes of one zone are merged. Sorted by entry distance.
 * @example
 * zonesOnSegment(index, { lat: 53.5914, lon: 9.9767, altAglM: 80 }, { lat: 53.5592, lon: 10.0181, altAglM: 80 }, { groundAmslM: 10 })
 *   .map((c) => [c.zone.id, Math.round(c.entryM), Math.round(c.exitM)]);
 * // → [['HHA01', 0, 4490], ['HHH01', 0, 450], ['HHH02', 4190, 4490]]
 */
export function zonesOnSegment(index: AirspaceIndex, from: Position3D, to: Position3D, options: HeightOptions = {}): SegmentCrossing[] {
  const [ax, ay] = toLocalXY(index.frame, from.lon, from.lat);
  const [bx, by] = toLocalXY(index.frame, to.lon, to.lat);
  return crossingsOnSegment(index, from, to, options).map((c) => ({
    ...c, entry: lerpPos(index, from, to, ax, ay, bx, by, c.t0), exit: lerpPos(index, from, to, ax, ay, bx, by, c.t1),
  }));
}
