/**
 * Live conformance of an intent (ASTM: an Activated flight outside its volumes is Nonconforming):
 * is the flight late (or early) beyond its time uncertainty, or off its corridor? If so, the volumes it now
 * needs: the remaining nominal volumes moved by the lateness, plus an off-nominal column around
 * where it is. Pure: the service feeds positions and times.
 */
import type { LocalFrame } from '../geo/local-frame.js';
import { toLocalXY } from '../geo/to-local.js';
import type { Leg } from '../planner/types.js';
import { timeUncertaintyS } from './build-intent.js';
import type { DeconflictRules, OperationalIntent, Volume, XY } from './types.js';

export interface LiveTrack {
  readonly pts: readonly (XY & { readonly tS: number })[];
}

/** The route's vertices in the frame with their planned elapsed time (once per flight). */
export function liveTrack(frame: LocalFrame, legs: readonly Leg[]): LiveTrack {
  const pts: (XY & { tS: number })[] = [];
  for (const [i, leg] of legs.entries()) {
    if (i === 0) {
      const [x, y] = toLocalXY(frame, leg.from.lon, leg.from.lat);
      pts.push({ x, y, tS: 0 });
    }
    const [x, y] = toLocalXY(frame, leg.to.lon, leg.to.lat);
    pts.push({ x, y, tS: leg.startS + leg.durationS });
  }
  return { pts };
}

export interface LiveFix {
  readonly nowMs: number;
  readonly lat: number;
  readonly lon: number;
  readonly altAglM: number;
}

export interface LiveVerdict {
  readonly conforming: boolean;
  /** Seconds behind the plan at this position (negative: early). */
  readonly lateS: number;
  readonly offTrackM: number;
  readonly reason?: string;
}

/**
 * Judge one fix against the track.
 * @example judgeFix(frame, track, intent, fix, rules).conforming
 */
export function judgeFix(frame: LocalFrame, track: LiveTrack, intent: OperationalIntent, fix: LiveFix, rules: DeconflictRules): LiveVerdict {
  const [x, y] = toLocalXY(frame, fix.lon, fix.lat);
  let off = Infinity;
  let plannedS = 0;
  const elapsedS = (fix.nowMs - intent.departAtMs) / 1000;
  const p = track.pts;
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1]!, b = p[i]!;
    const dx = b.x - a.x, dy = b.y - a.y;
    const len2 = dx * dx + dy * dy;
    const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / len2));
    const d = Math.hypot(x - (a.x + u * dx), y - (a.y + u * dy));
    const t = len2 === 0 ? Math.max(a.tS, Math.min(b.tS, elapsedS)) : a.tS + u * (b.tS - a.tS);
    // of equally near points (a vertical leg has one position for its whole duration) the one planned nearest to now
    if (d < off - 0.5 || (Math.abs(d - off) <= 0.5 && Math.abs(t - elapsedS) < Math.abs(plannedS - elapsedS))) {
      off = Math.min(off, d);
      plannedS = t;
    }
  }
  const lateS = elapsedS - plannedS;
  const allowS = timeUncertaintyS(rules, plannedS);
  if (fix.altAglM > 3 && off > rules.corridorHalfWidthM) return { conforming: false, lateS, offTrackM: off, reason: `${off.toFixed(0)} m off its corridor (±${rules.corridorHalfWidthM} m)` };
  if (lateS > allowS) return { conforming: false, lateS, offTrackM: off, reason: `${lateS.toFixed(0)} s behind its plan (allowed ${allowS.toFixed(0)} s)` };
  // early is nonconforming too: it flies in windows reserved by others
  if (-lateS > allowS) return { conforming: false, lateS, offTrackM: off, reason: `${(-lateS).toFixed(0)} s ahead of its plan (allowed ${allowS.toFixed(0)} s)` };
  return { conforming: true, lateS, offTrackM: off };
}

/**
 * The volumes of a nonconforming flight: the nominal and contingency volumes still ahead, moved by
 * its lateness, and an off-nominal column around its position (ground to above its height, for
 * the next `horizonS`).
 */
export function nonconformingVolumes(frame: LocalFrame, intent: OperationalIntent, fix: LiveFix, verdict: LiveVerdict, groundAmslM: number, rules: DeconflictRules, horizonS = 120): Volume[] {
  const shift = Math.max(0, verdict.lateS) * 1000;
  const ahead = intent.volumes.filter((v) => v.kind !== 'offNominal' && v.tEndMs + shift > fix.nowMs).map((v) => ({ ...v, tStartMs: v.tStartMs + shift, tEndMs: v.tEndMs + shift }));
  const [x, y] = toLocalXY(frame, fix.lon, fix.lat);
  const column: Volume = {
    id: 'offNominal/0',
    kind: 'offNominal',
    label: `off-nominal: ${verdict.reason ?? 'nonconforming'}`,
    footprint: { hull: [{ x, y }], radiusM: rules.corridorHalfWidthM + (Number.isFinite(verdict.offTrackM) ? verdict.offTrackM : 0) },
    altLowerAmslM: groundAmslM,
    altUpperAmslM: groundAmslM + fix.altAglM + rules.verticalSeparationM,
    tStartMs: fix.nowMs,
    tEndMs: fix.nowMs + horizonS * 1000,
  };
  return [...ahead, column];
}
