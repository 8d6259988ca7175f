import { inDailyPeriod } from '../is-active-at.js';
import type { Condition, ConditionOption, PassageFacts, RuleDecision } from './decision.js';

type Status = { ok: true; attest: boolean } | { ok: false; why: string };

const STEP_MS = 60_000;

function duringLocalHours(c: Extract<Condition, { kind: 'notDuringLocalHours' }>, f: PassageFacts): boolean {
  const p = { days: [], startTime: c.startTime, endTime: c.endTime, timeZone: c.timeZone };
  for (let t = f.fromMs; t < f.toMs; t += STEP_MS) if (inDailyPeriod(p, t)) return true;
  return inDailyPeriod(p, f.toMs);
}

const r1 = (x: number): string => (Math.round(x * 10) / 10).toString();

/**
 * Checks one condition against a passage. Geometric conditions are decided; attestations stay open.
 * @example
 * checkCondition({ kind: 'minAltAglM', valueM: 100, strict: false }, facts); // → { ok: true, attest: false }
 */
export function checkCondition(c: Condition, f: PassageFacts): Status {
  switch (c.kind) {
    case 'minAltAglM':
      return (c.strict ? f.minAltAglM > c.valueM : f.minAltAglM >= c.valueM)
        ? { ok: true, attest: false }
        : { ok: false, why: `height drops to ${r1(f.minAltAglM)} m AGL (needs ${c.strict ? 'more than' : 'at least'} ${c.valueM} m)` };
    case 'maxAltAglM':
      return f.maxAltAglM <= c.valueM ? { ok: true, attest: false } : { ok: false, why: `height reaches ${r1(f.maxAltAglM)} m AGL (limit ${c.valueM} m)` };
    case 'altBelowLateralDistance':
      if (f.minLateralDistanceM === undefined || f.minLateralMarginM === undefined) {
        return { ok: false, why: 'lateral distance to the infrastructure is unknown for this zone geometry' };
      }
      if (f.minLateralDistanceM <= c.minLateralM) return { ok: false, why: `track comes within ${r1(Math.max(0, f.minLateralDistanceM))} m of the infrastructure (needs > ${c.minLateralM} m)` };
      return f.minLateralMarginM > 0 ? { ok: true, attest: false } : { ok: false, why: `height exceeds the lateral distance by up to ${r1(-f.minLateralMarginM)} m` };
    case 'perpendicularCrossing':
      if (f.crossingAngleDeg === undefined) return { ok: false, why: 'crossing angle unknown for this zone geometry' };
      return f.crossingAngleDeg >= 90 - c.maxDeviationDeg
        ? { ok: true, attest: false }
        : { ok: false, why: `crossing angle ${Math.round(f.crossingAngleDeg)}° is not the shortest path (needs ≥ ${90 - c.maxDeviationDeg}°)` };
    case 'notDuringLocalHours':
      return duringLocalHours(c, f) ? { ok: false, why: `passage falls between ${c.startTime} and ${c.endTime} local time` } : { ok: true, attest: false };
    case 'attestation':
      return { ok: true, attest: true };
  }
}

/**
 * Resolves a conditional decision against a concrete passage: `free` when an option is fully met
 * by geometry, `conditional` (only attestations left) when one could be met, `obstacle` otherwise.
 * Non-conditional decisions pass through unchanged.
 * @example
 * resolvePassage(decision, { minAltAglM: 110, maxAltAglM: 110, crossingAngleDeg: 85, fromMs, toMs });
 */
export function resolvePassage(d: RuleDecision, f: PassageFacts): RuleDecision {
  if (d.kind !== 'conditional' || !d.options) return d;
  const open: ConditionOption[] = [];
  const reasons: string[] = [];
  for (const opt of d.options) {
    const st = opt.conditions.map((c) => ({ c, s: checkCondition(c, f) }));
    const failed = st.filter((x) => !x.s.ok).map((x) => (x.s as { why: string }).why);
    if (failed.length > 0) {
      reasons.push(`option (${opt.id}) ${opt.label}: ${failed.join('; ')}`);
      continue;
    }
    const attest = st.filter((x) => x.s.ok && x.s.attest).map((x) => x.c);
    if (attest.length === 0) {
      return { kind: 'free', ruleId: d.ruleId, zoneId: d.zoneId, basis: opt.id, sentence: `${d.sentence.split(':')[0]}: permitted for this passage under option (${opt.id}) ${opt.label} (${d.ruleId}).` };
    }
    open.push({ ...opt, conditions: attest });
  }
  if (open.length > 0) {
    const list = open.map((o) => `(${o.id}) ${o.conditions.map((c) => (c.kind === 'attestation' ? c.text : c.kind)).join('; ')}`).join(' or ');
    return { ...d, options: open, sentence: `${d.sentence.split(':')[0]}: passage geometry is fine; confirm ${list} (${d.ruleId}).` };
  }
  return { kind: 'obstacle', ruleId: d.ruleId, zoneId: d.zoneId, sentence: `${d.sentence.split(':')[0]}: this passage is not permitted — ${reasons.join(' | ')}; change height or track, or get consent (${d.ruleId}).` };
}

/**
 * What is known of a passage from a part of it (a piece of the segment inside one volume, before
 * the pieces of a zone are merged): the whole passage flies at least as low and as high, and comes
 * at least as near the infrastructure (lateral distance and margin at most these; undefined =
 * unknown).
 */
export interface PassagePart {
  readonly minAltAglM: number;
  readonly maxAltAglM: number;
  readonly minLateralDistanceM?: number;
  readonly minLateralMarginM?: number;
}

/** Values this close to a limit are left to the full facts (computed at sample points, in floats). */
const SLACK = 1e-6;

/** Whether `c` fails on every passage that contains the part (see {@link PassagePart}). */
function failsOnWhole(c: Condition, p: PassagePart): boolean {
  switch (c.kind) {
    case 'minAltAglM':
      return p.minAltAglM < c.valueM - SLACK;
    case 'maxAltAglM':
      return p.maxAltAglM > c.valueM + SLACK;
    case 'altBelowLateralDistance':
      return (p.minLateralDistanceM !== undefined && p.minLateralDistanceM < c.minLateralM - SLACK)
        || (p.minLateralMarginM !== undefined && p.minLateralMarginM < -SLACK);
    default:
      // the crossing angle, local hours and attestations are not monotone in the part
      return false;
  }
}

/**
 * Whether `d` resolves to `obstacle` (resolvePassage) for every passage that contains `part`:
 * every option has a condition that fails on the part by more than 1e-6 m, and a condition that
 * fails on a part fails on the whole (heights, lateral distance and margin only get worse as the
 * passage grows). `false` means "not decided by the part": ask resolvePassage with the full facts.
 * @example
 * obstacleOnWhole(waterwayDecision, { minAltAglM: 60, maxAltAglM: 60, minLateralDistanceM: 30, minLateralMarginM: -30 }); // → true
 */
export function obstacleOnWhole(d: RuleDecision, part: PassagePart): boolean {
  if (d.kind === 'obstacle') return true;
  if (d.kind !== 'conditional' || !d.options) return false;
  return d.options.every((opt) => opt.conditions.some((c) => failsOnWhole(c, part)));
}
