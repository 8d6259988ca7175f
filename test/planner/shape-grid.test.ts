/**
 * ShapeGrid answers exactly what asking every shape would: the grid only chooses which shapes to
 * ask. Table cases for the walk's awkward geometry (axis-parallel, through cell corners, outside
 * the grid, zero length), then random shapes and segments against brute force.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeGrid } from '../../src/planner/shape-grid.js';
import { coreDistance, makeShape, pointBlocked, segmentBlocked, type Shape } from '../../src/planner/shapes.js';

const disc = (x: number, y: number, r: number, id: string): Shape => makeShape({ kind: 'disc', cx: x, cy: y }, r, id, 0);
const brute = (shapes: readonly Shape[], ax: number, ay: number, bx: number, by: number): boolean => shapes.some((s) => segmentBlocked(s, ax, ay, bx, by));

describe('ShapeGrid', () => {
  // 40 small discs on a 100 m lattice: cells of ≈ 50–100 m, so segments cross many cells
  const lattice = Array.from({ length: 40 }, (_, i) => disc((i % 8) * 100, Math.floor(i / 8) * 100, 10, `D${i}`));
  const grid = new ShapeGrid(lattice);
  it.each([
    ['horizontal through a row of discs', -50, 0, 750, 0, true],
    ['horizontal between rows', -50, 50, 750, 50, false],
    ['vertical through a column', 300, -50, 300, 450, true],
    ['diagonal through lattice points (cell corners)', 0, 0, 400, 400, true],
    ['diagonal between lattice points', 50, 0, 450, 400, false],
    ['entirely outside the grid', -500, -500, -400, -300, false],
    ['from outside into a disc', -1000, 200, 0, 200, true],
    ['zero length inside a disc', 700, 300, 700, 300, true],
    ['zero length in free space', 650, 350, 650, 350, false],
  ])('%s', (_name, ax, ay, bx, by, blocked) => {
    expect(grid.firstBlocking(ax, ay, bx, by) !== undefined).toBe(blocked);
    expect(brute(lattice, ax, ay, bx, by)).toBe(blocked);
  });

  it('the shape asked first is answered without a walk, and never twice', () => {
    const first = lattice[3]!;
    expect(grid.firstBlocking(-50, 0, 750, 0, first)).toBe(first);
    expect(grid.firstBlocking(-50, 50, 750, 50, first)).toBeUndefined();
  });

  it('an empty grid blocks nothing', () => {
    expect(new ShapeGrid([]).firstBlocking(0, 0, 100, 100)).toBeUndefined();
    expect(new ShapeGrid([]).pointBlocked(0, 0)).toBe(false);
  });

  const shapeArb = fc.oneof(
    fc.record({ x: fc.double({ min: -3000, max: 3000, noNaN: true }), y: fc.double({ min: -3000, max: 3000, noNaN: true }), r: fc.double({ min: 5, max: 800, noNaN: true }) })
      .map(({ x, y, r }) => disc(x, y, r, 'D')),
    fc.array(fc.tuple(fc.double({ min: -3000, max: 3000, noNaN: true }), fc.double({ min: -3000, max: 3000, noNaN: true })), { minLength: 2, maxLength: 5 })
      .chain((pts) => fc.double({ min: 1, max: 200, noNaN: true }).map((r) => makeShape({ kind: 'tube', pts: Float64Array.from(pts.flat()) }, r, 'T', 0))),
    fc.record({ x: fc.double({ min: -3000, max: 3000, noNaN: true }), y: fc.double({ min: -3000, max: 3000, noNaN: true }), s: fc.double({ min: 20, max: 900, noNaN: true }) })
      .map(({ x, y, s }) => makeShape({ kind: 'poly', ring: Float64Array.from([x, y, x + s, y, x + s / 2, y + s, x, y]) }, 20, 'P', 0)),
  );
  const coord = fc.double({ min: -4000, max: 4000, noNaN: true });

  it('agrees with asking every shape, for random shapes, segments and points', () => {
    fc.assert(fc.property(fc.array(shapeArb, { minLength: 1, maxLength: 30 }), fc.array(fc.tuple(coord, coord, coord, coord), { minLength: 1, maxLength: 20 }), (shapes, segs) => {
      const g = new ShapeGrid(shapes);
      for (const [ax, ay, bx, by] of segs) {
        const hit = g.firstBlocking(ax, ay, bx, by);
        expect(hit !== undefined).toBe(brute(shapes, ax, ay, bx, by));
        if (hit) expect(segmentBlocked(hit, ax, ay, bx, by)).toBe(true);
        expect(g.pointBlocked(ax, ay)).toBe(shapes.some((s) => pointBlocked(s, ax, ay)));
      }
    }), { numRuns: 300 });
  });
});

describe('segmentBlocked on a polygon', () => {
  // The polygon test asks its edges before the point-in-ring test (a blocked segment almost always
  // comes near an edge). Oracle, the former order with the same arithmetic: the start inside the
  // ring (coreDistance 0) or near one of the ring's edges (a tube along the closed ring runs the
  // same edge test with the same limit). r > CLEARANCE_TOL_M: below it nothing blocks, either way.
  const oracle = (ring: Float64Array, r: number, ax: number, ay: number, bx: number, by: number): boolean =>
    coreDistance(makeShape({ kind: 'poly', ring }, r, 'P', 0), ax, ay) === 0 || segmentBlocked(makeShape({ kind: 'tube', pts: ring }, r, 'T', 0), ax, ay, bx, by);
  const c = fc.integer({ min: -500_000, max: 500_000 }).map((x) => x / 1000);
  const ringArb = fc.array(fc.tuple(c, c), { minLength: 3, maxLength: 12 }).map((pts) => Float64Array.from([...pts.flat(), pts[0]![0], pts[0]![1]]));

  it('answers as the ring test first would, for random rings (convex or not) and segments', () => {
    let inside = 0, blocked = 0;
    fc.assert(fc.property(ringArb, fc.oneof(fc.double({ min: 0.01, max: 5, noNaN: true }), fc.double({ min: 5, max: 200, noNaN: true })), fc.array(fc.tuple(c, c, fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 20 }), (ring, r, segs) => {
      const s = makeShape({ kind: 'poly', ring }, r, 'P', 0);
      for (const [ax, ay, u, v, short] of segs) {
        // short segments (≤ 1.4 m) often lie wholly inside the ring: only the ring test sees them
        const bx = ax + u * (short ? 1 : 900), by = ay + v * (short ? 1 : 900);
        const want = oracle(ring, r, ax, ay, bx, by);
        expect(segmentBlocked(s, ax, ay, bx, by)).toBe(want);
        if (want) blocked++;
        // decided by the ring test alone: inside, and no edge near
        if (want && !segmentBlocked(makeShape({ kind: 'tube', pts: ring }, r, 'T', 0), ax, ay, bx, by)) inside++;
      }
    }), { numRuns: 500 });
    expect(inside).toBeGreaterThan(100);
    expect(blocked).toBeGreaterThan(300);
  });

  it.each([
    ['wholly inside, far from every edge (r small)', 0, 0, 10, 10, true],
    ['crossing an edge', -300, 50, 50, 50, true],
    ['outside, farther than r', -300, -300, -250, -300, false],
  ])('%s', (_n, ax, ay, bx, by, want) => {
    const ring = Float64Array.from([-100, -100, 100, -100, 100, 100, -100, 100, -100, -100]);
    expect(segmentBlocked(makeShape({ kind: 'poly', ring }, 5, 'P', 0), ax, ay, bx, by)).toBe(want);
  });
});
