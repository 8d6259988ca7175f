/**
 * Start and destination: the vertical climb out of the start point and the descent into the
 * destination are checked by the rules engine (routeConstraints on a vertical segment). Being
 * inside a zone is fine when the zone allows it (consent, clearance); otherwise a refusal naming
 * the zone and the rule.
 */
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import { routeConstraints } from '../airspace/query/route-constraints.js';
import type { OperationProfile } from '../airspace/profile.js';
import type { HeightOptions } from '../airspace/types.js';
import { refuse } from './refusals.js';
import type { LatLon, PlanResult } from './types.js';

/**
 * Refusal when the vertical column `lowAglM`–`highAglM` over `p` lies in a zone that is an
 * obstacle at that time; undefined when the point is usable.
 * @example
 * checkEndpoint(index, 'start', rathaus, 0, 60, profile, heights, departMs, 20); // → refusal START_IN_ZONE for HHG01 without consent
 */
export function checkEndpoint(
  index: AirspaceIndex, which: 'start' | 'destination', p: LatLon, lowAglM: number, highAglM: number,
  profile: OperationProfile, heights: HeightOptions, atMs: number, durationS: number,
): Extract<PlanResult, { ok: false }> | undefined {
  const check = routeConstraints(index, {
    waypoints: [{ ...p, altAglM: lowAglM }, { ...p, altAglM: highAglM }], timeOffsetsS: [0, Math.max(0, durationS)], departureTime: atMs,
  }, profile, heights);
  const bad = check.constraints.find((c) => c.verdict.kind === 'obstacle');
  if (!bad) return undefined;
  const d = bad.verdict.decisions.find((x) => x.kind === 'obstacle')!;
  const where = `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
  const details = { zoneName: bad.zone.name, lat: p.lat, lon: p.lon, decisions: bad.verdict.decisions.map((x) => ({ ruleId: x.ruleId, kind: x.kind, sentence: x.sentence })) };
  if (bad.zone.restriction === 'PROHIBITED') {
    return refuse('ZONE_PROHIBITED', `the ${which} (${where}) lies inside prohibited zone ${bad.zoneId} "${bad.zone.name}" at that time; no consent lifts it — choose a point outside it or another time (${d.ruleId}).`, { ruleId: d.ruleId, zoneId: bad.zoneId, details });
  }
  return refuse(which === 'start' ? 'START_IN_ZONE' : 'DESTINATION_IN_ZONE',
    `the ${which} (${where}) lies inside ${bad.zoneId} "${bad.zone.name}": ${d.sentence} Choose a point outside it or add a consent for ${bad.zoneId}.`,
    { ruleId: d.ruleId, zoneId: bad.zoneId, details });
}
