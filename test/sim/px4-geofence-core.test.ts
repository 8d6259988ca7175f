/** Pure cores of the PX4 1.16 geofence/RTL port: braking distance, area logic, corner speed, RTL destination. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { common } from '../../firmware-bridge/codec/dialect.js';
import { brakingDistanceHorizontal, brakingDistanceVertical, PX4_BRAKING_DEFAULTS as D, speedAtWaypoint } from '../../sim/physics/braking.js';
import { fromNE } from '../../sim/physics/geo.js';
import { sihMaxAirspeed } from '../../sim/physics/multicopter.js';
import { checkPoint, insideAreas, loadAreas, type FenceArea } from '../../sim/vehicle/geofence.js';
import { returnAltitudeAmsl, rtlDestination, rtlStartText } from '../../sim/vehicle/rtl.js';
import { Px4Vehicle } from '../../sim/vehicle/vehicle.js';

const square = (n0: number, e0: number, size: number, inclusion = true): FenceArea => ({
  kind: 'polygon',
  inclusion,
  vertices: [
    { n: n0, e: e0 },
    { n: n0 + size, e: e0 },
    { n: n0 + size, e: e0 + size },
    { n: n0, e: e0 + size },
  ],
});

describe('braking distance (VelocitySmoothing with the acceleration delay, + 0.2 s × speed)', () => {
  it.each([
    [0, 5.4],
    [2, 11.8],
    [5, 23.9],
    [9.9, 50.12],
    [12, 63.8],
  ])('%s m/s → %s m with PX4 defaults (MPC_ACC_HOR 3, MPC_ACC_HOR_MAX 5, MPC_JERK_AUTO 4)', (v, d) => {
    expect(brakingDistanceHorizontal(v, D)).toBeCloseTo(d, 1);
  });
  it('grows with speed, shrinks with a higher jerk limit', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 15, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), (v, dv) => {
        expect(brakingDistanceHorizontal(v + dv, D)).toBeGreaterThan(brakingDistanceHorizontal(v, D));
        expect(brakingDistanceHorizontal(v, { ...D, jerkAuto: 8 })).toBeLessThan(brakingDistanceHorizontal(v, D));
      }),
    );
  });
  it('vertical: signed by the climb rate, 0 at rest', () => {
    expect(brakingDistanceVertical(0, D)).toBe(0);
    expect(brakingDistanceVertical(3, D)).toBeGreaterThan(0);
    expect(brakingDistanceVertical(-1.5, D)).toBeLessThan(0);
  });
});

describe('fence areas as PX4 1.16 evaluates them', () => {
  it('every inclusion area must contain the point (no union), every exclusion area must not', () => {
    const a = square(0, 0, 100);
    const b = square(50, 50, 100);
    expect(insideAreas({ n: 75, e: 75 }, [a, b])).toBe(true);
    expect(insideAreas({ n: 20, e: 20 }, [a, b])).toBe(false); // only in a
    expect(insideAreas({ n: 20, e: 20 }, [a, square(10, 10, 20, false)])).toBe(false);
    expect(insideAreas({ n: 20, e: 20 }, [])).toBe(true);
  });
  it('loading drops areas that do not contain home, with PX4’s text', () => {
    const { kept, texts } = loadAreas([square(-10, -10, 20), square(50, 50, 20)], { n: 0, e: 0 }, undefined);
    expect(kept).toHaveLength(1);
    expect(texts).toEqual(["Geofence invalid, doesn't contain Home position\t"]);
  });
  it('GF_MAX_HOR_DIST / GF_MAX_VER_DIST are strict limits from home; 0 = off', () => {
    const home = { n: 0, e: 0, up: 0 };
    expect(checkPoint({ n: 100, e: 0, up: 0 }, [], home, { maxHorDist: 100, maxVerDist: 0 })).toEqual({ maxDist: true, maxAlt: false, fence: false });
    expect(checkPoint({ n: 99.9, e: 0, up: 120 }, [], home, { maxHorDist: 100, maxVerDist: 120 })).toEqual({ maxDist: false, maxAlt: true, fence: false });
    expect(checkPoint({ n: 1e4, e: 0, up: 1e3 }, [], home, { maxHorDist: 0, maxVerDist: 0 })).toEqual({ maxDist: false, maxAlt: false, fence: false });
  });
});

describe('corner speed (TrajMath) and SIH top speed', () => {
  const c = { cruise: 10, accHor: 3, trajP: 0.5, accRad: 2, altRad: 0.8 };
  it('straight on → cruise; 90° → √(0.5·3·2) ≈ 1.73 m/s; last waypoint or an altitude change → stop', () => {
    expect(speedAtWaypoint({ n: 0, e: 0, up: 50 }, { n: 100, e: 0, up: 50 }, { n: 200, e: 0, up: 50 }, c)).toBe(10);
    expect(speedAtWaypoint({ n: 0, e: 0, up: 50 }, { n: 100, e: 0, up: 50 }, { n: 100, e: 100, up: 50 }, c)).toBeCloseTo(Math.sqrt(3), 3);
    expect(speedAtWaypoint({ n: 0, e: 0, up: 50 }, { n: 100, e: 0, up: 50 }, undefined, c)).toBe(0);
    expect(speedAtWaypoint({ n: 0, e: 0, up: 50 }, { n: 100, e: 0, up: 50 }, { n: 200, e: 0, up: 60 }, c)).toBe(0);
  });
  it('SIH: mass·g·tan(MPC_TILTMAX_AIR)/SIH_KDV = 9.81 m/s with the defaults', () => {
    expect(sihMaxAirspeed(1, 1, 45)).toBeCloseTo(9.81, 2);
    expect(sihMaxAirspeed(1, 0, 45)).toBe(Infinity);
  });
});

describe('RTL destination (rtl.cpp findRtlDestination)', () => {
  const HOME = { lat: 53.5914, lon: 9.9767, altAmsl: 15 };
  const rally = (n: number, e: number, frame: number, z = 0) => {
    const p = fromNE({ n, e }, HOME);
    return { seq: 0, frame, command: 5100, current: 0, autocontinue: 1, param1: 0, param2: 0, param3: 0, param4: 0, x: Math.round(p.lat * 1e7), y: Math.round(p.lon * 1e7), z };
  };
  const land = (n: number, e: number) => {
    const p = fromNE({ n, e }, HOME);
    return { seq: 0, frame: 6, command: 21, current: 0, autocontinue: 1, param1: 0, param2: 0, param3: 0, param4: 0, x: Math.round(p.lat * 1e7), y: Math.round(p.lon * 1e7), z: 0 };
  };
  const vehicleAt = (n: number, e: number, params: Record<string, number>) => {
    const v = new Px4Vehicle({ sysid: 1, home: HOME });
    for (const [k, x] of Object.entries(params)) v.params.set(k, x);
    v.s.homeValid = true;
    v.s.body = { ...v.s.body, n, e, up: 60 };
    return v;
  };
  it.each([
    ['RTL_TYPE 0: the closest of home and the rally points', 0, [rally(1000, 0, 3), rally(3000, 0, 3)], 2500, { kind: 'rally', index: 1 }],
    ['RTL_TYPE 0: home when it is closer', 0, [rally(1000, 0, 3)], 300, { kind: 'home' }],
    ['rally points within 10 m of home do not count', 0, [rally(5, 0, 3)], 4, { kind: 'home' }],
    ['RTL_TYPE 1: the closest of mission landing and rally points, never home', 1, [rally(3000, 0, 3)], 100, { kind: 'mission-land' }],
    ['RTL_TYPE 1: a closer rally point wins over the mission landing', 1, [rally(1500, 0, 3)], 1400, { kind: 'rally', index: 0 }],
    ['frame 6 rally points are skipped (PX4: "RTL: unsupported MAV_FRAME")', 0, [rally(1000, 0, 6)], 1000, { kind: 'home' }],
  ])('%s', (_name, type, points, north, want) => {
    const v = vehicleAt(north, 0, { RTL_TYPE: type });
    v.setPlan(common.MavMissionType.MISSION, [land(2000, 0)], 1);
    v.setPlan(common.MavMissionType.RALLY, points, 2);
    expect(rtlDestination(v).dest).toMatchObject(want);
  });
  it('return altitude: destination + RTL_RETURN_ALT, never below the current altitude; PX4 rounds the text up', () => {
    const v = vehicleAt(1000, 0, { RTL_TYPE: 0, RTL_CONE_ANG: 0, RTL_RETURN_ALT: 60 });
    v.setPlan(common.MavMissionType.RALLY, [rally(1010, 0, 3)], 2);
    const { dest } = rtlDestination(v);
    expect(returnAltitudeAmsl(v, dest)).toBeCloseTo(75, 6);
    expect(rtlStartText(75.3, dest)).toBe('RTL: start return at 76 m (61 m above destination)\t');
  });
});
