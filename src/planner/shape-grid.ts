/**
 * A uniform grid over obstacle shapes for the search's hot tests: "does this segment hit any
 * shape" walks only the cells the segment crosses (Amanatides–Woo), so a 10 km diagonal edge
 * looks at the shapes along it, not at every shape in its bounding box. Exact: each candidate is
 * decided by segmentBlocked / pointBlocked; the grid only chooses which shapes to ask.
 */
import { pointBlocked, segmentBlocked, type Shape } from './shapes.js';

/** At most this many cells per axis (the grid stays small next to the graph). */
const MAX_CELLS_PER_AXIS = 256;

export class ShapeGrid {
  private readonly minX: number;
  private readonly minY: number;
  private readonly cell: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly start: Int32Array;
  private readonly items: Int32Array;
  private readonly stamp: Int32Array;
  private query = 0;

  /**
   * @example
   * const grid = new ShapeGrid([makeShape({ kind: 'disc', cx: 0, cy: 0 }, 100, 'Z', 0)]);
   * grid.firstBlocking(-500, 0, 500, 0)?.zoneId; // → 'Z'
   */
  constructor(readonly shapes: readonly Shape[]) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const s of shapes) {
      if (s.minX < minX) minX = s.minX;
      if (s.minY < minY) minY = s.minY;
      if (s.maxX > maxX) maxX = s.maxX;
      if (s.maxY > maxY) maxY = s.maxY;
    }
    if (shapes.length === 0) { minX = minY = 0; maxX = maxY = 1; }
    const w = Math.max(1, maxX - minX), h = Math.max(1, maxY - minY);
    // about two cells per shape, no finer than 50 m
    const cell = Math.max(50, Math.sqrt((w * h) / Math.max(1, 2 * shapes.length)), w / MAX_CELLS_PER_AXIS, h / MAX_CELLS_PER_AXIS);
    this.minX = minX; this.minY = minY; this.cell = cell;
    this.nx = Math.max(1, Math.ceil(w / cell)); this.ny = Math.max(1, Math.ceil(h / cell));
    const counts = new Int32Array(this.nx * this.ny + 1);
    const range = (s: Shape): [number, number, number, number] => [this.cx(s.minX), this.cy(s.minY), this.cx(s.maxX), this.cy(s.maxY)];
    for (const s of shapes) {
      const [i0, j0, i1, j1] = range(s);
      for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) counts[j * this.nx + i + 1]!++;
    }
    for (let c = 0; c < this.nx * this.ny; c++) counts[c + 1]! += counts[c]!;
    this.start = Int32Array.from(counts);
    this.items = new Int32Array(counts[this.nx * this.ny]!);
    const fill = Int32Array.from(counts);
    shapes.forEach((s, k) => {
      const [i0, j0, i1, j1] = range(s);
      for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) this.items[fill[j * this.nx + i]!++] = k;
    });
    this.stamp = new Int32Array(shapes.length);
  }

  private cx(x: number): number { return Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.minX) / this.cell))); }
  private cy(y: number): number { return Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.minY) / this.cell))); }

  /** Whether the point lies inside any shape. */
  pointBlocked(x: number, y: number): boolean {
    const c = this.cy(y) * this.nx + this.cx(x);
    for (let k = this.start[c]!; k < this.start[c + 1]!; k++) {
      const s = this.shapes[this.items[k]!]!;
      if (x < s.minX || x > s.maxX || y < s.minY || y > s.maxY) continue;
      if (pointBlocked(s, x, y)) return true;
    }
    return false;
  }

  /** A shape the segment A→B comes too close to, or undefined; `first` (e.g. the last blocker) is asked first. */
  firstBlocking(ax: number, ay: number, bx: number, by: number, first?: Shape): Shape | undefined {
    if (first && segmentBlocked(first, ax, ay, bx, by)) return first;
    const q = ++this.query;
    // clip to the grid (Liang–Barsky); outside it there are no shapes
    let t0 = 0, t1 = 1;
    const dx = bx - ax, dy = by - ay;
    const maxX = this.minX + this.nx * this.cell, maxY = this.minY + this.ny * this.cell;
    // the four boundary tests unrolled (no arrays: this runs for every edge check)
    for (let side = 0; side < 4; side++) {
      const p = side === 0 ? -dx : side === 1 ? dx : side === 2 ? -dy : dy;
      const d = side === 0 ? ax - this.minX : side === 1 ? maxX - ax : side === 2 ? ay - this.minY : maxY - ay;
      if (p === 0) { if (d < 0) return undefined; continue; }
      const r = d / p;
      if (p < 0) { if (r > t1) return undefined; if (r > t0) t0 = r; } else { if (r < t0) return undefined; if (r < t1) t1 = r; }
    }
    const sx = ax + dx * t0, sy = ay + dy * t0;
    let i = this.cx(sx), j = this.cy(sy);
    const iEnd = this.cx(ax + dx * t1), jEnd = this.cy(ay + dy * t1);
    const stepI = dx > 0 ? 1 : -1, stepJ = dy > 0 ? 1 : -1;
    const tdx = dx !== 0 ? this.cell / Math.abs(dx) : Infinity, tdy = dy !== 0 ? this.cell / Math.abs(dy) : Infinity;
    let tmx = dx !== 0 ? ((this.minX + (i + (dx > 0 ? 1 : 0)) * this.cell - ax) / dx) : Infinity;
    let tmy = dy !== 0 ? ((this.minY + (j + (dy > 0 ? 1 : 0)) * this.cell - ay) / dy) : Infinity;
    for (let guard = this.nx + this.ny + 2; guard > 0; guard--) {
      const c = j * this.nx + i;
      for (let k = this.start[c]!; k < this.start[c + 1]!; k++) {
        const id = this.items[k]!;
        if (this.stamp[id] === q) continue;
        this.stamp[id] = q;
        const s = this.shapes[id]!;
        if (s !== first && segmentBlocked(s, ax, ay, bx, by)) return s;
      }
      if (i === iEnd && j === jEnd) break;
      // step to the neighbouring cell the segment enters next (tie: both, through the corner's cells)
      if (tmx < tmy) { i += stepI; tmx += tdx; } else if (tmy < tmx) { j += stepJ; tmy += tdy; } else {
        const c2 = j * this.nx + Math.min(this.nx - 1, Math.max(0, i + stepI));
        for (let k = this.start[c2]!; k < this.start[c2 + 1]!; k++) {
          const id = this.items[k]!;
          if (this.stamp[id] === q) continue;
          this.stamp[id] = q;
          const s = this.shapes[id]!;
          if (s !== first && segmentBlocked(s, ax, ay, bx, by)) return s;
        }
        i += stepI; j += stepJ; tmx += tdx; tmy += tdy;
      }
      if (i < 0 || j < 0 || i >= this.nx || j >= this.ny) break;
    }
    return undefined;
  }
}
