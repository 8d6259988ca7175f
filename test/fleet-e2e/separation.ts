/**
 * Separation from recorded telemetry: for every pair of vehicles, at every position report of one
 * while both are airborne, the other's position interpolated to the same (simulated) time. A pair
 * is separated when it is at least the vertical minimum apart in height, or else at the horizontal
 * minimum apart; the closest horizontal approach of vertically unseparated pairs is returned.
 */
export interface TrackPoint {
  /** Simulated ms (every vehicle of the embedded simulator shares this clock). */
  tMs: number;
  lat: number;
  lon: number;
  relAltM: number;
}

export interface Approach {
  /** Closest horizontal distance while airborne and less than the vertical minimum apart, metres. */
  minHorizontalM: number;
  /** Closest 3-D distance while both airborne, metres. */
  min3dM: number;
  at?: { a: string; b: string; tS: number; verticalM: number };
  /** Pairs of vehicles that were airborne at the same time. */
  pairsCompared: number;
  samples: number;
}

const M_PER_DEG = 111_320;

/** Position at `tMs` by linear interpolation between reports at most `maxGapMs` apart, else undefined. */
function at(track: readonly TrackPoint[], tMs: number, maxGapMs: number): TrackPoint | undefined {
  let lo = 0, hi = track.length - 1;
  if (hi < 0 || tMs < track[0]!.tMs || tMs > track[hi]!.tMs) return undefined;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (track[mid]!.tMs <= tMs) lo = mid;
    else hi = mid;
  }
  const a = track[lo]!, b = track[hi]!;
  if (b.tMs - a.tMs > maxGapMs) return undefined;
  const u = b.tMs === a.tMs ? 0 : (tMs - a.tMs) / (b.tMs - a.tMs);
  return { tMs, lat: a.lat + u * (b.lat - a.lat), lon: a.lon + u * (b.lon - a.lon), relAltM: a.relAltM + u * (b.relAltM - a.relAltM) };
}

/**
 * @example closestApproach(tracks, { airborneAboveM: 3, verticalSeparationM: 10 }).minHorizontalM
 * Heights are relative to each vehicle's home; the hubs share one ground height in the test airspace.
 */
export function closestApproach(tracks: ReadonlyMap<string, readonly TrackPoint[]>, o: { airborneAboveM: number; verticalSeparationM: number; maxGapMs?: number }): Approach {
  const maxGap = o.maxGapMs ?? 2_000;
  const ids = [...tracks.keys()].sort();
  const out: Approach = { minHorizontalM: Infinity, min3dM: Infinity, pairsCompared: 0, samples: 0 };
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const A = tracks.get(ids[i]!)!, B = tracks.get(ids[j]!)!;
      let both = false;
      for (const [self, other, na, nb] of [[A, B, ids[i]!, ids[j]!], [B, A, ids[j]!, ids[i]!]] as const) {
        for (const p of self) {
          if (p.relAltM <= o.airborneAboveM) continue;
          const q = at(other, p.tMs, maxGap);
          if (!q || q.relAltM <= o.airborneAboveM) continue;
          both = true;
          out.samples++;
          const dx = (q.lon - p.lon) * M_PER_DEG * Math.cos((p.lat * Math.PI) / 180);
          const dy = (q.lat - p.lat) * M_PER_DEG;
          const h = Math.hypot(dx, dy);
          const v = Math.abs(q.relAltM - p.relAltM);
          out.min3dM = Math.min(out.min3dM, Math.hypot(h, v));
          if (v < o.verticalSeparationM && h < out.minHorizontalM) {
            out.minHorizontalM = h;
            out.at = { a: na, b: nb, tS: Math.round(p.tMs / 100) / 10, verticalM: Math.round(v * 10) / 10 };
          }
        }
      }
      if (both) out.pairsCompared++;
    }
  }
  return out;
}
