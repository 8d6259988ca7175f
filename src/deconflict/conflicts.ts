/**
 * When two volumes may not coexist (rule ids in docs/deconfliction.md):
 * - DECONFLICT-TIME: their time windows overlap (open intervals: one may start when the other ends);
 * - DECONFLICT-VERTICAL: their altitude bands are less than `verticalSeparationM` apart;
 * - DECONFLICT-HORIZONTAL: their footprints are less than `horizontalSeparationM` apart;
 * - DECONFLICT-CONTINGENCY: a Return line or column counts against another flight's nominal and
 *   off-nominal volumes, but two contingency volumes never conflict (two simultaneous failsafes in
 *   the same place are not planned for, as ASTM F3548 plans nominal volumes only).
 * Pure.
 */
import { footprintGap } from './footprint.js';
import type { DeconflictRules, Volume } from './types.js';

/** Spatial part of the test (delay-independent): the gaps when the two are too close, else undefined. */
export function spatialConflict(a: Volume, b: Volume, rules: DeconflictRules): { horizontalGapM: number; verticalGapM: number } | undefined {
  if (a.kind === 'contingency' && b.kind === 'contingency') return undefined;
  const verticalGapM = Math.max(a.altLowerAmslM, b.altLowerAmslM) - Math.min(a.altUpperAmslM, b.altUpperAmslM);
  if (verticalGapM >= rules.verticalSeparationM) return undefined;
  const horizontalGapM = footprintGap(a.footprint, b.footprint);
  if (horizontalGapM >= rules.horizontalSeparationM) return undefined;
  return { horizontalGapM, verticalGapM: Math.max(0, verticalGapM) };
}

/** Do the time windows overlap? */
export function timesOverlap(a: Volume, b: Volume): boolean {
  return a.tStartMs < b.tEndMs && b.tStartMs < a.tEndMs;
}

/**
 * Two volumes in conflict: the gaps, else undefined.
 * @example volumesConflict(a, b, DEFAULT_DECONFLICT_RULES)?.horizontalGapM
 */
export function volumesConflict(a: Volume, b: Volume, rules: DeconflictRules): { horizontalGapM: number; verticalGapM: number } | undefined {
  return timesOverlap(a, b) ? spatialConflict(a, b, rules) : undefined;
}
