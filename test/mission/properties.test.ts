/** Property tests (fast-check): format round-trips are lossless; the corridor fence always contains the corridor. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { qgcFrame } from '../../src/mission/altitude-mode.js';
import { routeCentreline } from '../../src/mission/corridor.js';
import type { MissionBuildError } from '../../src/mission/errors.js';
import { buildGeofence } from '../../src/mission/fence.js';
import { GLOBAL_FRAMES } from '../../src/mission/mav.js';
import { parseQgcPlan } from '../../src/mission/qgc-plan.js';
import { writeQgcPlan } from '../../src/mission/qgc-plan-export.js';
import { parseWpl, writeWpl } from '../../src/mission/wpl.js';
import { corridorEdge, inFence } from './fixtures/geometry.js';
import { makeRoute, offset } from './fixtures/routes.js';

const value = fc.oneof(fc.double({ noDefaultInfinity: true, noNaN: true, min: -1e9, max: 1e9 }).map((v) => (Object.is(v, -0) ? 0 : v)), fc.constant(Number.NaN), fc.integer({ min: -100, max: 100 }));
const item = (current: fc.Arbitrary<number>): fc.Arbitrary<MissionItem> =>
  fc.record({
    frame: fc.constantFrom(0, 2, 3, 5, 6, 10),
    command: fc.integer({ min: 0, max: 5099 }).filter((c) => c !== 177 && (c < 5000 || c > 5004)),
    current, autocontinue: fc.constantFrom(0, 1),
    param1: value, param2: value, param3: value, param4: value, z: value,
    lat: fc.integer({ min: -900_000_000, max: 900_000_000 }), lon: fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }), raw: fc.integer({ min: -1000, max: 1000 }),
  }).map((r) => ({
    seq: 0, frame: r.frame, command: r.command, current: r.current, autocontinue: r.autocontinue, param1: r.param1, param2: r.param2, param3: r.param3, param4: r.param4,
    x: GLOBAL_FRAMES.has(r.frame) ? r.lat : r.raw, y: GLOBAL_FRAMES.has(r.frame) ? r.lon : r.raw, missionType: 'mission' as const,
    // A waypoint/takeoff/loiter without a height is refused on import: give those one.
    z: Number.isNaN(r.z) && GLOBAL_FRAMES.has(r.frame) && HEIGHT_COMMANDS.has(r.command) ? 0 : r.z,
  }));
const HEIGHT_COMMANDS = new Set([16, 17, 18, 19, 22, 31, 84]);
/** Same item with the frame spelled as the export writes it (6 → 3, 5 → 0, 11 → 10): same height meaning. */
const canonical = (m: MissionItem): MissionItem => ({ ...m, frame: qgcFrame(m.frame) });
const mission = (current: fc.Arbitrary<number>) => fc.array(item(current), { minLength: 1, maxLength: 12 }).map((items) => items.map((it, seq) => ({ ...it, seq })));
const HOME = { lat: 53.5508, lon: 9.9925, altAmslM: 10 };

describe('format round-trips (fast-check)', () => {
  it('.plan: writeQgcPlan → parseQgcPlan gives the same items', () => {
    fc.assert(fc.property(mission(fc.constant(0)), (items) => {
      expect(parseQgcPlan(writeQgcPlan({ plannedHome: HOME, mission: items })).mission).toEqual(items.map(canonical));
    }), { numRuns: 200 });
  });

  it('WPL, both conventions: writeWpl → parseWpl gives the same items (and home)', () => {
    fc.assert(fc.property(mission(fc.constantFrom(0, 1)), fc.boolean(), (items, withHome) => {
      const back = withHome ? parseWpl(writeWpl(items, { home: HOME }), { convention: 'home-at-0' }) : parseWpl(writeWpl(items), { convention: 'no-home' });
      expect(back.mission).toEqual(items.map(canonical));
      if (withHome) expect(back.home).toEqual(HOME);
    }), { numRuns: 200 });
  });
});

describe('corridor fence (fast-check)', () => {
  it('random routes of 2–12 legs within 3 km: ≤ 64 items and the whole corridor inside, or an honest FENCE_LIMIT_EXCEEDED', () => {
    const leg = fc.tuple(fc.integer({ min: -1500, max: 1500 }), fc.integer({ min: -1500, max: 1500 }));
    fc.assert(fc.property(fc.array(leg, { minLength: 2, maxLength: 12 }), fc.integer({ min: 5, max: 40 }), (pts, w) => {
      const ll = pts.map(([n, e]) => offset({ lat: 53.55, lon: 10 }, n, e));
      const route = makeRoute([[ll[0]!.lat, ll[0]!.lon, 0], ...ll.map((p) => [p.lat, p.lon, 60] as const), [ll[ll.length - 1]!.lat, ll[ll.length - 1]!.lon, 0]]);
      let fence;
      try {
        fence = buildGeofence(route, { halfWidthM: w });
      } catch (e) {
        expect((e as MissionBuildError).code).toBe('FENCE_LIMIT_EXCEEDED');
        return;
      }
      expect(fence.items.length).toBeLessThanOrEqual(64);
      expect(corridorEdge(routeCentreline(route), w).filter((p) => !inFence(fence.shapes, p))).toEqual([]);
    }), { numRuns: 25, seed: 5, endOnFailure: true });
  });
});
