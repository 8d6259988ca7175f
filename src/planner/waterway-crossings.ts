/**
 * Candidate federal-waterway crossings (LuftVO §21h(3) Nr. 5 d): straight legs between two bank
 * points just outside the corridor (half-width + margin), perpendicular to a centreline segment or
 * tilted by ±CROSSING_TILT_DEG (inside the rules engine's 20° tolerance), every CROSSING_SPACING_M
 * along the centreline. The search uses them as special edges flown at the crossing height.
 */
import type { CompiledVolume } from '../airspace/query/compiled.js';
import { WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG } from '../airspace/rules/category-rules.js';
import { CROSSING_SPACING_M } from './defaults.js';

/** Tilt of the oblique crossing candidates, degrees (2° inside the rule's tolerance). */
export const CROSSING_TILT_DEG = WATERWAY_MAX_DEVIATION_FROM_PERPENDICULAR_DEG - 2;

export interface CrossingCandidate {
  readonly zoneId: string;
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
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
    for (let i = 0; i + 3 < p.length; i += 2) {
      const x0 = p[i]!, y0 = p[i + 1]!, x1 = p[i + 2]!, y1 = p[i + 3]!;
      const len = Math.hypot(x1 - x0, y1 - y0);
      if (len === 0) continue;
      const ux = (x1 - x0) / len, uy = (y1 - y0) / len;
      const k = Math.max(1, Math.floor(len / CROSSING_SPACING_M));
      for (let j = 0; j < k; j++) {
        const s = ((j + 0.5) / k) * len;
        const cx = x0 + ux * s, cy = y0 + uy * s;
        for (const t of [0, tilt, -tilt]) {
          // direction: the left normal (-uy, ux) rotated by t
          const dx = -uy * Math.cos(t) - ux * Math.sin(t), dy = ux * Math.cos(t) - uy * Math.sin(t);
          const half = (f.hw + marginM + 1) / Math.cos(t);
          out.push({ zoneId: v.zone.id, ax: cx - dx * half, ay: cy - dy * half, bx: cx + dx * half, by: cy + dy * half });
        }
      }
    }
  }
  return out;
}
