import { describe, expect, it } from 'vitest';
import { ALERT_CLEAR_HOLD_MS, trackAlerts } from '../../src/fleet/alerts.js';
import { checkConformance, conformanceContext, reactionFor } from '../../src/fleet/conformance.js';
import { checkLaunchHealth, requiredBatteryPct } from '../../src/fleet/health.js';
import { flying, INDEX, PROFILE, straightRoute } from './fixtures.js';

// 860 m north along lon 9.9150, clear of the port (HHI02) and the Altona hospital (HHH04, 300 m around 53.5544, 9.9028).
const FROM = { lat: 53.549, lon: 9.915 };
const TO = { lat: 53.5567, lon: 9.915 };
const route = straightRoute(FROM, TO);
const ctx = conformanceContext(route, INDEX, PROFILE, 10);
const NOW = Date.parse('2026-05-04T08:05:00Z');
const codes = (lat: number, lon: number, relAltM: number, over = {}) => checkConformance(ctx, flying({ lat, lon, relAltM, ...over }, NOW), NOW).map((v) => `${v.code}/${v.severity}`);

describe('checkConformance', () => {
  it.each([
    ['on track at plan height', 53.55, 9.915, 60, {}, []],
    ['35 m beside the track: inside the ±50 m corridor', 53.55, 9.9155, 60, {}, []],
    ['80 m beside the track', 53.55, 9.9162, 60, {}, ['OFF_CORRIDOR/warning']],
    ['inside the Altona hospital zone, 800 m off track', 53.5544, 9.9028, 60, {}, ['OFF_CORRIDOR/critical', 'IN_PROHIBITED_ZONE/critical']],
    ['25 m above the planned height', 53.55, 9.915, 85, {}, ['ALTITUDE_OUT_OF_BAND/warning']],
    ['above the 120 m ceiling', 53.55, 9.915, 125, {}, ['ALTITUDE_OUT_OF_BAND/warning', 'ABOVE_CEILING/critical']],
    ['still climbing after takeoff (PX4 TAKEOFF phase) over the cruise leg', 53.5492, 9.915, 15, { landedState: 'TAKEOFF' }, []],
    // Real PX4 climbs to the first height inside Mission mode with landed state IN_AIR (real flight h2-geofence-rtl: 3 m and 23 m).
    ['take-off climb in Mission mode, IN_AIR, 3 m over the pad', FROM.lat, FROM.lon, 3.5, { landedState: 'IN_AIR' }, []],
    ['take-off climb in Mission mode, IN_AIR, 23 m over the pad', FROM.lat + 0.00005, FROM.lon, 23, { landedState: 'IN_AIR' }, []],
    ['descending to land at the destination, IN_AIR, 20 m', TO.lat, TO.lon, 20, { landedState: 'IN_AIR' }, []],
    ['23 m high but 100 m along the cruise leg: a deviation', 53.5499, 9.915, 23, { landedState: 'IN_AIR' }, ['ALTITUDE_OUT_OF_BAND/warning']],
    ['on the ground far away: corridor not judged', 53.5544, 9.9028, 0, { armed: false, landedState: 'ON_GROUND' }, []],
    ['link lost', 53.55, 9.915, 60, { connected: false }, ['LINK_LOST/critical']],
    ['vehicle in failsafe', 53.55, 9.915, 60, { systemStatus: 'CRITICAL' }, ['VEHICLE_FAILSAFE/warning']],
    ['stale position: only the staleness is judged', 53.5544, 9.9028, 60, { lastMessageAtMs: { GLOBAL_POSITION_INT: NOW - 4000 } }, ['TELEMETRY_STALE/warning']],
    ['battery below what the rest of the route needs plus reserve', 53.5492, 9.915, 60, { battery: { remainingPct: 21, voltageV: 14.6, currentA: undefined, chargeState: 'LOW' } }, ['BATTERY_INSUFFICIENT/critical']],
  ])('%s', (_, lat, lon, alt, over, expected) => {
    expect(codes(lat, lon, alt, over)).toEqual(expected);
  });

  it("VEHICLE_FAILSAFE carries PX4's own reason: its CRITICAL STATUSTEXT and the failsafe EVENT's cause", () => {
    const text = (serial: number, severity: number, t: string) => ({ serial, severity, severityName: 'CRITICAL' as const, text: t, compid: 1, id: 0, chunks: 1, incomplete: false, atMs: NOW - 1000 });
    const s = flying({ lat: 53.55, lon: 9.915, relAltM: 60, systemStatus: 'CRITICAL', statusTexts: { recent: [text(1, 6, 'Executing Mission'), text(2, 2, 'Geofence: approaching or outside geofence'), text(3, 2, 'Failsafe activated: entering Hold for 5 seconds')], pending: [], nextSerial: 4 } }, NOW);
    const [fs] = checkConformance(ctx, s, NOW, { sinceMs: NOW - 60_000, failsafeEvent: { action: 'RTL', cause: '', delayS: 5 } });
    expect(fs?.message).toBe('vehicle 1 reports a failsafe: Geofence: approaching or outside geofence (PX4: RTL in 5 s)');
    const gcs = flying({ lat: 53.55, lon: 9.915, relAltM: 60, systemStatus: 'CRITICAL', statusTexts: { recent: [text(1, 2, 'Failsafe activated: entering Hold for 5 seconds')], pending: [], nextSerial: 2 } }, NOW);
    expect(checkConformance(ctx, gcs, NOW, { sinceMs: NOW - 60_000, failsafeEvent: { action: 'RTL', cause: 'GCS connection loss', delayS: 5 } })[0]?.message).toBe(
      'vehicle 1 reports a failsafe: GCS connection loss; Failsafe activated: entering Hold for 5 seconds (PX4: RTL in 5 s)',
    );
  });

  it('the battery need shrinks as the route is flown', () => {
    const low = { battery: { remainingPct: 23, voltageV: 15, currentA: undefined, chargeState: 'OK' } };
    expect(codes(53.5492, 9.915, 60, low)).toContain('BATTERY_INSUFFICIENT/critical');
    expect(codes(53.5565, 9.915, 60, low)).toEqual([]);
  });

  it('a shortfall within the battery report\'s whole-percent resolution is no alert; one beyond it is', () => {
    const at = (pct: number) => checkConformance(ctx, flying({ lat: 53.5492, lon: 9.915, relAltM: 60, battery: { remainingPct: pct, voltageV: 15, currentA: undefined, chargeState: 'OK' } }, NOW), NOW);
    const needPct = at(0).find((v) => v.code === 'BATTERY_INSUFFICIENT')!.details!.needPct as number;
    expect(at(Math.ceil(needPct) - 1).map((v) => v.code)).toEqual([]); // below the need by less than 1 %
    expect(at(Math.floor(needPct - 1.001)).map((v) => v.code)).toEqual(['BATTERY_INSUFFICIENT']);
  });

  it('a conditional zone the plan crossed is not an alert; the same zone unplanned is', () => {
    // Across the Norderelbe (HHW01, a federal waterway: conditional) at lon 9.935.
    const [a, b] = [{ lat: 53.544, lon: 9.935 }, { lat: 53.548, lon: 9.935 }];
    const at = flying({ lat: 53.545, lon: 9.935, relAltM: 60 }, NOW);
    const planned = conformanceContext(straightRoute(a, b, ['HHW01']), INDEX, PROFILE, 10);
    expect(checkConformance(planned, at, NOW)).toEqual([]);
    const unplanned = conformanceContext(straightRoute(a, b, []), INDEX, PROFILE, 10);
    expect(checkConformance(unplanned, at, NOW).map((x) => [x.code, x.key])).toEqual([['IN_UNPLANNED_ZONE', 'HHW01']]);
  });
});

describe('trackAlerts', () => {
  const ctxA = { vehicle: 1, deliveryId: 'd1' };
  it('raises once, keeps, escalates, clears', () => {
    const w = { code: 'OFF_CORRIDOR' as const, severity: 'warning' as const, message: 'off' };
    const c = { ...w, severity: 'critical' as const };
    let t = trackAlerts(new Map(), [w], { ...ctxA, nowMs: 0 });
    expect(t.raised).toHaveLength(1);
    t = trackAlerts(t.active, [w], { ...ctxA, nowMs: 100 });
    expect(t.raised).toHaveLength(0);
    t = trackAlerts(t.active, [c], { ...ctxA, nowMs: 200 });
    expect(t.raised.map((a) => a.severity)).toEqual(['critical']);
    t = trackAlerts(t.active, [], { ...ctxA, nowMs: 300, holdMs: 0 });
    expect(t.cleared.map((a) => [a.code, a.raisedAtMs])).toEqual([['OFF_CORRIDOR', 200]]);
    expect(t.active.size).toBe(0);
  });
  it('a condition that flaps at its threshold raises one alert; it clears only after staying away for the hold time', () => {
    const b = { code: 'BATTERY_INSUFFICIENT' as const, severity: 'critical' as const, message: 'battery' };
    const raised: number[] = [];
    const cleared: number[] = [];
    let active = new Map() as ReturnType<typeof trackAlerts>['active'];
    // seen on every other 1 Hz tick for a minute, then gone
    for (let s = 0; s <= 120; s++) {
      const t = trackAlerts(active, s <= 60 && s % 2 === 0 ? [b] : [], { ...ctxA, nowMs: s * 1000 });
      active = t.active;
      raised.push(...t.raised.map(() => s));
      cleared.push(...t.cleared.map(() => s));
    }
    expect(raised).toEqual([0]);
    expect(cleared).toEqual([61 + ALERT_CLEAR_HOLD_MS / 1000]); // first tick without it: 61 s
    expect(active.size).toBe(0);
  });
  it('an alert that comes back within the hold time is the same alert, without a pending absence', () => {
    const w = { code: 'OFF_CORRIDOR' as const, severity: 'warning' as const, message: 'off' };
    let t = trackAlerts(new Map(), [w], { ...ctxA, nowMs: 0 });
    t = trackAlerts(t.active, [], { ...ctxA, nowMs: 1000 });
    expect([t.cleared.length, t.active.get('OFF_CORRIDOR')?.absentSinceMs]).toEqual([0, 1000]);
    t = trackAlerts(t.active, [w], { ...ctxA, nowMs: 2000 });
    expect([t.raised.length, t.active.get('OFF_CORRIDOR')?.absentSinceMs, t.active.get('OFF_CORRIDOR')?.raisedAtMs]).toEqual([0, undefined, 0]);
  });
  it('keys zone alerts by zone', () => {
    const z = (key: string) => ({ code: 'IN_PROHIBITED_ZONE' as const, severity: 'critical' as const, message: key, key });
    const t = trackAlerts(new Map(), [z('HHH01'), z('HHH02')], { ...ctxA, nowMs: 0 });
    expect(t.raised).toHaveLength(2);
  });
});

describe('reactionFor', () => {
  it.each([
    ['none', [{ code: 'IN_PROHIBITED_ZONE', severity: 'critical' }], 'none'],
    ['rtl', [{ code: 'IN_PROHIBITED_ZONE', severity: 'critical' }], 'rtl'],
    ['hold', [{ code: 'OFF_CORRIDOR', severity: 'warning' }], 'none'],
    ['rtl', [{ code: 'LINK_LOST', severity: 'critical' }], 'none'],
  ] as const)('configured %s, raised %j → %s', (configured, raised, expected) => {
    expect(reactionFor(raised.map((r) => ({ ...r, message: '' })), configured)).toBe(expected);
  });
});

describe('checkLaunchHealth', () => {
  const ground = (over = {}) => flying({ lat: FROM.lat, lon: FROM.lon, relAltM: 0, armed: false, landedState: 'ON_GROUND', ...over }, NOW);
  it.each([
    ['healthy, at the start', {}, []],
    ['link lost', { connected: false }, ['LINK_LOST']],
    ['no 3D fix', { gps: { fixType: '2D_FIX', satellites: 5, hdop: 3, hAccM: 10 } }, ['GPS_NO_FIX']],
    ['few satellites', { gps: { fixType: '3D_FIX', satellites: 4, hdop: 2, hAccM: 3 } }, ['GPS_FEW_SATELLITES']],
    ['already armed', { armed: true }, ['ALREADY_ARMED']],
    ['in the air', { landedState: 'IN_AIR' }, ['NOT_ON_GROUND']],
    ['battery too low for the route', { battery: { remainingPct: 15, voltageV: 14.5, currentA: undefined, chargeState: 'LOW' } }, ['BATTERY_LOW_FOR_ROUTE']],
    ['standing elsewhere', { position: { lat: 53.56, lon: 9.95, relAltM: 0, altAmslM: 10 } }, ['NOT_AT_START']],
    ['stale telemetry', { lastMessageAtMs: { GLOBAL_POSITION_INT: NOW - 10_000 } }, ['TELEMETRY_STALE']],
  ])('%s', (_, over, expected) => {
    const r = checkLaunchHealth(ground(over), route, NOW);
    expect(r.problems.map((p) => p.code)).toEqual(expected);
    expect(r.ok).toBe(expected.length === 0);
  });
  it('the battery requirement is energy plus reserve', () => {
    expect(requiredBatteryPct(route)).toBeCloseTo((route.energyWh / 500) * 100 + 20, 6);
  });
});
