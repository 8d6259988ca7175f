/** Boot sequence and the GCS-link message set/rates, over real UDP (README "Facts common to all traces", "Message rates"). */
import { afterEach, describe, expect, it } from 'vitest';
import type { common, minimal } from '../../firmware-bridge/codec/dialect.js';
import { harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('boot', () => {
  it('first HEARTBEAT ≈1 s after the first packet: Hold 0x03040000, base 0x1d, UNINIT; STANDBY once ready (boot-idle)', async () => {
    h = await harness();
    await h.run(7);
    const hb = h.of<minimal.Heartbeat>('HEARTBEAT');
    const first = hb[0]!;
    expect(first.t).toBeGreaterThanOrEqual(1.9);
    expect(first.t).toBeLessThan(2.3);
    expect(first.data.customMode).toBe(0x03040000);
    expect(Number(first.data.baseMode)).toBe(0x1d);
    expect(Number(first.data.systemStatus)).toBe(0);
    expect(Number(first.data.type)).toBe(2);
    expect(Number(first.data.autopilot)).toBe(12);
    const standby = hb.find((x) => Number(x.data.systemStatus) === 3)!;
    expect(standby.t).toBeGreaterThan(4.5);
    expect(standby.t).toBeLessThan(6.8);
    const firstPacket = h.rx[0]!;
    expect(firstPacket.name).toBe('POSITION_TARGET_LOCAL_NED');
    const mc = h.of<common.MissionCurrent>('MISSION_CURRENT')[0]!;
    expect(mc.data.total).toBe(65535);
    expect(h.of('PARAM_VALUE').length).toBe(21); // the startup script's parameters, unsolicited
    expect(h.texts()).toEqual([]); // no STATUSTEXT during a normal boot
  });

  it('arming before ready → TEMPORARILY_REJECTED and "Arming denied: Resolve system health failures first" in 2 chunks; accepted once ready (commands 1.948 / 9.440)', async () => {
    h = await harness();
    await h.run(1.9);
    expect(await h.command(400, [1])).toBe(1);
    await h.run(3);
    const texts = h.texts();
    expect(texts.map((t) => t.text)).toEqual(['Arming denied: Resolve system health failures first\t']);
    expect(h.of<common.StatusText>('STATUSTEXT').map((r) => [r.data.text, r.data.chunkSeq])).toEqual([['Arming denied: Resolve system health failures firs', 0], ['t\t', 1]]);
    expect(texts[0]!.severity).toBe(2);
    expect(texts[0]!.t).toBeGreaterThan(2.9); // delivered ≈2 s after the GCS's first heartbeat (3.095 in commands)
    await h.run(2);
    const sys = h.of<common.SysStatus>('SYS_STATUS').at(-1)!;
    expect(Number(sys.data.onboardControlSensorsHealth) & 0x10000000).toBe(0x10000000);
    expect(await h.command(400, [1], { compid: 0 })).toBe(0);
    await h.run(1);
    expect(h.texts().at(-1)!.text).toBe('Armed by external command\t');
    const hb = h.of<minimal.Heartbeat>('HEARTBEAT').at(-1)!;
    expect(Number(hb.data.baseMode)).toBe(0x9d);
    expect(Number(hb.data.systemStatus)).toBe(4);
  });

  it('HOME_POSITION appears ≈1 s after the first HEARTBEAT and every 2 s (boot-idle 3.028)', async () => {
    h = await harness();
    await h.run(12);
    const home = h.of<common.HomePosition>('HOME_POSITION');
    expect(home[0]!.t).toBeGreaterThan(2.9);
    expect(home[0]!.t).toBeLessThan(3.3);
    expect(home[0]!.data.latitude).toBe(535508000);
    expect(home[0]!.data.longitude).toBe(99925000);
    expect(home[1]!.t - home[0]!.t).toBeCloseTo(2, 1);
  });
});

describe('message set and rates (boot-idle, t = 10–30 s, ±20 %)', () => {
  it('every PX4 stream at its recorded rate', async () => {
    h = await harness({ highRateHz: 48.85 });
    await h.run(31);
    const rate = (name: string): number => h!.rx.filter((r) => r.name === name && r.t >= 10 && r.t < 30).length / 20;
    const table: [string, number][] = [
      ['ATTITUDE', 48.85],
      ['ATTITUDE_QUATERNION', 48.85],
      ['ATTITUDE_TARGET', 48.85],
      ['LOCAL_POSITION_NED', 48.85],
      ['POSITION_TARGET_LOCAL_NED', 48.85],
      ['SERVO_OUTPUT_RAW', 48.8],
      ['GLOBAL_POSITION_INT', 48.8],
      ['GPS_RAW_INT', 4.85],
      ['VFR_HUD', 3.9],
      ['HEARTBEAT', 1],
      ['SYS_STATUS', 1],
      ['EXTENDED_SYS_STATE', 1],
      ['ALTITUDE', 1],
      ['SCALED_PRESSURE', 1],
      ['LINK_NODE_STATUS', 1],
      ['MISSION_CURRENT', 0.95],
      ['BATTERY_STATUS', 0.5],
      ['CURRENT_MODE', 0.5],
      ['ESTIMATOR_STATUS', 0.5],
      ['HOME_POSITION', 0.5],
      ['TIME_ESTIMATE_TO_TARGET', 0.5],
      ['CURRENT_EVENT_SEQUENCE', 0.3],
      ['PING', 0.1],
      ['VIBRATION', 0.1],
    ];
    for (const [name, hz] of table) {
      const r = rate(name);
      expect(r, name).toBeGreaterThanOrEqual(hz * 0.8 - 0.05);
      expect(r, name).toBeLessThanOrEqual(hz * 1.2 + 0.05);
    }
    expect(rate('POSITION_TARGET_GLOBAL_INT')).toBe(0); // only while flying
    expect(h.of('GPS_GLOBAL_ORIGIN').length).toBe(1);
  });
});
