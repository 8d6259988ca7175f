/**
 * Strategic resolution of a new intent's conflicts, in the order of preference the operator asked
 * for: (1) the earliest later departure that is free (exact: every spatially conflicting pair of
 * volumes forbids one open interval of delays; the first delay outside all of them, within
 * maxDelayS), (2) another cruise height band (the plan re-made at that height by the caller),
 * (3) a lateral detour (the caller's, optional), else (4) a refusal naming the conflicting delivery,
 * its volume and the time of the conflict. Each outcome carries a sentence saying why. Pure, as
 * long as the callbacks are (the service passes the pure planner).
 */
import { delayIntent } from './build-intent.js';
import type { IntentIndex } from './intent-index.js';
import type { Conflict, OperationalIntent } from './types.js';

export interface Alternatives {
  /** The same delivery re-planned with this cruise height, or undefined when that is not legal. */
  atHeight?: (cruiseAglM: number) => OperationalIntent | undefined;
  /** The same delivery re-planned around the conflicting volumes, or undefined. */
  detour?: (conflicts: readonly Conflict[]) => OperationalIntent | undefined;
}

export type Resolution =
  | { readonly kind: 'clear'; readonly intent: OperationalIntent; readonly explanation: string }
  | { readonly kind: 'delayed'; readonly intent: OperationalIntent; readonly delayS: number; readonly conflicts: readonly Conflict[]; readonly explanation: string }
  | { readonly kind: 'height'; readonly intent: OperationalIntent; readonly cruiseAglM: number; readonly conflicts: readonly Conflict[]; readonly explanation: string }
  | { readonly kind: 'detour'; readonly intent: OperationalIntent; readonly conflicts: readonly Conflict[]; readonly explanation: string }
  | { readonly kind: 'refused'; readonly conflicts: readonly Conflict[]; readonly explanation: string };

const hhmmss = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/** "leg 2 cruise at 60 m AGL would come within 12 m of delivery d7's leg 1 cruise … between 10:01:00 and 10:03:30 UTC" */
export function describeConflict(c: Conflict): string {
  const where = c.horizontalGapM === 0 ? 'overlap' : `come within ${c.horizontalGapM.toFixed(0)} m horizontally of`;
  const verb = c.horizontalGapM === 0 ? `would overlap` : `would ${where}`;
  const vertical = c.verticalGapM > 0 ? ` with only ${c.verticalGapM.toFixed(0)} m vertical separation` : '';
  return `${c.volume.label} ${verb} delivery ${c.otherId}'s ${c.other.label} (${c.otherState})${vertical} between ${hhmmss(c.fromMs)} and ${hhmmss(c.toMs)} UTC`;
}

function summary(conflicts: readonly Conflict[]): string {
  const others = [...new Set(conflicts.map((c) => c.otherId))];
  return `${describeConflict(conflicts[0]!)}${conflicts.length > 1 ? ` (${conflicts.length} conflicting volume pairs with ${others.length} deliver${others.length > 1 ? 'ies' : 'y'}: ${others.join(', ')})` : ''}`;
}

/**
 * The earliest delay (s, a multiple of delayStepS) at which `intent` is free, or undefined within maxDelayS.
 * @example earliestFreeDelayS(index, intent) // 250
 */
export function earliestFreeDelayS(index: IntentIndex, intent: OperationalIntent): number | undefined {
  const { maxDelayS, delayStepS } = index.rules;
  const blocked = index.blockedDelays(intent, maxDelayS).sort((a, b) => a.fromS - b.fromS);
  let d = 0;
  for (let moved = true; moved; ) {
    moved = false;
    for (const b of blocked) {
      if (b.fromS < d + 1e-9 && d < b.toS) {
        d = Math.ceil((b.toS + 1e-6) / delayStepS) * delayStepS;
        moved = true;
      }
    }
    if (d > maxDelayS) return undefined;
  }
  return d;
}

/**
 * Check a new intent and resolve its conflicts.
 * @example
 * const r = resolveConflicts(index, intent, { atHeight: (h) => replan(h) });
 * if (r.kind === 'refused') throw new DeconflictError('INTENT_CONFLICT', r.explanation);
 */
export function resolveConflicts(index: IntentIndex, intent: OperationalIntent, alternatives: Alternatives = {}): Resolution {
  const conflicts = index.conflicts(intent);
  if (conflicts.length === 0) return { kind: 'clear', intent, explanation: `no conflict with the ${index.size} live intent(s)` };
  const why = summary(conflicts);
  const delayS = earliestFreeDelayS(index, intent);
  if (delayS !== undefined) {
    const delayed = delayIntent(intent, delayS);
    const m = Math.floor(delayS / 60);
    return { kind: 'delayed', intent: delayed, delayS, conflicts, explanation: `departure moved ${m ? `${m} min ` : ''}${delayS % 60} s later, to ${hhmmss(delayed.departAtMs)} UTC (the earliest free departure): at the requested time ${why}` };
  }
  const after = `no departure within ${Math.round(index.rules.maxDelayS / 60)} min is free`;
  for (const band of index.rules.cruiseBandsAglM) {
    if (band === intent.cruiseAglM || !alternatives.atHeight) continue;
    const alt = alternatives.atHeight(band);
    if (alt && index.conflicts(alt).length === 0) {
      return { kind: 'height', intent: alt, cruiseAglM: band, conflicts, explanation: `cruise moved from ${intent.cruiseAglM} m to ${band} m AGL (${after} at ${intent.cruiseAglM} m): ${why}` };
    }
  }
  const detour = alternatives.detour?.(conflicts);
  if (detour && index.conflicts(detour).length === 0) {
    return { kind: 'detour', intent: detour, conflicts, explanation: `route moved sideways around the conflicting volumes (${after}, and no other height band is free): ${why}` };
  }
  return { kind: 'refused', conflicts, explanation: `refused: ${after}, no other cruise band (${index.rules.cruiseBandsAglM.join('/')} m AGL) is free${alternatives.detour ? ' and no detour is free' : ''}: ${why}` };
}
