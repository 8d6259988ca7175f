/** Flights end to end over real UDP: the delivery mission (README §6) and RTL (§7). */
import { describe, expect, it } from 'vitest';
import type { common, minimal } from '../../firmware-bridge/codec/dialect.js';
import { fromNE, toNE } from '../../sim/physics/geo.js';
import { DELIVERY_MISSION, harness, takeoffTo, upload } from './helpers.js';

const HOME = { lat: 53.5508, lon: 9.9925 };
const within = (x: number, want: number, tol = 0.2): void => {
  expect(x).toBeGreaterThan(want * (1 - tol));
  expect(x).toBeLessThan(want * (1 + tol));
};

describe('delivery-flight: the 7-item mission flown end to end', () => {
  it('upload (id 3971944974), ARM, MISSION_START, REACHED 0..6, texts in PX4 order, landing point, auto-disarm 0.1 s, mode stays Mission', async () => {
    const h = await harness();
    try {
      await h.run(5.5);
      expect(await upload(h, DELIVERY_MISSION)).toBe(0);
      await h.run(1.2);
      const mc = h.of<common.MissionCurrent>('MISSION_CURRENT').at(-1)!.data;
      expect([mc.total, mc.missionId]).toEqual([7, 3971944974]);
      expect(await h.command(400, [1])).toBe(0);
      await h.run(1);
      expect(await h.command(300, [0, 0])).toBe(0);
      await h.run(260, () => h.texts().some((t) => t.text === 'Disarmed by landing\t'));
      await h.run(2.5);

      const texts = h.texts().map((t) => t.text);
      expect(texts).toEqual([
        'Armed by external command\t',
        'Executing Mission\t',
        'Climb to 40.0 meters above home\t',
        'Takeoff detected\t',
        'Landing detected\t',
        'Mission finished, landed\t',
        'Disarmed by landing\t',
      ]);
      const at = (text: string): number => h.texts().find((t) => t.text === text)!.t;
      const reached = h.of<common.MissionItemReached>('MISSION_ITEM_REACHED');
      const firstReach = (seq: number): number => reached.find((r) => r.data.seq === seq)!.t;
      expect([...new Set(reached.map((r) => r.data.seq))]).toEqual([0, 1, 2, 3, 4, 5, 6]);
      // Timings (delivery-flight): climb 25.1 s from "Takeoff detected"; legs 35.5 / 46.2 / 33.7 s; descent + detection 56.6 s.
      within(firstReach(0) - at('Takeoff detected\t'), 25.1);
      within(firstReach(2) - firstReach(1), 35.5);
      within(firstReach(3) - firstReach(2), 46.2);
      within(firstReach(4) - firstReach(3), 33.7);
      within(at('Landing detected\t') - firstReach(5), 56.6);
      expect(firstReach(1) - firstReach(0)).toBeLessThan(0.1); // DO_CHANGE_SPEED reached at once
      expect(firstReach(5) - firstReach(4)).toBeLessThan(0.1); // DO_GRIPPER: no wait with PD_GRIPPER_EN 0
      // REACHED repeats ≈1 Hz, 11 sends in all, unless a newer item comes first.
      const seq2 = reached.filter((r) => r.data.seq === 2);
      expect(seq2.length).toBe(11);
      within(seq2[1]!.t - seq2[0]!.t, 1.03, 0.1);
      expect(reached.filter((r) => r.data.seq === 0).length).toBe(1);
      expect(at('Disarmed by landing\t') - at('Landing detected\t')).toBeCloseTo(0.1, 1);
      // Max ground speed after DO_CHANGE_SPEED 10: ≈10 m/s (VFR_HUD max 10.01).
      const vmax = Math.max(...h.of<common.VfrHud>('VFR_HUD').map((r) => r.data.groundspeed));
      expect(vmax).toBeGreaterThan(9.4);
      expect(vmax).toBeLessThan(10.3);
      // Landed at WP3 / the land item; home moves there; mode stays Mission.
      const st = h.fleet.vehicles[0]!.status();
      const miss = toNE({ lat: st.lat, lon: st.lon }, { lat: 53.5585, lon: 10.0 });
      expect(Math.hypot(miss.n, miss.e)).toBeLessThan(2);
      const home = h.of<common.HomePosition>('HOME_POSITION').at(-1)!.data;
      expect(Math.abs(home.latitude - 535585000)).toBeLessThan(200);
      const hb = h.of<minimal.Heartbeat>('HEARTBEAT').at(-1)!.data;
      expect([hb.customMode, Number(hb.baseMode), Number(hb.systemStatus)]).toEqual([0x04040000, 0x1d, 3]);
      // Landed states seen in order: ON_GROUND → TAKEOFF → IN_AIR → LANDING → ON_GROUND.
      const ls = h.of<common.ExtendedSysState>('EXTENDED_SYS_STATE').map((r) => Number(r.data.landedState));
      expect(ls.filter((x, i) => i === 0 || x !== ls[i - 1])).toEqual([1, 3, 2, 4, 1]);
      // PX4's forwarded internal commands: DO_CHANGE_SPEED and DO_GRIPPER to target 1/0.
      const fwd = h.of<common.CommandLong>('COMMAND_LONG').map((r) => Number(r.data.command));
      expect(fwd).toEqual(expect.arrayContaining([178, 211]));
    } finally {
      await h.close();
    }
  });
});

describe('rtl: takeoff 30 m, reposition 200 m north-east, RTL', () => {
  it('"Returning to launch", start text, AUTO.RTL, return at ≈5 m/s at 30 m, land at home, disarm 2 s after landing, Hold', async () => {
    const h = await harness();
    try {
      await h.run(6);
      const t0 = h.fleet.nowS();
      await takeoffTo(h, 30);
      within(h.fleet.nowS() - t0, 22.5); // rtl: NAV_TAKEOFF 6.010 → Hold 28.529
      const target = fromNE({ n: 141.4, e: 141.4 }, HOME);
      expect(await h.commandInt(192, 0, [-1, 1, 0, NaN], Math.round(target.lat * 1e7), Math.round(target.lon * 1e7), 40)).toBe(0);
      let vmax = 0;
      await h.run(80, () => {
        const s = h.fleet.vehicles[0]!.status();
        vmax = Math.max(vmax, s.groundSpeedMps);
        return s.groundSpeedMps < 0.1 && Math.abs(s.lat - target.lat) < 0.00002;
      });
      expect(vmax).toBeLessThanOrEqual(5.06); // MPC_XY_CRUISE 5 (trace max 5.05)
      const from = h.fleet.nowS();
      expect(await h.command(20)).toBe(0);
      await h.run(1.2);
      expect(h.of<minimal.Heartbeat>('HEARTBEAT').at(-1)!.data.customMode).toBe(0x05040000);
      await h.run(120, () => h.texts().some((t) => t.text === 'Disarmed by landing\t'));
      await h.run(1.5);
      const texts = h.texts().filter((t) => t.t >= from);
      expect(texts.map((t) => t.text)).toEqual([
        'Returning to launch\t',
        'RTL: start return at 40 m (30 m above destination)\t',
        'RTL: land at destination\t',
        'Landing detected\t',
        'Disarmed by landing\t',
      ]);
      const at = (text: string): number => texts.find((t) => t.text === text)!.t;
      within(at('RTL: land at destination\t') - from, 46.5);
      within(at('Landing detected\t') - at('RTL: land at destination\t'), 30.8);
      expect(at('Disarmed by landing\t') - at('Landing detected\t')).toBeCloseTo(2, 0);
      const st = h.fleet.vehicles[0]!.status();
      const miss = toNE({ lat: st.lat, lon: st.lon }, HOME);
      expect(Math.hypot(miss.n, miss.e)).toBeLessThan(1);
      const hb = h.of<minimal.Heartbeat>('HEARTBEAT').at(-1)!.data;
      expect([hb.customMode, Number(hb.baseMode)]).toEqual([0x03040000, 0x1d]);
      const fwd = h.of<common.CommandLong>('COMMAND_LONG').map((r) => Number(r.data.command));
      expect(fwd.slice(0, 3)).toEqual([1001, 1000, 1001]); // gimbal burst on entering RTL
    } finally {
      await h.close();
    }
  });
});
