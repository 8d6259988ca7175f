/**
 * The last gate: the finished 3-D route, timed leg by leg, goes through the rules engine
 * (routeConstraints). Any obstacle or ceiling violation is an INTERNAL_ROUTE_CHECK refusal — the
 * planner never returns a route the rules engine would refuse. Otherwise it yields the zones
 * touched, the ceiling decision and warnings for conditional passages.
 */
import { checkHeightCeiling } from '../airspace/check-height-ceiling.js';
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import { routeConstraints } from '../airspace/query/route-constraints.js';
import type { OperationProfile } from '../airspace/profile.js';
import type { RuleDecision } from '../airspace/rules/decision.js';
import type { HeightOptions } from '../airspace/types.js';
import { refuse } from './refusals.js';
import type { Leg, PlanResult, ZoneTouch } from './types.js';

export interface Verified {
  readonly zones: ZoneTouch[];
  readonly ceiling: RuleDecision[];
  readonly warnings: string[];
}

const r0 = (x: number): number => Math.round(x);

/**
 * Checks legs with the rules engine.
 * @example
 * const v = verifyRoute(index, legs, profile, heights, departMs);
 * 'refusal' in v ? v.refusal.code : v.zones.map((z) => z.zoneId);
 */
export function verifyRoute(
  index: AirspaceIndex, legs: readonly Leg[], profile: OperationProfile, heights: HeightOptions, departMs: number,
): Verified | Extract<PlanResult, { ok: false }> {
  const waypoints = [legs[0]!.from, ...legs.map((l) => l.to)];
  const timeOffsetsS = [0, ...legs.map((l) => l.startS + l.durationS)];
  const check = routeConstraints(index, { waypoints, timeOffsetsS, departureTime: departMs }, profile, heights);
  const bad = check.constraints.filter((c) => c.verdict.kind === 'obstacle');
  if (bad.length > 0 || check.ceiling.length > 0) {
    const first = bad[0];
    const d = first?.verdict.decisions.find((x) => x.kind === 'obstacle') ?? check.ceiling[0]?.decision;
    return refuse('INTERNAL_ROUTE_CHECK',
      `internal error: the planned route failed the rules engine's check (${bad.map((c) => `${c.zoneId} legs ${c.firstSegment}–${c.lastSegment}`).join(', ') || 'height ceiling'}): ${d?.sentence ?? ''} The route was not returned; please report this with the request.`,
      {
        ...(d?.ruleId ? { ruleId: d.ruleId } : {}), ...(first ? { zoneId: first.zoneId } : {}),
        details: { violations: bad.map((c) => ({ zoneId: c.zoneId, firstLeg: c.firstSegment, lastLeg: c.lastSegment, passage: c.passage, decisions: c.verdict.decisions.map((x) => x.sentence) })), ceiling: check.ceiling },
      });
  }
  const warnings: string[] = [];
  const zones: ZoneTouch[] = check.constraints.map((c) => {
    if (c.verdict.kind === 'conditional') {
      const cats = c.zone.categories;
      if (cats.includes('WATERWAY')) {
        warnings.push(`crosses federal waterway ${c.zoneId} at ${r0(c.passage.minAltAglM)} m AGL, ${r0(c.passage.crossingAngleDeg ?? 90)}° to its axis, in one straight leg (LUFTVO-21H-3-5 d): confirm no ships or shipping installations are overflown`);
      } else if (cats.includes('NATURE') || cats.includes('NATIONAL_PARK')) {
        warnings.push(`overflies nature reserve ${c.zoneId} at ${r0(c.passage.minAltAglM)} m AGL because no route avoids it (LUFTVO-21H-3-6): confirm the overflight is unavoidable and respects the protective purpose`);
      } else {
        for (const d of c.verdict.decisions) if (d.kind === 'conditional') warnings.push(d.sentence);
      }
    }
    return { zoneId: c.zoneId, zoneName: c.zone.name, legIndex: c.firstSegment, entryM: c.entryM, exitM: c.exitM, verdict: c.verdict };
  });
  const maxAlt = Math.max(...waypoints.map((w) => w.altAglM));
  return { zones, ceiling: [checkHeightCeiling(profile, maxAlt)], warnings };
}
