import type { RuleId } from '../rule-ids.js';
import type { Zone } from '../types.js';

/** What a rule says about entering a zone. Ordered from harmless to blocking. */
export type DecisionKind = 'inactive' | 'free' | 'conditional' | 'obstacle';

export const DECISION_SEVERITY: Readonly<Record<DecisionKind, number>> = { inactive: 0, free: 1, conditional: 2, obstacle: 3 };

/**
 * A condition under which a conditional zone may be entered. Geometric ones are checked against a
 * passage ({@link PassageFacts}); `attestation`s are facts only the pilot can confirm.
 */
export type Condition =
  /** Height AGL at least `valueM` (strictly above when `strict`) throughout the passage. */
  | { readonly kind: 'minAltAglM'; readonly valueM: number; readonly strict: boolean }
  /** Height AGL at most `valueM` throughout the passage. */
  | { readonly kind: 'maxAltAglM'; readonly valueM: number }
  /** Nr. 5 (c): height AGL always below the lateral distance to the infrastructure, which stays > `minLateralM`. */
  | { readonly kind: 'altBelowLateralDistance'; readonly minLateralM: number }
  /** Nr. 5 (d): cross on the shortest path — within `maxDeviationDeg` of perpendicular to the feature's axis. */
  | { readonly kind: 'perpendicularCrossing'; readonly maxDeviationDeg: number }
  /** Not inside the daily local window `startTime`–`endTime` (e.g. 22:00–06:00 for Nr. 7). */
  | { readonly kind: 'notDuringLocalHours'; readonly startTime: string; readonly endTime: string; readonly timeZone: string }
  /** Something the pilot/operator must confirm. */
  | { readonly kind: 'attestation'; readonly id: string; readonly text: string };

/** One way to satisfy a conditional rule (e.g. option (c) of Nr. 5); all its conditions must hold. */
export interface ConditionOption {
  readonly id: string;
  readonly label: string;
  readonly conditions: readonly Condition[];
}

/** One rule's decision about one zone. */
export interface RuleDecision {
  readonly kind: DecisionKind;
  readonly ruleId: RuleId;
  readonly zoneId?: string;
  /** A sentence a pilot understands, saying what to do. */
  readonly sentence: string;
  /** For `conditional`: any one option suffices. */
  readonly options?: readonly ConditionOption[];
  /** For `free`: what made it free (`consent`, `specific-category`, `atc-clearance`, option id …). */
  readonly basis?: string;
}

/** All rule decisions for one zone, combined: the worst decision wins. */
export interface ZoneVerdict {
  readonly zoneId: string;
  readonly zone: Zone;
  readonly kind: DecisionKind;
  readonly decisions: readonly RuleDecision[];
}

/**
 * Geometry and timing of one passage through a zone, computed by {@link routeConstraints}
 * (or by a conformance monitor from live telemetry).
 */
export interface PassageFacts {
  readonly minAltAglM: number;
  readonly maxAltAglM: number;
  /** Smallest lateral distance to the infrastructure itself (zone buffer − depth), metres. */
  readonly minLateralDistanceM?: number;
  /** Smallest (lateral distance − altAglM) over the passage; > 0 means height stayed below distance. */
  readonly minLateralMarginM?: number;
  /** Angle between track and the feature's axis, 0–90°. */
  readonly crossingAngleDeg?: number;
  /** Epoch ms at entry and exit. */
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The worst of several decision kinds.
 * @example
 * worstKind(['free', 'conditional']); // → 'conditional'
 */
export function worstKind(kinds: readonly DecisionKind[]): DecisionKind {
  let w: DecisionKind = 'inactive';
  for (const k of kinds) if (DECISION_SEVERITY[k] > DECISION_SEVERITY[w]) w = k;
  return w;
}
