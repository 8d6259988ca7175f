// @ts-check
/**
 * How far along its planned route a vehicle is, for ground staff: the position is projected onto
 * the route polyline in a local metric frame (equirectangular about the first point: < 0.1 % error
 * over a city). Progress never runs backwards: an out-and-back route (drop-and-return) passes the
 * same places twice, so among equally near segments the one that continues from the last match wins.
 * No DOM and no imports, so it is unit-tested in Node.
 */

const R = 6_371_000;
/** Segments this much farther than the nearest still count as "equally near" (GPS noise, corridor). */
const NEAR_M = 15;

export class RouteProgress {
  /** @param {ReadonlyArray<ReadonlyArray<number>>} coords the route as [lon, lat, …] pairs */
  constructor(coords) {
    const o = coords[0] ?? [0, 0];
    this.lat0 = /** @type {number} */ (o[1]);
    this.lon0 = /** @type {number} */ (o[0]);
    this.kx = (Math.PI / 180) * R * Math.cos((this.lat0 * Math.PI) / 180);
    this.ky = (Math.PI / 180) * R;
    /** @type {[number, number][]} */
    this.xy = coords.map((c) => this.toXY(/** @type {number} */ (c[1]), /** @type {number} */ (c[0])));
    /** @type {number[]} distance along the route at each vertex */
    this.cum = [0];
    for (let i = 1; i < this.xy.length; i++) {
      const [ax, ay] = /** @type {[number, number]} */ (this.xy[i - 1]);
      const [bx, by] = /** @type {[number, number]} */ (this.xy[i]);
      this.cum.push(/** @type {number} */ (this.cum[i - 1]) + Math.hypot(bx - ax, by - ay));
    }
    this.totalM = /** @type {number} */ (this.cum[this.cum.length - 1]);
    this.lastAlongM = 0;
  }

  /** @param {number} lat @param {number} lon @returns {[number, number]} */
  toXY(lat, lon) {
    return [(lon - this.lon0) * this.kx, (lat - this.lat0) * this.ky];
  }

  /**
   * The vehicle is at lat/lon: distance flown along the route, the total, and how far off it is.
   * @param {number} lat @param {number} lon @returns {{alongM: number, totalM: number, offM: number, fraction: number}}
   */
  update(lat, lon) {
    const [px, py] = this.toXY(lat, lon);
    /** @type {{along: number, off: number}[]} */
    const candidates = [];
    for (let i = 1; i < this.xy.length; i++) {
      const [ax, ay] = /** @type {[number, number]} */ (this.xy[i - 1]);
      const [bx, by] = /** @type {[number, number]} */ (this.xy[i]);
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
      candidates.push({ along: /** @type {number} */ (this.cum[i - 1]) + t * Math.sqrt(len2), off: Math.hypot(ax + t * dx - px, ay + t * dy - py) });
    }
    if (candidates.length === 0) return { alongM: 0, totalM: 0, offM: 0, fraction: 0 };
    const nearest = Math.min(...candidates.map((c) => c.off));
    const near = candidates.filter((c) => c.off <= nearest + NEAR_M);
    // continue from the last match: the nearest place at or beyond it; else (really went back) the nearest
    const onward = near.filter((c) => c.along >= this.lastAlongM - NEAR_M).sort((a, b) => a.along - b.along)[0];
    const best = onward ?? near.sort((a, b) => a.off - b.off)[0] ?? { along: 0, off: nearest };
    this.lastAlongM = Math.max(this.lastAlongM, best.along);
    return { alongM: best.along, totalM: this.totalM, offM: best.off, fraction: this.totalM > 0 ? best.along / this.totalM : 0 };
  }
}
