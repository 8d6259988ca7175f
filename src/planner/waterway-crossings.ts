/**
 * Federal-waterway crossings (LuftVO §21h(3) Nr. 5 d): straight legs between two bank points just
 * outside the corridor (half-width + margin + 1 m), perpendicular to a centreline segment or
 * tilted by up to the rule's 20°. The search uses a candidate set — every CROSSING_SPACING_M along
 * the centreline, perpendicular and ±CROSSING_TILT_DEG — as special edges flown at the crossing
 * height; refine-crossings.ts then moves the chosen crossing continuously along the bank and in
 * tilt (within ±CROSSING_MAX_TILT_DEG).
 */
import type { CompiledVolume } from '../airspace/query/compiled.js';
import { WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG } from '../airspace/rules/category-rules.js';
import { CROSSING_SPACING_M } from './defaults.js';

/** Tilt of the oblique crossing candidates, degrees (2° inside the rule's tolerance). */
export const CROSSING_TILT_DEG = WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG - 2;
/** Largest tilt the refinement may choose, degrees (1° inside the rule's tolerance: the engine measures against the nearest axis segment). */
export const CROSSING_MAX_TILT_DEG = WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG - 1;

export interface CrossingCandidate {
  readonly zoneId: string;
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
  /** The corridor volume crossed, the distance along its centreline and the tilt (rad) of this crossing. */
  readonly volume: CompiledVolume;
  readonly alongM: number;
  readonly tiltRad: number;
}

/**
 * The crossing of a corridor volume at `alongM` metres along its centreline, tilted by `tiltRad`
 * from the perpendicular of the segment there; undefined outside the centreline or on a
 * zero-length segment.
 * @example
 * crossingAt(elbeVolume, 1250, 0, 20)?.ax; // → the south bank point, metres east
 */
export function crossingAt(volume: CompiledVolume, alongM: number, tiltRad: number, marginM: number): CrossingCandidate | undefined {
  const f = volume.foot;
  if (f.kind !== 'corridor' || !(alongM >= 0)) return undefined;
  const p = f.pts;
  let rest = alongM;
  for (let i = 0; i + 3 < p.length; i += 2) {
    const x0 = p[i]!, y0 = p[i + 1]!, x1 = p[i + 2]!, y1 = p[i + 3]!;
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (rest > len && i + 5 < p.length) { rest -= len; continue; }
    if (len === 0 || rest > len) return undefined;
    const ux = (x1 - x0) / len, uy = (y1 - y0) / len;
    const cx = x0 + ux * rest, cy = y0 + uy * rest;
    // direction: the left normal (-uy, ux) rotated by the tilt
    const c = Math.cos(tiltRad), s = Math.sin(tiltRad);
    const dx = -uy * c - ux * s, dy = ux * c - uy * s;
    const half = (f.hw + marginM + 1) / c;
    return { zoneId: volume.zone.id, ax: cx - dx * half, ay: cy - dy * half, bx: cx + dx * half, by: cy + dy * half, volume, alongM, tiltRad };
  }
  return undefined;
}

/** Length of a corridor volume's centreline, metres (0 for other footprints). */
export function centrelineLengthM(volume: CompiledVolume): number {
  const f = volume.foot;
  if (f.kind !== 'corridor') return 0;
  let s = 0;
  for (let i = 0; i + 3 < f.pts.length; i += 2) s += Math.hypot(f.pts[i + 2]! - f.pts[i]!, f.pts[i + 3]! - f.pts[i + 1]!);
  return s;
}

/**
 * Crossing candidates for the corridor volumes of one waterway zone.
 * @example
 * crossingCandidates(volumesOfHHW01, 20).length; // → several hundred
 */
export function crossingCandidates(vols: readonly CompiledVolume[], marginM: number): CrossingCandidate[] {
  const out: CrossingCandidate[] = [];
  const tilt = (CROSSING_TILT_DEG * Math.PI) / 180;
  for (const v of vols) {
    const f = v.foot;
    if (f.kind !== 'corridor') continue;
    const p = f.pts;
    let start = 0;
    for (let i = 0; i + 3 < p.length; i += 2) {
      const len = Math.hypot(p[i + 2]! - p[i]!, p[i + 3]! - p[i + 1]!);
      if (len === 0) continue;
      const k = Math.max(1, Math.floor(len / CROSSING_SPACING_M));
      for (let j = 0; j < k; j++) {
        for (const t of [0, tilt, -tilt]) {
          const c = crossingAt(v, start + ((j + 0.5) / k) * len, t, marginM);
          if (c) out.push(c);
        }
      }
      start += len;
    }
  }
  return out;
}
