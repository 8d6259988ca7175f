/** Commands and parameters as PX4 answered them in the `commands` trace (README §5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { common, type minimal } from '../../firmware-bridge/codec/dialect.js';
import type { ProtocolVersion } from '../../firmware-bridge/codec/px4-extras.js';
import { bytewiseEncode } from '../../sim/params/params.js';
import { harness, type Harness } from './helpers.js';

const lastHb = (h: Harness): minimal.Heartbeat => h.of<minimal.Heartbeat>('HEARTBEAT').at(-1)!.data;

describe('message commands (commands 5.9–22.6)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    await h.run(6);
  });
  afterAll(() => h.close());

  it('REQUEST_MESSAGE 148 → AUTOPILOT_VERSION before the ACK 0 (5.911)', async () => {
    const from = h.rx.length;
    expect(await h.command(512, [148])).toBe(0);
    const names = h.rx.slice(from).map((r) => r.name);
    expect(names.indexOf('AUTOPILOT_VERSION')).toBeLessThan(names.indexOf('COMMAND_ACK'));
    const av = h.rx.slice(from).find((r) => r.name === 'AUTOPILOT_VERSION')!.data as unknown as { flightSwVersion: number; capabilities: bigint };
    expect(av.flightSwVersion).toBe(0x011000c0);
    expect(Number(av.capabilities)).toBe(59647);
  });

  it('REQUEST_MESSAGE 242 / 300 → HOME_POSITION / PROTOCOL_VERSION 200; 9999 → DENIED; 520 → AUTOPILOT_VERSION', async () => {
    expect(await h.command(512, [242])).toBe(0);
    expect(await h.command(512, [300])).toBe(0);
    const pv = h.of<ProtocolVersion>('PROTOCOL_VERSION').at(-1)!.data;
    expect([pv.version, pv.minVersion]).toEqual([200, 100]);
    expect(await h.command(512, [9999])).toBe(2);
    expect(await h.command(520, [1])).toBe(0);
  });

  it('unknown 65000 and 31000 → UNSUPPORTED; DO_SET_MISSION_CURRENT 224 → UNSUPPORTED (mission-roundtrip)', async () => {
    expect(await h.command(65000)).toBe(3);
    expect(await h.command(31000)).toBe(3);
    expect(await h.command(224, [3])).toBe(3);
  });

  it('SET_MESSAGE_INTERVAL 33 100 ms → ≈10 Hz; GET → 100000; 0 → the 5 Hz default (200000), not 50 Hz (10.968–16.587)', async () => {
    expect(await h.command(511, [33, 100_000])).toBe(0);
    const t0 = h.fleet.nowS();
    await h.run(5);
    const n = h.of('GLOBAL_POSITION_INT').filter((r) => r.t > t0 + 0.5 && r.t <= t0 + 4.5).length / 4;
    expect(n).toBeGreaterThan(8);
    expect(n).toBeLessThan(12);
    expect(await h.command(510, [33])).toBe(0);
    expect(h.of<common.MessageInterval>('MESSAGE_INTERVAL').at(-1)!.data.intervalUs).toBe(100_000);
    expect(await h.command(511, [33, 0])).toBe(0);
    await h.command(510, [33]);
    expect(h.of<common.MessageInterval>('MESSAGE_INTERVAL').at(-1)!.data.intervalUs).toBe(200_000);
  });

  it('SET_MESSAGE_INTERVAL 241 1 s → VIBRATION at 1 Hz; −1 → stops (19.591 / 22.599)', async () => {
    expect(await h.command(511, [241, 1_000_000])).toBe(0);
    const t0 = h.fleet.nowS();
    await h.run(4);
    expect(h.of('VIBRATION').filter((r) => r.t > t0).length).toBeGreaterThanOrEqual(3);
    expect(await h.command(511, [241, -1])).toBe(0);
    const t1 = h.fleet.nowS();
    await h.run(12);
    expect(h.of('VIBRATION').filter((r) => r.t > t1 + 0.1).length).toBe(0);
  });

  it('PARAM_REQUEST_READ by name and index; PARAM_SET changed → two echoes, unchanged → one, unknown → none (24.6–27.6)', async () => {
    const send = (m: common.ParamRequestRead | common.ParamSet) => h.gcs.send(m, 1);
    const rr = new common.ParamRequestRead();
    Object.assign(rr, { targetSystem: 1, targetComponent: 1, paramId: 'MIS_TAKEOFF_ALT', paramIndex: -1 });
    let from = h.rx.length;
    await send(rr);
    await h.run(0.3);
    let pv = h.rx.slice(from).filter((r) => r.name === 'PARAM_VALUE').map((r) => r.data as common.ParamValue);
    expect(pv.map((p) => [p.paramId, p.paramValue, p.paramIndex, p.paramCount])).toEqual([['MIS_TAKEOFF_ALT', 2.5, 572, 906]]);
    const set = (id: string, value: number, type: number) => {
      const m = new common.ParamSet();
      Object.assign(m, { targetSystem: 1, targetComponent: 1, paramId: id, paramValue: value, paramType: type });
      return m;
    };
    from = h.rx.length;
    await send(set('MIS_TAKEOFF_ALT', 5, 9));
    await h.run(0.3);
    expect(h.rx.slice(from).filter((r) => r.name === 'PARAM_VALUE').length).toBe(2);
    from = h.rx.length;
    await send(set('COM_DISARM_PRFLT', 10, 9));
    await h.run(0.3);
    expect(h.rx.slice(from).filter((r) => r.name === 'PARAM_VALUE').length).toBe(1);
    from = h.rx.length;
    await send(set('GF_ACTION', bytewiseEncode(2), 6));
    await h.run(0.3);
    pv = h.rx.slice(from).filter((r) => r.name === 'PARAM_VALUE').map((r) => r.data as common.ParamValue);
    expect(pv[0]!.paramValue).toBe(bytewiseEncode(2));
    from = h.rx.length;
    await send(set('NO_SUCH_PARAM', 1, 9));
    await h.run(0.3);
    expect(h.rx.slice(from).filter((r) => r.name === 'PARAM_VALUE').length).toBe(0);
    await send(set('MIS_TAKEOFF_ALT', 2.5, 9));
    await h.run(0.3);
  });

  it('PARAM_REQUEST_LIST → 906 values in index order within ≈1 s, then _HASH_CHECK index 65535 type 5 (params-list)', async () => {
    const m = new common.ParamRequestList();
    Object.assign(m, { targetSystem: 1, targetComponent: 1 });
    const from = h.rx.length;
    const t0 = h.fleet.nowS();
    await h.gcs.send(m, 1);
    await h.run(3);
    const pv = h.rx.slice(from).filter((r) => r.name === 'PARAM_VALUE');
    expect(pv.length).toBe(907);
    expect((pv[905]!.data as common.ParamValue).paramIndex).toBe(905);
    expect(pv[905]!.t - t0).toBeLessThan(1.3);
    const last = pv[906]!.data as common.ParamValue;
    expect([last.paramId, last.paramIndex, Number(last.paramType)]).toEqual(['_HASH_CHECK', 65535, 5]);
  });
});

describe('DO_SET_MODE on the ground, disarmed: all ACCEPTED, HEARTBEAT as recorded (commands 29.1–59.3)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    await h.run(6);
  });
  afterAll(() => h.close());
  it.each([
    ['Mission (none stored)', 4, 4, 0x04040000, 0x1d, 0],
    ['RTL', 4, 5, 0x05040000, 0x1d, 0],
    ['Land', 4, 6, 0x06040000, 0x1d, 0],
    ['Takeoff', 4, 2, 0x02040000, 0x1d, 3],
    ['Position', 3, 0, 0x00030000, 0x51, 0],
    ['Altitude', 2, 0, 0x00020000, 0x51, 0],
    ['Manual', 1, 0, 0x00010000, 0x51, 0],
    ['Stabilized', 7, 0, 0x00070000, 0x51, 0],
    ['Acro', 5, 0, 0x00050000, 0x41, 0],
    ['Offboard', 6, 0, 0x00060000, 0x01, 0],
    ['Orbit → Position', 3, 1, 0x00030000, 0x51, 0],
    ['Hold', 4, 3, 0x03040000, 0x1d, 3],
  ])('%s', async (_name, main, sub, custom, base, status) => {
    expect(await h.command(176, [1, main, sub])).toBe(0);
    await h.run(1.1);
    const hb = lastHb(h);
    expect([hb.customMode, Number(hb.baseMode), Number(hb.systemStatus)]).toEqual([custom, base, status]);
  });
});

describe('in the air (commands 70.7–187.3)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    await h.run(6);
  });
  afterAll(() => h.close());

  it('ARM twice (conf 0 then 1) → two ACKs, one "Armed by external command" (60.563 / 60.614)', async () => {
    expect(await h.command(400, [1])).toBe(0);
    expect(await h.command(400, [1])).toBe(0);
    await h.run(0.5);
    expect(h.texts().filter((t) => t.text === 'Armed by external command\t').length).toBe(1);
  });

  it('NAV_TAKEOFF p7 = home AMSL + 20 → AUTO.TAKEOFF, "Takeoff detected", ≈19 m and back to Hold in 18.3 s ± 20 % (70.685–88.96)', async () => {
    const t0 = h.fleet.nowS();
    expect(await h.command(22, [0, 0, 0, NaN, NaN, NaN, 10 + 20])).toBe(0);
    await h.run(1.1);
    expect(lastHb(h).customMode).toBe(0x02040000);
    let detected = 0;
    await h.run(40, () => {
      detected ||= h.texts().some((t) => t.text === 'Takeoff detected\t') ? h.fleet.nowS() : 0;
      return lastHb(h).customMode === 0x03040000;
    });
    const alt = h.fleet.vehicles[0]!.status().relAltM;
    expect(alt).toBeGreaterThan(19);
    expect(alt).toBeLessThan(20.8);
    const climb = h.fleet.nowS() - detected;
    expect(detected - t0).toBeLessThan(2.5);
    expect(climb).toBeGreaterThan(18.3 * 0.8);
    expect(climb).toBeLessThan(18.3 * 1.2 + 1);
  });

  it.each([
    ['Position', 3, 0],
    ['Altitude', 2, 0],
    ['Stabilized', 7, 0],
    ['Mission', 4, 4],
  ])('DO_SET_MODE %s in the air → TEMPORARILY_REJECTED + "Switching to … is currently not available" (91.28–95.82)', async (name, main, sub) => {
    expect(await h.command(176, [1, main, sub])).toBe(1);
    await h.run(0.3);
    expect(h.texts().at(-1)!.text.replace(/\t$/, '')).toMatch(new RegExp(`^Switching to ${name} is currently not avail`));
    expect(h.fleet.vehicles[0]!.sim.vehicle.customMode).toBe(0x03040000);
  });

  it('DISARM in the air → 1 "Disarming denied: not landed"; DO_GRIPPER / DO_WINCH → no ACK (98.8–107.4)', async () => {
    expect(await h.command(400, [0])).toBe(1);
    await h.run(0.3);
    expect(h.texts().at(-1)!.text).toBe('Disarming denied: not landed\t');
    expect(await h.command(211, [1, 0], { maxS: 3 })).toBeUndefined();
    expect(await h.command(42600, [1, 4], { maxS: 3 })).toBeUndefined();
  });

  it('DO_CHANGE_SPEED 3 then DO_REPOSITION (COMMAND_INT frame 0, 60 m north) flies at ≤ 3.8 m/s and stays in Hold (99.838 / 110.858)', async () => {
    expect(await h.command(178, [1, 3, -1])).toBe(0);
    expect(await h.commandInt(192, 0, [-1, 1, 0, NaN], 535513390, 99925000, 29.642)).toBe(0);
    let maxV = 0;
    await h.run(40, () => {
      const st = h.fleet.vehicles[0]!.status();
      maxV = Math.max(maxV, st.groundSpeedMps);
      return Math.abs(st.lat - 53.551339) < 0.00002 && st.groundSpeedMps < 0.2;
    });
    expect(maxV).toBeLessThanOrEqual(3.8);
    expect(maxV).toBeGreaterThan(2.5);
    expect(h.fleet.vehicles[0]!.sim.vehicle.customMode).toBe(0x03040000);
  });

  it('DO_SET_MODE RTL in the air → "RTL: start return at 40 m (30 m above destination)"; Land → landed, disarmed, Hold (135.8–182.5)', async () => {
    expect(await h.command(176, [1, 4, 5])).toBe(0);
    await h.run(1.2);
    expect(lastHb(h).customMode).toBe(0x05040000);
    expect(h.texts().map((t) => t.text)).toContain('RTL: start return at 40 m (30 m above destination)\t');
    expect(h.rx.some((r) => r.name === 'COMMAND_LONG' && Number((r.data as common.CommandLong).command) === 1001)).toBe(true);
    expect(await h.command(176, [1, 4, 6])).toBe(0);
    await h.run(2);
    expect(Number(h.of<common.ExtendedSysState>('EXTENDED_SYS_STATE').at(-1)!.data.landedState)).toBe(4);
    await h.run(80, () => h.texts().some((t) => t.text === 'Disarmed by landing\t'));
    const texts = h.texts().map((t) => t.text);
    expect(texts.indexOf('Landing detected\t')).toBeLessThan(texts.indexOf('Disarmed by landing\t'));
    await h.run(1.2);
    const hb = lastHb(h);
    expect([hb.customMode, Number(hb.baseMode)]).toEqual([0x03040000, 0x1d]);
  });

  it('ARM / DISARM with p2 = 21196 (force) on the ground → 0 / 0 (185.251 / 187.265)', async () => {
    expect(await h.command(400, [1, 21196])).toBe(0);
    expect(await h.command(400, [0, 21196])).toBe(0);
  });
});
