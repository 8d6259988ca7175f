/**
 * The wind triangle: the vehicle keeps its air speed and crabs into the wind so that it tracks
 * along the leg. With the wind vector W split into along-track `w∥` and cross-track `w⊥`
 * components, the ground speed along the track is `w∥ + sqrt(Va² − w⊥²)`.
 */
import type { Wind } from './types.js';

export interface GroundSpeed {
  /** Ground speed along the track, m/s; ≤ 0 or NaN when the leg cannot be flown. */
  readonly groundSpeedMps: number;
  /** Tail-wind component (negative = head wind), m/s. */
  readonly alongMps: number;
  /** Cross-wind component (positive from the left), m/s. */
  readonly crossMps: number;
}

/**
 * Ground speed along a track of `trackDeg` (true) at air speed `airSpeedMps` in `wind`.
 * @example
 * groundSpeed(10, 90, { speedMps: 4, fromDeg: 270 }).groundSpeedMps; // → 14 (tail wind)
 * groundSpeed(10, 90, { speedMps: 4, fromDeg: 90 }).groundSpeedMps;  // → 6 (head wind)
 * groundSpeed(10, 0, { speedMps: 6, fromDeg: 270 }).groundSpeedMps;  // → 8 (cross wind)
 */
export function groundSpeed(airSpeedMps: number, trackDeg: number, wind?: Wind): GroundSpeed {
  if (!wind || wind.speedMps === 0) return { groundSpeedMps: airSpeedMps, alongMps: 0, crossMps: 0 };
  const to = ((wind.fromDeg + 180) * Math.PI) / 180;
  const wx = wind.speedMps * Math.sin(to), wy = wind.speedMps * Math.cos(to); // east, north
  const t = (trackDeg * Math.PI) / 180;
  const tx = Math.sin(t), ty = Math.cos(t);
  const along = wx * tx + wy * ty;
  const cross = wx * ty - wy * tx;
  const disc = airSpeedMps * airSpeedMps - cross * cross;
  return { groundSpeedMps: disc < 0 ? NaN : along + Math.sqrt(disc), alongMps: along, crossMps: cross };
}
