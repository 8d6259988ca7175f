/**
 * ShapeGrid answers exactly what asking every shape would: the grid only chooses which shapes to
 * ask. Table cases for the walk's awkward geometry (axis-parallel, through cell corners, outside
 * the grid, zero length), then random shapes and segments against brute force.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeGrid } from '../../src/planner/shape-grid.js';
import { makeShape, pointBlocked, segmentBlocked, type Shape } from '../../src/planner/shapes.js';

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
