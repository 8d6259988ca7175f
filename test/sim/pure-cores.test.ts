/** Pure cores: physics profiles, battery, geofence, STATUSTEXT chunking, params, streams, faults. */
import { describe, expect, it } from 'vitest';
import { eventForText } from '../../sim/mavlink/events.js';
import { chunkText, StatusTextQueue } from '../../sim/mavlink/statustext.js';
import { StreamSchedule } from '../../sim/mavlink/streams.js';
import { DEFAULT_ENERGY_MODEL, freshBattery, powerW, stepBattery, voltageV } from '../../sim/physics/battery.js';
import { fromNE, toNE } from '../../sim/physics/geo.js';
import { landingDescentSpeed, PX4_DEFAULT_LIMITS, restingBody, stepBody, type Body, type Setpoint } from '../../sim/physics/multicopter.js';
import { NO_WIND, WindModel } from '../../sim/physics/wind.js';
import { bytewiseDecode, bytewiseEncode, ParamStore } from '../../sim/params/params.js';
import { insideAreas, insidePolygon, parseFence } from '../../sim/vehicle/geofence.js';
import { noLinkFaults, packetVerdict, suppressAck } from '../../sim/runtime/faults.js';

const HOME = { lat: 53.5508, lon: 9.9925 };
const BAT = { cells: 4, vCharged: 4.05, vEmpty: 3.6, drainS: 60, minPct: 50 };

function fly(b: Body, sp: Setpoint, seconds: number, until?: (b: Body) => boolean): { body: Body; t: number } {
  let t = 0;
  while (t < seconds && !until?.(b)) {
    b = stepBody(b, sp, PX4_DEFAULT_LIMITS, NO_WIND, 0.02);
    t += 0.02;
  }
  return { body: b, t };
}

describe('multicopter physics (PX4 default limits)', () => {
  it('climbs at MPC_TKO_SPEED below 10 m and ≤ MPC_Z_V_AUTO_UP above (delivery-flight climb profile)', () => {
    const r = fly(restingBody(), { kind: 'position', n: 0, e: 0, up: 40, speed: 5, takeoff: { sinceS: 10 } }, 60, (b) => b.up > 6);
    expect(r.body.vu).toBeCloseTo(1.5, 1);
    const r2 = fly(r.body, { kind: 'position', n: 0, e: 0, up: 40, speed: 5 }, 60, (b) => b.up > 20);
    expect(r2.body.vu).toBeGreaterThan(2.3);
    expect(r2.body.vu).toBeLessThanOrEqual(3.0001);
  });

  it('lands at 1.5 m/s above MPC_LAND_ALT1, 0.7 m/s below MPC_LAND_ALT2 (rtl: ≈1.5 above 5 m, ≈0.7 below)', () => {
    expect(landingDescentSpeed(PX4_DEFAULT_LIMITS, 30)).toBe(1.5);
    expect(landingDescentSpeed(PX4_DEFAULT_LIMITS, 7.5)).toBeCloseTo(1.1, 5);
    expect(landingDescentSpeed(PX4_DEFAULT_LIMITS, 2)).toBe(0.7);
    const r = fly({ ...restingBody(), up: 30 }, { kind: 'land', n: 0, e: 0 }, 120, (b) => b.up === 0);
    // rtl trace: 30 m → ground in ≈27 s (123.3 → ≈150.2)
    expect(r.t).toBeGreaterThan(22);
    expect(r.t).toBeLessThan(33);
  });

  it('flies a 406 m leg at 10 m/s in 46.2 s ± 20 % (delivery-flight WP1 → WP2)', () => {
    const start = { ...restingBody(), up: 60 };
    const r = fly(start, { kind: 'position', n: 406, e: 0, up: 60, speed: 10 }, 120, (b) => Math.hypot(b.n - 406, b.e) < 2);
    expect(r.t).toBeGreaterThan(46.2 * 0.8);
    expect(r.t).toBeLessThan(46.2 * 1.2);
  });

  it('never exceeds MPC_XY_VEL_MAX even when asked to', () => {
    const r = fly({ ...restingBody(), up: 20 }, { kind: 'position', n: 2000, e: 0, up: 20, speed: 50 }, 60);
    expect(Math.hypot(r.body.vn, r.body.ve)).toBeLessThanOrEqual(12.0001);
  });

  it('does not mutate its input', () => {
    const b = restingBody();
    const copy = { ...b };
    stepBody(b, { kind: 'position', n: 10, e: 0, up: 5, speed: 5 }, PX4_DEFAULT_LIMITS, NO_WIND, 0.1);
    expect(b).toEqual(copy);
  });

  it('wind: seeded gusts repeat exactly; a gust fault adds the requested speed', () => {
    const a = new WindModel({ speedMps: 3, fromDeg: 270, gustStdMps: 1, gustTauS: 2 }, 7);
    const b = new WindModel({ speedMps: 3, fromDeg: 270, gustStdMps: 1, gustTauS: 2 }, 7);
    const sa = Array.from({ length: 50 }, () => a.step(0.1));
    const sb = Array.from({ length: 50 }, () => b.step(0.1));
    expect(sa).toEqual(sb);
    const calm = new WindModel({ speedMps: 0, fromDeg: 0, gustStdMps: 0, gustTauS: 3 }, 1);
    calm.gust(8, 0, 2); // from the north: air moves south
    expect(calm.step(0.1).n).toBeCloseTo(-8, 5);
  });

  it('geo: toNE/fromNE round-trip within a millimetre', () => {
    const p = fromNE({ n: 295, e: -120 }, HOME);
    const ne = toNE(p, HOME);
    expect(ne.n).toBeCloseTo(295, 3);
    expect(ne.e).toBeCloseTo(-120, 3);
  });
});

describe('battery', () => {
  it('SIM_BAT_DRAIN 60 s: 100 → 50 % (SIM_BAT_MIN_PCT) in 30 s while armed, then stays (battery-failsafe)', () => {
    let s = freshBattery();
    for (let t = 0; t < 30; t += 0.1) s = stepBattery(s, { kind: 'px4-sim' }, BAT, { armed: true, flying: true, airspeedMps: 0, climbMps: 0, dt: 0.1 });
    expect(s.soc).toBeCloseTo(0.5, 2);
    for (let t = 0; t < 30; t += 0.1) s = stepBattery(s, { kind: 'px4-sim' }, BAT, { armed: true, flying: true, airspeedMps: 0, climbMps: 0, dt: 0.1 });
    expect(s.soc).toBe(0.5);
    s = stepBattery(s, { kind: 'px4-sim' }, BAT, { armed: false, flying: false, airspeedMps: 0, climbMps: 0, dt: 0.1 });
    expect(s.soc).toBe(1);
    expect(s.reportedSoc).toBeLessThan(1); // filtered, as the 58 → 94 → 99 % jump after disarm
  });

  it('voltage: 4 cells 16.2 V full, 14.4 V empty, 15.3 V at 50 % (trace SYS_STATUS 15300 mV)', () => {
    expect(voltageV(BAT, 1)).toBeCloseTo(16.2, 5);
    expect(voltageV(BAT, 0)).toBeCloseTo(14.4, 5);
    expect(voltageV(BAT, 0.5)).toBeCloseTo(15.3, 5);
  });

  it('energy model: hover power, cruise power, Wh integration', () => {
    expect(powerW(DEFAULT_ENERGY_MODEL, 0, 0, true)).toBe(300);
    expect(powerW(DEFAULT_ENERGY_MODEL, 10, 0, true)).toBeCloseTo(300 * 0.88 + 50, 5);
    expect(powerW(DEFAULT_ENERGY_MODEL, 10, 0, false)).toBe(0);
    let s = freshBattery();
    for (let t = 0; t < 600; t += 0.5) s = stepBattery(s, { kind: 'energy', ...DEFAULT_ENERGY_MODEL }, BAT, { armed: true, flying: true, airspeedMps: 0, climbMps: 0, dt: 0.5 });
    expect(s.usedWh).toBeCloseTo(50, 5); // 300 W × 10 min
    expect(s.soc).toBeCloseTo(0.5, 5);
  });
});

describe('geofence', () => {
  const vertex = (cmd: number, lat: number, lon: number, p1: number) => ({ seq: 0, frame: 5, command: cmd, current: 0, autocontinue: 0, param1: p1, param2: 0, param3: 0, param4: 0, x: Math.round(lat * 1e7), y: Math.round(lon * 1e7), z: 0 });
  // fence-rally: 4-vertex inclusion polygon and a 50 m exclusion circle
  const items = [
    vertex(5001, 53.5495, 9.989, 4),
    vertex(5001, 53.5495, 10.0035, 4),
    vertex(5001, 53.56, 10.0035, 4),
    vertex(5001, 53.56, 9.989, 4),
    vertex(5004, 53.5545, 9.9905, 50),
  ];
  const areas = parseFence(items, HOME);
  it.each([
    ['home', HOME, true],
    ['north of the polygon', { lat: 53.561, lon: 9.9925 }, false],
    ['inside the exclusion circle', { lat: 53.5545, lon: 9.9905 }, false],
    ['just outside the circle', { lat: 53.5545, lon: 9.9915 }, true],
  ])('%s → inside=%s', (_n, p, want) => {
    expect(insideAreas(toNE(p, HOME), areas)).toBe(want);
  });
  it('concave "dart" of geofence-breach part B: home and 200 m north inside, 100 m north outside', () => {
    const dart = [
      { n: -60, e: -40 },
      { n: 100, e: 120 },
      { n: 260, e: -40 },
      { n: 100, e: 40 },
    ];
    expect(insidePolygon({ n: 0, e: 0 }, dart)).toBe(true);
    expect(insidePolygon({ n: 200, e: 0 }, dart)).toBe(true);
    expect(insidePolygon({ n: 100, e: 0 }, dart)).toBe(false);
    expect(insidePolygon({ n: 19, e: 0 }, dart)).toBe(true);
    expect(insidePolygon({ n: 21, e: 0 }, dart)).toBe(false);
  });
});

describe('STATUSTEXT', () => {
  it('splits > 50 characters into chunks with one id (rtl 76.421: "RTL: start return …" + "\\t")', () => {
    const c = chunkText(6, 'RTL: start return at 40 m (30 m above destination)\t', 3);
    expect(c).toEqual([
      { severity: 6, text: 'RTL: start return at 40 m (30 m above destination)', id: 3, chunkSeq: 0 },
      { severity: 6, text: '\t', id: 3, chunkSeq: 1 },
    ]);
  });
  it('holds texts until connected, drops those older than 5 s (link-loss)', () => {
    const q = new StatusTextQueue();
    q.push(2, 'old\t', 0);
    q.push(2, 'new\t', 4);
    expect(q.take(4.5, false)).toEqual([]);
    const out = q.take(6, true);
    expect(out.map((c) => [c.text, c.id])).toEqual([['new\t', 0]]);
  });
});

describe('parameters', () => {
  it('906 PX4 parameters, alphabetical, MIS_TAKEOFF_ALT at index 572 (commands 24.607)', () => {
    const p = new ParamStore();
    expect(p.count).toBe(906);
    expect(p.find('MIS_TAKEOFF_ALT')).toMatchObject({ index: 572, value: 2.5, type: 9 });
    expect(p.at(0)?.name).toBe('ASPD_SCALE_1');
  });
  it('int32 values travel bytewise (GF_ACTION 2 ≈ 3e-45; SDLOG_MODE −1 is a NaN pattern)', () => {
    expect(bytewiseEncode(2)).toBeCloseTo(2.8e-45, 46);
    expect(bytewiseDecode(bytewiseEncode(-1))).toBe(-1);
    expect(Number.isNaN(bytewiseEncode(-1))).toBe(true);
  });
});

describe('streams', () => {
  it('PX4 rates: HEARTBEAT 1 Hz from 2.0 s, HOME_POSITION 0.5 Hz, GLOBAL_POSITION_INT ≈48.8 Hz', () => {
    const s = new StreamSchedule();
    const counts = new Map<number, number>();
    for (let ms = 10_000; ms < 30_000; ms += 5) for (const id of s.due(ms, false)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.get(0)).toBe(20);
    expect(counts.get(242)).toBe(10);
    expect((counts.get(33) ?? 0) / 20).toBeGreaterThan(48.8 * 0.95);
    expect(counts.get(87)).toBeUndefined(); // POSITION_TARGET_GLOBAL_INT only while flying
  });
  it('SET_MESSAGE_INTERVAL 0 restores GLOBAL_POSITION_INT to its 5 Hz link default, not 50 Hz (commands 16.279)', () => {
    const s = new StreamSchedule();
    s.setInterval(33, 100_000, 0);
    expect(s.interval(33)).toBe(100_000);
    s.setInterval(33, 0, 0);
    expect(s.interval(33)).toBe(200_000);
    s.setInterval(241, -1, 0);
    expect(s.interval(241)).toBe(-1);
  });
});

describe('EVENTs', () => {
  it('texts map to PX4 event ids with arguments (events-seen.json: vrtl_return_at, mission_climb_before_start, armed_by)', () => {
    expect(eventForText('Takeoff detected\t')).toEqual({ id: 21054825, logLevels: 102, args: [] });
    expect(eventForText('RTL: start return at 40 m (30 m above destination)\t')).toEqual({ id: 22161044, logLevels: 102, args: [40, 0, 0, 0, 30, 0, 0, 0] });
    expect(eventForText('Climb to 40.0 meters above home\t')!.args).toEqual([0, 0, 32, 66]); // float 40 (trace bytes)
    expect(eventForText('Armed by external command\t')!.args).toEqual([4]);
    expect(eventForText('Geofence violation for waypoint 2\t')).toEqual({ id: 19608877, logLevels: 99, args: [2, 0] });
    expect(eventForText('something PX4 never said')).toBeUndefined();
  });
});

describe('link faults', () => {
  it('packet verdicts', () => {
    const f = noLinkFaults();
    expect(packetVerdict(f, 1, 0.5)).toBe('deliver');
    expect(packetVerdict({ ...f, downUntilS: 5 }, 1, 0.5)).toBe('drop');
    expect(packetVerdict({ ...f, lossPct: 60 }, 1, 0.5)).toBe('drop');
    expect(packetVerdict({ ...f, lossPct: 40 }, 1, 0.5)).toBe('deliver');
    expect(packetVerdict({ ...f, latencyMs: 200 }, 1, 0.5)).toBe('delay');
    expect(suppressAck({ ...f, neverAck: new Set([400]) }, 400)).toBe(true);
    expect(suppressAck({ ...f, neverAck: new Set([400]) }, 176)).toBe(false);
    expect(suppressAck({ ...f, neverAck: 'all' }, 176)).toBe(true);
  });
});
