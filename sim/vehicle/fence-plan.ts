/**
 * What PX4 does with an uploaded fence and mission: load the fence (navigator `Geofence::_updateFence`
 * drops areas that do not contain home, or, flying with GF_ACTION set, the vehicle) and re-check the
 * mission against it (`FeasibilityChecker`: every positional item must pass
 * `checkPointAgainstAllGeofences`, else "Geofence violation for waypoint N" and no valid mission).
 */
import { breached, checkPoint, firstViolatingItem, loadAreas, parseFence, type NEU } from './geofence.js';
import { itemTarget } from './navigator.js';
import type { Px4Vehicle } from './vehicle.js';
import { SEV } from './items.js';

export function loadFence(v: Px4Vehicle): void {
  const s = v.s;
  const home = s.homeValid ? v.local(s.home) : undefined;
  const flying = v.airborne && v.params.get('GF_ACTION') !== 0;
  const { kept, texts } = loadAreas(parseFence(s.fence.items, s.origin), home, flying ? { n: s.body.n, e: s.body.e } : undefined);
  s.fenceAreas = kept;
  for (const t of texts) v.text(SEV.CRITICAL, t);
}

/** checkPointAgainstAllGeofences for a point in the local frame (fence areas, GF_MAX_HOR_DIST, GF_MAX_VER_DIST). */
export function fenceAllows(v: Px4Vehicle, p: NEU): boolean {
  const s = v.s;
  const home = s.homeValid ? { ...v.local(s.home), up: v.upFromRel(0) } : undefined;
  return !breached(checkPoint(p, s.fenceAreas, home, { maxHorDist: v.params.get('GF_MAX_HOR_DIST'), maxVerDist: v.params.get('GF_MAX_VER_DIST') }));
}

export function validateMission(v: Px4Vehicle, announce: boolean): void {
  const s = v.s;
  const bad = firstViolatingItem(s.mission.items, (p) => fenceAllows(v, p), (it) => itemTarget(v, it));
  s.missionValid = s.mission.items.length > 0 && bad === undefined;
  if (bad !== undefined && announce) v.text(SEV.CRITICAL, `Geofence violation for waypoint ${bad + 1}\t`);
}
