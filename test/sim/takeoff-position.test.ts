/**
 * A mission whose takeoff item lies beside the vehicle (a pad 40 m from the planned start): PX4's
 * Mission::handleTakeoff climbs vertically where the vehicle stands, then flies to the takeoff
 * item's own lat/lon ("if we just did a normal takeoff navigate to the actual waypoint now") before
 * the next item. Cutting straight from the pad to the next waypoint would fly a line nobody
 * planned (issue 17: past a tower beside the hub).
 */
import { describe, expect, it } from 'vitest';
import type { common } from '../../firmware-bridge/codec/dialect.js';
import { toNE } from '../../sim/physics/geo.js';
import { harness, upload } from './helpers.js';

describe('mission takeoff away from the takeoff item', () => {
  it('climbs where it stands, then flies to the takeoff point, then to the next waypoint', async () => {
    const h = await harness();
    try {
      await h.run(5.5);
      const home = h.fleet.vehicles[0]!.status();
      // takeoff item 40 m east of the vehicle, next waypoint 150 m north of the takeoff item
      const dLon = 40 / (111_320 * Math.cos((home.lat * Math.PI) / 180));
      const tk = { lat: home.lat, lon: home.lon + dLon };
      const wp = { lat: home.lat + 150 / 111_320, lon: tk.lon };
      const e7 = (x: number): number => Math.round(x * 1e7);
      const items = [
        { seq: 0, command: 22, frame: 6, p: [0, 0, 0, NaN], x: e7(tk.lat), y: e7(tk.lon), z: 30 },
        { seq: 1, command: 16, frame: 6, p: [0, 0, 0, NaN], x: e7(wp.lat), y: e7(wp.lon), z: 30 },
        { seq: 2, command: 21, frame: 6, p: [0, 0, 0, NaN], x: e7(wp.lat), y: e7(wp.lon), z: 0 },
      ];
      expect(await upload(h, items)).toBe(0);
      await h.run(1.2);
      expect(await h.command(400, [1])).toBe(0);
      await h.run(1);
      expect(await h.command(300, [0, 0])).toBe(0);
      await h.run(200, () => h.texts().some((t) => t.text === 'Disarmed by landing\t'));

      const track = h.of<common.GlobalPositionInt>('GLOBAL_POSITION_INT').map((r) => ({
        t: r.t, ...toNE({ lat: r.data.lat / 1e7, lon: r.data.lon / 1e7 }, home), up: r.data.relativeAlt / 1000,
      }));
      const reached = h.of<common.MissionItemReached>('MISSION_ITEM_REACHED');
      const firstReach = (seq: number): number => reached.find((r) => r.data.seq === seq)!.t;
      expect([...new Set(reached.map((r) => r.data.seq))]).toEqual([0, 1, 2]);
      // the climb is vertical at the pad: below 25 m the vehicle stays within 1 m of where it stood
      const climbing = track.filter((p) => p.up > 1 && p.up < 25 && p.t < firstReach(0));
      expect(climbing.length).toBeGreaterThan(5);
      for (const p of climbing) expect(Math.hypot(p.n, p.e)).toBeLessThan(1);
      // the takeoff item counts as reached only at its own position (NAV_ACC_RAD), at altitude
      const atReach = track.filter((p) => p.t <= firstReach(0)).at(-1)!;
      expect(Math.hypot(atReach.n, atReach.e - 40)).toBeLessThan(3);
      expect(atReach.up).toBeGreaterThan(28);
      // it went east first: nothing north of 20 m before it was near the takeoff point
      const beforeTk = track.filter((p) => p.t < firstReach(0));
      expect(Math.max(...beforeTk.map((p) => p.n))).toBeLessThan(5);
      expect(firstReach(1)).toBeGreaterThan(firstReach(0));
    } finally {
      await h.close();
    }
  });
});
