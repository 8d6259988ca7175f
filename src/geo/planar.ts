/**
 * Planar (local-frame, metres) primitives shared by the airspace index. All functions take plain
 * numbers so hot loops allocate nothing. Rings are flat arrays `[x0, y0, x1, y1, …]`, closed
 * (last point equals the first).
 */

const EPS = 1e-12;

/**
 * Whether P lies within 1e-6 of the box of edge AB: a cheap exact pre-test for "distance to the
 * edge ≤ 1e-9" (outside that box the computed squared distance is ≥ (1e-6 − rounding)² ≫ 1e-18,
 * for any coordinate a local frame holds), which every point-in-polygon test asks of every edge.
 */
export function nearEdgeBox(x: number, y: number, ax: number, ay: number, bx: number, by: number): boolean {
  const m = 1e-6;
  return x >= (ax < bx ? ax : bx) - m && x <= (ax > bx ? ax : bx) + m && y >= (ay < by ? ay : by) - m && y <= (ay > by ? ay : by) + m;
}

/**
 * Even-odd point-in-ring test; points exactly on an edge count as inside.
 * @example
 * pointInRing(0.5, 0.5, [0, 0, 1, 0, 1, 1, 0, 1, 0, 0]); // → true
 */
export function pointInRing(x: number, y: number, ring: ArrayLike<number>): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = ring[i]!;
    const yi = ring[i + 1]!;
    const xj = ring[j]!;
    const yj = ring[j + 1]!;
    if (nearEdgeBox(x, y, xi, yi, xj, yj) && distToSegmentSq(x, y, xj, yj, xi, yi) <= 1e-18) return true;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Squared distance from point P to segment AB.
 * @example
 * distToSegmentSq(0, 1, -1, 0, 1, 0); // → 1
 */
export function distToSegmentSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

/**
 * Minimum distance from P to the edges of a flat ring or polyline.
 * @example
 * distToPolyline(0.5, 0.2, [0, 0, 1, 0]); // → 0.2
 */
export function distToPolyline(px: number, py: number, pts: ArrayLike<number>): number {
  let best = Infinity;
  if (pts.length === 2) return Math.hypot(px - pts[0]!, py - pts[1]!);
  for (let i = 0; i + 3 < pts.length; i += 2) {
    const d = distToSegmentSq(px, py, pts[i]!, pts[i + 1]!, pts[i + 2]!, pts[i + 3]!);
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

/**
 * Pushes to `out` the parameters t ∈ [0,1] along segment AB where it meets segment CD
 * (both ends of an overlap when collinear).
 * @example
 * const ts: number[] = []; segmentCrossings(0, 0, 2, 0, 1, -1, 1, 1, ts); // ts → [0.5]
 */
export function segmentCrossings(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
  out: number[],
): void {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const denom = rx * sy - ry * sx;
  const qpx = cx - ax;
  const qpy = cy - ay;
  const rr = rx * rx + ry * ry;
  if (Math.abs(denom) <= EPS * Math.sqrt(rr * (sx * sx + sy * sy))) {
    // parallel: only collinear overlaps matter
    if (Math.abs(qpx * ry - qpy * rx) > EPS * rr + 1e-9 || rr === 0) return;
    for (const [px, py] of [[cx, cy], [dx, dy]] as const) {
      const t = ((px - ax) * rx + (py - ay) * ry) / rr;
      if (t >= 0 && t <= 1) out.push(t);
    }
    return;
  }
  const t = (qpx * sy - qpy * sx) / denom;
  const u = (qpx * ry - qpy * rx) / denom;
  if (t >= -EPS && t <= 1 + EPS && u >= -EPS && u <= 1 + EPS) out.push(Math.min(1, Math.max(0, t)));
}

/**
 * Pushes to `out` the parameters t ∈ [0,1] where segment AB meets the circle (C, r).
 * @example
 * const ts: number[] = []; circleCrossings(-2, 0, 2, 0, 0, 0, 1, ts); // ts → [0.25, 0.75]
 */
export function circleCrossings(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, r: number,
  out: number[],
): void {
  const dx = bx - ax;
  const dy = by - ay;
  const fx = ax - cx;
  const fy = ay - cy;
  const a = dx * dx + dy * dy;
  if (a === 0) return;
  const b = 2 * (fx * dx + fy * dy);
  const c = fx * fx + fy * fy - r * r;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return;
  const sq = Math.sqrt(disc);
  for (const t of [(-b - sq) / (2 * a), (-b + sq) / (2 * a)]) if (t >= 0 && t <= 1) out.push(t);
}

/**
 * Whether two segments AB and CD properly cross or touch (used for ring self-intersection checks).
 * @example
 * segmentsIntersect(0, 0, 2, 2, 0, 2, 2, 0); // → true
 */
export function segmentsIntersect(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  const o = (px: number, py: number, qx: number, qy: number, rx: number, ry: number): number => {
    const v = (qx - px) * (ry - py) - (qy - py) * (rx - px);
    return Math.abs(v) < 1e-18 ? 0 : Math.sign(v);
  };
  const on = (px: number, py: number, qx: number, qy: number, rx: number, ry: number): boolean =>
    Math.min(px, rx) <= qx && qx <= Math.max(px, rx) && Math.min(py, ry) <= qy && qy <= Math.max(py, ry);
  const o1 = o(ax, ay, bx, by, cx, cy);
  const o2 = o(ax, ay, bx, by, dx, dy);
  const o3 = o(cx, cy, dx, dy, ax, ay);
  const o4 = o(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && on(ax, ay, cx, cy, bx, by)) return true;
  if (o2 === 0 && on(ax, ay, dx, dy, bx, by)) return true;
  if (o3 === 0 && on(cx, cy, ax, ay, dx, dy)) return true;
  if (o4 === 0 && on(cx, cy, bx, by, dx, dy)) return true;
  return false;
}
