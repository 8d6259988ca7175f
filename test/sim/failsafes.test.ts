/** Failsafes as recorded: geofence (README §9), battery (§8), data-link loss (§10). */
import { describe, expect, it } from 'vitest';
import { common, type minimal } from '../../firmware-bridge/codec/dialect.js';
import type { CurrentEventSequence, MavEvent } from '../../firmware-bridge/codec/px4-extras.js';
import { fromNE, toNE } from '../../sim/physics/geo.js';
import { harness, item, takeoffTo, upload, type Harness } from './helpers.js';

const HOME = { lat: 53.5508, lon: 9.9925 };
const at = (n: number, e: number) => fromNE({ n, e }, HOME);
const vertex = (seq: number, n: number, e: number, count: number) => {
  const p = at(n, e);
  return item(seq, 5001, 5, p.lat, p.lon, 0, [count, 0, 0, 0]);
};
const hb = (h: Harness): minimal.Heartbeat => h.of<minimal.Heartbeat>('HEARTBEAT').at(-1)!.data;
const north = (h: Harness): number => toNE(h.fleet.vehicles[0]!.status(), HOME).n;

async function setParam(h: Harness, id: string, value: number): Promise<void> {
  const m = new common.ParamSet();
  Object.assign(m, { targetSystem: 1, targetComponent: 1, paramId: id, paramValue: value, paramType: 9 });
  await h.gcs.send(m, 1);
  await h.run(0.2);
}

describe('geofence-breach', () => {
  it('part A: a waypoint outside the fence → "Geofence violation for waypoint 2", MISSION_START DENIED, Mission not available', async () => {
    const h = await harness();
    try {
      await h.run(6);
      const square = [vertex(0, -80, -80, 4), vertex(1, -80, 80, 4), vertex(2, 80, 80, 4), vertex(3, 80, -80, 4)];
      expect(await upload(h, square, 1)).toBe(0);
      const wp = at(250, 0);
      expect(await upload(h, [item(0, 22, 6, HOME.lat, HOME.lon, 30), item(1, 16, 6, wp.lat, wp.lon, 30), item(2, 21, 6, wp.lat, wp.lon, 0)])).toBe(0);
      await h.run(0.3);
      expect(h.texts().at(-1)).toMatchObject({ text: 'Geofence violation for waypoint 2\t', severity: 2 });
      expect(await h.command(400, [1])).toBe(0);
      expect(await h.command(300, [0, 0])).toBe(2);
      await h.run(0.2);
      expect(h.texts().at(-1)!.text).toBe('Mission start denied! No valid mission\t');
      expect(await h.command(176, [1, 4, 4])).toBe(1);
      await h.run(0.2);
      expect(h.texts().at(-1)!.text).toBe('Switching to Mission is currently not available\t');
    } finally {
      await h.close();
    }
  });

  it('part B: the leg leaves the "dart" at 20 m north → "Geofence: approaching or outside geofence", Failsafe, Hold with CRITICAL; Mission resumes with no new action', async () => {
    const h = await harness();
    try {
      await h.run(6);
      const dart = [vertex(0, -60, -40, 4), vertex(1, 100, 120, 4), vertex(2, 260, -40, 4), vertex(3, 100, 40, 4)];
      expect(await upload(h, dart, 1)).toBe(0);
      const wp = at(200, 0);
      expect(await upload(h, [item(0, 22, 6, HOME.lat, HOME.lon, 30), item(1, 16, 6, wp.lat, wp.lon, 30), item(2, 21, 6, wp.lat, wp.lon, 0)])).toBe(0);
      await h.run(0.3);
      expect(h.texts().filter((t) => t.text.startsWith('Geofence violation'))).toEqual([]);
      expect(await h.command(400, [1])).toBe(0);
      expect(await h.command(300, [0, 0])).toBe(0);
      await h.run(90, () => h.texts().some((t) => t.text.startsWith('Geofence:')));
      const breachAt = north(h);
      expect(breachAt).toBeGreaterThan(19.5);
      expect(breachAt).toBeLessThan(22.5); // trace: 20.5 m north at the text
      const texts = h.texts().map((t) => t.text);
      expect(texts.slice(-2)).toEqual(['Geofence: approaching or outside geofence', 'Failsafe activated\t']); // the only text without a tab
      await h.run(8);
      expect([hb(h).customMode, Number(hb(h).systemStatus)]).toEqual([0x03040000, 5]);
      expect(Math.abs(north(h) - breachAt)).toBeLessThan(3); // held at the breach point (after a short overshoot)
      expect(await h.command(176, [1, 4, 4])).toBe(0);
      await h.run(15);
      expect([hb(h).customMode, Number(hb(h).systemStatus)]).toEqual([0x04040000, 4]);
      expect(north(h)).toBeGreaterThan(60); // flies on outside the fence
      expect(h.texts().filter((t) => t.text.startsWith('Geofence:')).length).toBe(1);
    } finally {
      await h.close();
    }
  });
});

describe('battery-failsafe (SIM_BAT_DRAIN 60 s, COM_LOW_BAT_ACT 3)', () => {
  it('low → warning only; critical → Hold 5 s then RTL; emergency → Land at once; charge_state 2/3/4', async () => {
    const h = await harness();
    try {
      await h.run(6);
      await takeoffTo(h, 30);
      const p = at(150, 0);
      expect(await h.commandInt(192, 0, [-1, 1, 0, NaN], Math.round(p.lat * 1e7), Math.round(p.lon * 1e7), 40)).toBe(0);
      await h.run(35);
      const bs = () => h.of<common.BatteryStatus>('BATTERY_STATUS').at(-1)!.data;
      expect(bs().batteryRemaining).toBe(50); // the SIM_BAT_MIN_PCT floor
      await setParam(h, 'SIM_BAT_MIN_PCT', 12);
      await h.run(40, () => h.texts().some((t) => t.text === 'Low battery\t'));
      const low = h.texts().slice(-2);
      expect(low.map((t) => [t.severity, t.text])).toEqual([[0, 'Low battery\t'], [2, 'Failsafe activated\t']]);
      await h.run(2.2);
      expect(Number(bs().chargeState)).toBe(2);
      expect(hb(h).customMode).toBe(0x03040000); // no mode change at low
      await setParam(h, 'SIM_BAT_MIN_PCT', 6);
      await h.run(30, () => h.texts().some((t) => t.text === 'Critical battery\t'));
      const crit = h.fleet.nowS();
      expect(h.texts().slice(-2).map((t) => [t.severity, t.text])).toEqual([[0, 'Critical battery\t'], [2, 'Failsafe activated: entering Hold for 5 seconds\t']]);
      await h.run(1.2);
      expect([hb(h).customMode, Number(hb(h).systemStatus)]).toEqual([0x03040000, 5]);
      await h.run(8, () => h.fleet.vehicles[0]!.sim.vehicle.customMode === 0x05040000);
      expect(h.fleet.nowS() - crit).toBeGreaterThan(4.8);
      expect(h.fleet.nowS() - crit).toBeLessThan(5.6); // trace: 5.2 s
      await h.run(2.2);
      expect(Number(bs().chargeState)).toBe(3);
      expect(h.texts().map((t) => t.text)).toContain('RTL: start return at 40 m (30 m above destination)\t');
      await setParam(h, 'SIM_BAT_MIN_PCT', 0);
      await h.run(20, () => h.texts().some((t) => t.text === 'Emergency battery level\t'));
      await h.run(0.5);
      expect(h.texts().slice(-3).map((t) => t.text)).toEqual(['Emergency battery level\t', 'System does not support shutdown\t', 'Failsafe activated\t']);
      expect(h.fleet.vehicles[0]!.sim.vehicle.customMode).toBe(0x06040000);
      await h.run(2.5);
      expect(Number(bs().chargeState)).toBe(4);
      await h.run(90, () => h.texts().some((t) => t.text === 'Disarmed by landing\t'));
      expect(h.fleet.vehicles[0]!.status().armed).toBe(false);
    } finally {
      await h.close();
    }
  });
});

describe('link-loss (NAV_DLL_ACT 2, COM_DL_LOSS_T 5)', () => {
  it('no GCS heartbeat: CRITICAL Hold after ≈7.4 s with no STATUSTEXT, RTL ≈5 s later; "GCS connection regained" on return; mode stays RTL', async () => {
    const h = await harness({ params: { NAV_DLL_ACT: 2, COM_DL_LOSS_T: 5 } });
    try {
      await h.run(6);
      await takeoffTo(h, 25);
      const p = at(100, 0);
      expect(await h.commandInt(192, 0, [-1, 1, 0, NaN], Math.round(p.lat * 1e7), Math.round(p.lon * 1e7), 35)).toBe(0);
      await h.run(30);
      h.heartbeats(false);
      const stop = h.fleet.nowS();
      const textsBefore = h.texts().length;
      await h.run(20, () => Number(hb(h).systemStatus) === 5);
      const lost = h.fleet.nowS() - stop;
      expect(lost).toBeGreaterThan(6.4);
      expect(lost).toBeLessThan(8.8); // trace: 7.4 s (heartbeat at 62.876 after the last client heartbeat at 54.660)
      expect(hb(h).customMode).toBe(0x03040000);
      const sys = h.of<common.SysStatus>('SYS_STATUS').at(-1)!.data;
      expect(Number(sys.onboardControlSensorsHealth) & 0x10000000).toBe(0); // prearm bit cleared
      await h.run(10, () => hb(h).customMode === 0x05040000);
      const rtl = h.fleet.nowS() - stop;
      expect(rtl).toBeGreaterThan(11.5);
      expect(rtl).toBeLessThan(15); // trace: 13.3 s
      expect(h.texts().length).toBe(textsBefore); // the GCS counts as disconnected: no STATUSTEXT
      // …but EVENTs flow regardless: commander_gcs_lost (27571288), then the RTL announcement.
      const events = h.of<MavEvent>('EVENT').filter((r) => r.t > stop);
      expect(events.map((e) => e.data.id)).toEqual(expect.arrayContaining([27571288, 22161044]));
      const cesAt = h.rx.findLastIndex((r) => r.name === 'CURRENT_EVENT_SEQUENCE');
      const lastBefore = h.rx.slice(0, cesAt).findLast((r) => r.name === 'EVENT')!.data as MavEvent;
      expect((h.rx[cesAt]!.data as CurrentEventSequence).sequence).toBe(lastBefore.sequence); // tracks the last EVENT
      await h.run(10);
      h.heartbeats(true);
      await h.run(1.5);
      const regained = h.texts().slice(textsBefore);
      expect(regained.map((t) => t.text)).toEqual(['GCS connection regained\t']); // the stale RTL texts were dropped
      await h.run(2);
      expect([hb(h).customMode, Number(hb(h).systemStatus)]).toEqual([0x05040000, 5]);
      await h.run(90, () => h.texts().some((t) => t.text === 'Disarmed by landing\t'));
      await h.run(1.2);
      expect([hb(h).customMode, Number(hb(h).systemStatus)]).toEqual([0x03040000, 3]);
    } finally {
      await h.close();
    }
  });
});
