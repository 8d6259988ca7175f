/**
 * Replay recorded PX4 1.16 SITL flights (../shared/px4) through the VehicleState reducer, every
 * packet, and check the facts the recording's README states.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../firmware-bridge/codec/decode.js';
import { messageName } from '../../../firmware-bridge/codec/dialect.js';
import { parseTlog, type TlogReadSummary } from '../../../firmware-bridge/tlog/reader.js';
import { initialVehicleState, reduceVehicleState, type VehicleState } from '../../../firmware-bridge/vehicle/state.js';

const PX4 = join(import.meta.dirname, '../../../../shared/px4');

interface Replay {
  final: VehicleState;
  /** Consecutive distinct values of a field over the flight. */
  changes<T>(pick: (s: VehicleState) => T): T[];
  texts: string[];
  packets: number;
  summary: TlogReadSummary;
}

function replay(file: string): Replay {
  let state = initialVehicleState(1);
  const states: VehicleState[] = [];
  const texts: string[] = [];
  let packets = 0;
  const summary: TlogReadSummary = { records: 0, badRecords: 0 };
  for (const { timestampUs, frame } of parseTlog(readFileSync(join(PX4, file)), summary)) {
    packets++;
    const next = reduceVehicleState(state, { frame, name: messageName(frame.msgid), data: decodeFrame(frame) }, Number(timestampUs / 1000n));
    if (next.statusTexts !== state.statusTexts) {
      const seen = state.statusTexts.nextSerial;
      for (const e of next.statusTexts.recent) if (e.serial >= seen) texts.push(e.text);
    }
    // Keep one state per HEARTBEAT-ish change only: the field histories below need transitions, not every sample.
    if (next.flightMode !== state.flightMode || next.armed !== state.armed || next.landedState !== state.landedState || next.home !== state.home) states.push(next);
    state = next;
  }
  return {
    final: state,
    texts,
    packets,
    summary,
    changes<T>(pick: (s: VehicleState) => T): T[] {
      const out: T[] = [];
      for (const s of states) {
        const v = pick(s);
        if (v !== undefined && (out.length === 0 || JSON.stringify(out.at(-1)) !== JSON.stringify(v))) out.push(v);
      }
      return out;
    },
  };
}

describe('replay delivery-flight.tlog through the reducer', () => {
  const r = replay('delivery-flight.tlog');

  it('ran every packet (both directions; GCS packets change nothing)', () => {
    expect(r.summary).toEqual({ records: r.packets, badRecords: 0 });
    expect(r.packets).toBeGreaterThan(75_000);
    expect(r.final.sysid).toBe(1);
  });

  it('mode sequence Hold → Mission (and stays Mission after landing)', () => {
    expect(r.changes((s) => s.flightMode)).toEqual(['Hold', 'Mission']);
  });

  it('armed, then disarmed', () => {
    expect(r.changes((s) => s.armed)).toEqual([false, true, false]);
  });

  it('landed state ON_GROUND → TAKEOFF → IN_AIR → LANDING → ON_GROUND', () => {
    expect(r.changes((s) => s.landedState)).toEqual(['ON_GROUND', 'TAKEOFF', 'IN_AIR', 'LANDING', 'ON_GROUND']);
  });

  it('reached items 0..6, each once despite PX4 repeating them', () => {
    expect(r.final.reachedItems).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('mission progress reports the uploaded 7-item mission by its id', () => {
    expect(r.final.mission).toMatchObject({ total: 7, missionId: 3971944974 });
  });

  it('status texts in order, tab stripped, including "Mission finished, landed"', () => {
    const wanted = ['Armed by external command', 'Executing Mission', 'Climb to 40.0 meters above home', 'Takeoff detected', 'Landing detected', 'Mission finished, landed', 'Disarmed by landing'];
    expect(r.texts.filter((t) => wanted.includes(t))).toEqual(wanted);
    expect(r.texts.every((t) => !t.endsWith('\t'))).toBe(true);
  });

  it('home moves to the landing point after landing', () => {
    const homes = r.changes((s) => s.home && { lat: s.home.lat, lon: s.home.lon });
    expect(homes[0]!.lat).toBeCloseTo(53.5508, 4);
    expect(homes[0]!.lon).toBeCloseTo(9.9925, 4);
    expect(r.final.home!.lat).toBeCloseTo(53.5584965, 6);
    expect(r.final.home!.lon).toBeCloseTo(10.0000055, 6);
    expect(r.final.position!.lat).toBeCloseTo(53.5585, 4);
  });

  it('telemetry is filled in', () => {
    expect(r.final).toMatchObject({ connected: true, systemStatus: 'STANDBY', gps: { fixType: '3D_FIX' } });
    expect(r.final.battery?.remainingPct).toBeGreaterThan(0);
    expect(r.final.battery?.voltageV).toBeGreaterThan(14);
    expect(r.final.attitude).toBeDefined();
  });
});

describe('replay rtl.tlog', () => {
  it('the two-chunk RTL text is reassembled; modes Hold → Takeoff → Hold → RTL → Hold', () => {
    const r = replay('rtl.tlog');
    expect(r.texts).toContain('RTL: start return at 40 m (30 m above destination)');
    expect(r.texts).toContain('RTL: land at destination');
    expect(r.changes((s) => s.flightMode)).toEqual(['Hold', 'Takeoff', 'Hold', 'RTL', 'Hold']);
  });
});
