import { AirspaceError } from '../errors.js';
import type { HeightLimit, HeightOptions, Position3D, VerticalReference, Zone } from '../types.js';

/** Ground elevation AMSL at p, or undefined when unknown. */
export function groundAt(p: { lat: number; lon: number }, opts: HeightOptions): number | undefined {
  const g = opts.groundAmslM;
  return typeof g === 'function' ? g(p) : g;
}

/**
 * Height of `p` in datum `ref`. Refuses (HEIGHT_REFERENCE_MISSING) rather than guessing when the
 * datum cannot be reached from what the caller supplied.
 */
export function heightIn(ref: VerticalReference, p: Position3D, opts: HeightOptions, zone: Zone): number {
  if (ref === 'AGL') return p.altAglM;
  let amsl = p.altAmslM;
  if (amsl === undefined) {
    const g = groundAt(p, opts);
    if (g === undefined) {
      throw new AirspaceError(
        'HEIGHT_REFERENCE_MISSING',
        `zone ${zone.id} has an ${ref} limit but the position has only altAglM; pass altAmslM or options.groundAmslM (ground elevation) so the query can compare heights`,
        { zoneId: zone.id, ref },
      );
    }
    amsl = g + p.altAglM;
  }
  if (ref === 'AMSL') return amsl;
  if (opts.geoidUndulationM === undefined) {
    throw new AirspaceError(
      'HEIGHT_REFERENCE_MISSING',
      `zone ${zone.id} has a WGS84 (ellipsoidal) limit; pass options.geoidUndulationM (≈ 39 m in Hamburg) to compare it with AMSL heights`,
      { zoneId: zone.id, ref },
    );
  }
  return amsl + opts.geoidUndulationM;
}

/** Whether `p` is within [lower, upper] (inclusive). */
export function withinLimits(lower: HeightLimit, upper: HeightLimit | null, p: Position3D, opts: HeightOptions, zone: Zone): boolean {
  if (heightIn(lower.ref, p, opts, zone) < lower.heightM) return false;
  return upper === null || heightIn(upper.ref, p, opts, zone) <= upper.heightM;
}

/**
 * Clips [t0, t1] to where the linearly varying height between `a` (t=0) and `b` (t=1) lies within
 * the limits. Heights in a datum are taken linear along the segment (ground elevation from a
 * terrain function is sampled at both ends only).
 */
export function clipByLimits(
  t0: number, t1: number, lower: HeightLimit, upper: HeightLimit | null,
  a: Position3D, b: Position3D, opts: HeightOptions, zone: Zone,
): [number, number] | undefined {
  // require sense * (h(t) - limit) >= 0: sense 1 for the lower limit, -1 for the upper (written
  // out twice rather than as a closure: this runs for every volume near every segment)
  let lo = t0, hi = t1;
  {
    const h0 = heightIn(lower.ref, a, opts, zone);
    const h1 = heightIn(lower.ref, b, opts, zone);
    const f0 = h0 - lower.heightM;
    const slope = h1 - h0;
    if (slope === 0) {
      if (f0 < 0) hi = -Infinity;
    } else {
      const root = -f0 / slope;
      if (slope > 0) lo = Math.max(lo, root);
      else hi = Math.min(hi, root);
    }
  }
  if (upper) {
    const h0 = heightIn(upper.ref, a, opts, zone);
    const h1 = heightIn(upper.ref, b, opts, zone);
    const f0 = -(h0 - upper.heightM);
    const slope = -(h1 - h0);
    if (slope === 0) {
      if (f0 < 0) hi = -Infinity;
    } else {
      const root = -f0 / slope;
      if (slope > 0) lo = Math.max(lo, root);
      else hi = Math.min(hi, root);
    }
  }
  return lo <= hi + 1e-12 ? [lo, Math.max(lo, hi)] : undefined;
}
