/** VehicleState reducer tables: one message kind per row, plus purity and component filtering. */
import { describe, expect, it } from 'vitest';
import type { MavLinkData } from '../../../firmware-bridge/codec/dialect.js';
import {
  REACHED_HISTORY_MAX,
  initialVehicleState,
  isStale,
  markConnected,
  messageAgeMs,
  reduceVehicleState,
  type VehicleState,
} from '../../../firmware-bridge/vehicle/state.js';
import { inbound } from '../command/fake-channel.js';
import * as m from './messages.js';

const from = (compid = 1, sysid = 1) => ({ sysid, compid });
function apply(msgs: MavLinkData[], s: VehicleState = initialVehicleState(1), t0 = 1000, src = from()): VehicleState {
  return msgs.reduce<VehicleState>((acc, d, i) => reduceVehicleState(acc, inbound(d, src), t0 + i), s);
}

describe('reduceVehicleState: one message kind per row', () => {
  const cases: [string, MavLinkData[], Partial<VehicleState>][] = [
    [
      'HEARTBEAT disarmed Hold (boot)',
      [m.hb({ customMode: 0x03040000, baseMode: 0x1d, status: 0 })],
      { connected: true, armed: false, flightMode: 'Hold', customMode: 0x03040000, baseMode: 0x1d, systemStatus: 'UNINIT', vehicleType: 2, autopilot: 12 },
    ],
    ['HEARTBEAT armed Mission', [m.hb({ customMode: 0x04040000, baseMode: 0x9d, status: 4 })], { armed: true, flightMode: 'Mission', systemStatus: 'ACTIVE' }],
    ['HEARTBEAT failsafe RTL', [m.hb({ customMode: 0x05040000, baseMode: 0x9d, status: 5 })], { armed: true, flightMode: 'RTL', systemStatus: 'CRITICAL' }],
    ['HEARTBEAT unknown mode', [m.hb({ customMode: 0x00630000 })], { flightMode: 'Unknown(0x00630000)' }],
    ['HEARTBEAT of a non-PX4 autopilot', [m.hb({ autopilot: 3, customMode: 4 })], { flightMode: 'Unknown(0x00000004)', autopilot: 3 }],
    ['GCS HEARTBEAT (autopilot INVALID) is ignored', [m.gcsHb()], { connected: false, flightMode: undefined, armed: false }],
    [
      'GLOBAL_POSITION_INT',
      [m.globalPos({ lat: 535508000, lon: 99925000, altMm: 49_400, relMm: 40_000, vx: 300, vy: 400, vz: -150, hdg: 9000 })],
      {
        position: { lat: 53.5508, lon: 9.9925, altAmslM: 49.4, relAltM: 40 },
        velocity: { northMps: 3, eastMps: 4, downMps: -1.5, groundSpeedMps: 5 },
        headingDeg: 90,
      },
    ],
    ['GLOBAL_POSITION_INT without heading (65535)', [m.globalPos({ lat: 0, lon: 0, altMm: 0, relMm: 0 })], { headingDeg: undefined }],
    ['GPS_RAW_INT 3D fix', [m.gpsRaw(3, 10, 70)], { gps: { fixType: '3D_FIX', satellites: 10, hdop: 0.7, hAccM: 0.9 } }],
    ['GPS_RAW_INT unknowns', [m.gpsRaw(1, 255, 65535, 0)], { gps: { fixType: 'NO_FIX', satellites: undefined, hdop: undefined, hAccM: undefined } }],
    ['SYS_STATUS battery', [m.sysStatus(99, 16200)], { battery: { remainingPct: 99, voltageV: 16.2, currentA: undefined, chargeState: undefined } }],
    ['SYS_STATUS unknown battery', [m.sysStatus(-1, 65535)], { battery: { remainingPct: undefined, voltageV: undefined, currentA: undefined, chargeState: undefined } }],
    [
      'BATTERY_STATUS (PX4 SITL: pack voltage in voltages[0]) low',
      [m.batteryStatus({ remaining: 15, voltages: [14670], chargeState: 2 })],
      { battery: { remainingPct: 15, voltageV: 14.67, currentA: -1, chargeState: 'LOW' } },
    ],
    [
      'BATTERY_STATUS per-cell voltages are summed',
      [m.batteryStatus({ remaining: 7, voltages: [3600, 3610, 3590, 3600], chargeState: 3 })],
      { battery: { remainingPct: 7, voltageV: 14.4, currentA: -1, chargeState: 'CRITICAL' } },
    ],
    ['SYS_STATUS keeps the charge state BATTERY_STATUS gave', [m.batteryStatus({ remaining: 5, voltages: [14500], chargeState: 4 }), m.sysStatus(5, 14500)], { battery: { remainingPct: 5, voltageV: 14.5, currentA: undefined, chargeState: 'EMERGENCY' } }],
    ['EXTENDED_SYS_STATE', [m.extSysState(3)], { landedState: 'TAKEOFF' }],
    ['MISSION_CURRENT without a mission (total 65535)', [m.missionCurrent(0, 65535)], { mission: { currentSeq: 0, total: 0, missionId: 0, fenceId: 0, rallyId: 0 } }],
    [
      'MISSION_CURRENT with plan ids',
      [m.missionCurrent(2, 7, 3971944974, 3382803692, 3633577010)],
      { mission: { currentSeq: 2, total: 7, missionId: 3971944974, fenceId: 3382803692, rallyId: 3633577010 } },
    ],
    ['MISSION_ITEM_REACHED repeated 11× counts once', [m.reached(0), m.reached(1), ...Array(10).fill(m.reached(1)), m.reached(2)], { reachedItems: [0, 1, 2], lastReachedSeq: 2 }],
    ['HOME_POSITION', [m.home(535584965, 100000055, 9_950)], { home: { lat: 53.5584965, lon: 10.0000055, altAmslM: 9.95 } }],
  ];

  it.each(cases)('%s', (_, msgs, expected) => {
    expect(apply(msgs)).toMatchObject(expected);
  });

  it('ATTITUDE (rad → deg)', () => {
    const a = apply([m.attitude(Math.PI / 6, -Math.PI / 12, Math.PI)]).attitude!;
    expect([a.rollDeg, a.pitchDeg, a.yawDeg].map((x) => Math.round(x * 1e4) / 1e4)).toEqual([30, -15, 180]);
  });

  it('STATUSTEXT lands in the recent list, reassembled', () => {
    const s = apply([m.statusText('RTL: start return at 40 m (30 m above destination)', 6, 3, 0), m.statusText('\t', 6, 3, 1), m.statusText('Low battery\t', 0)]);
    expect(s.statusTexts.recent.map((e) => [e.severityName, e.text])).toEqual([
      ['INFO', 'RTL: start return at 40 m (30 m above destination)'],
      ['EMERGENCY', 'Low battery'],
    ]);
  });
});

describe('reduceVehicleState: filtering, purity, staleness', () => {
  it('ignores other systems entirely (same object back)', () => {
    const s = initialVehicleState(1);
    expect(reduceVehicleState(s, inbound(m.hb(), from(1, 2)), 5)).toBe(s);
  });

  it('other components of the vehicle: STATUSTEXT kept (with compid), telemetry ignored', () => {
    const s = apply([m.hb({ baseMode: 0x9d }), m.hb({ baseMode: 0, autopilot: 12 }), m.statusText('camera ready')], initialVehicleState(1), 0, from(100));
    expect(s.armed).toBe(false);
    expect(s.connected).toBe(false);
    expect(s.statusTexts.recent).toMatchObject([{ text: 'camera ready', compid: 100 }]);
    expect(s.lastMessageAtMs).toEqual({});
  });

  it('does not mutate the state it is given', () => {
    const s0 = apply([m.hb(), m.missionCurrent(1, 7), m.reached(0), m.statusText('A'.repeat(50), 6, 1, 0)]);
    const copy = structuredClone(s0);
    apply([m.hb({ baseMode: 0x9d, customMode: 0x04040000 }), m.missionCurrent(2, 7), m.reached(1), m.statusText('end', 6, 1, 1), m.home(1, 2, 3)], s0, 2000);
    expect(s0).toEqual(copy);
  });

  it('records the last time of every message kind for staleness', () => {
    const s = apply([m.hb(), m.attitude(0, 0, 0)], initialVehicleState(1), 1000);
    expect(s.lastMessageAtMs).toEqual({ HEARTBEAT: 1000, ATTITUDE: 1001 });
    expect(messageAgeMs(s, 'ATTITUDE', 1501)).toBe(500);
    expect(messageAgeMs(s, 'GLOBAL_POSITION_INT', 1501)).toBeUndefined();
    expect(isStale(s, 'ATTITUDE', 1501, 500)).toBe(false);
    expect(isStale(s, 'ATTITUDE', 1502, 500)).toBe(true);
    expect(isStale(s, 'GLOBAL_POSITION_INT', 1000, 10_000)).toBe(true);
  });

  it('a pending STATUSTEXT chunk is flushed by later traffic after the chunk timeout', () => {
    const s = apply([m.statusText('A'.repeat(50), 6, 9, 0)], initialVehicleState(1), 0);
    expect(s.statusTexts.recent).toEqual([]);
    const later = reduceVehicleState(s, inbound(m.attitude(0, 0, 0)), 5000);
    expect(later.statusTexts.recent).toMatchObject([{ text: 'A'.repeat(50), incomplete: true }]);
  });

  it('reached history is bounded', () => {
    const s = apply(Array.from({ length: REACHED_HISTORY_MAX + 3 }, (_, i) => m.reached(i)));
    expect(s.reachedItems).toHaveLength(REACHED_HISTORY_MAX);
    expect(s.reachedItems[0]).toBe(3);
  });

  it('markConnected flips connected and returns the same object when unchanged', () => {
    const s = apply([m.hb()]);
    expect(markConnected(s, true)).toBe(s);
    expect(markConnected(s, false)).toMatchObject({ connected: false, flightMode: 'Hold' });
  });
});
