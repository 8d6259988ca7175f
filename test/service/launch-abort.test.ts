/**
 * Safety: an abort during a launch stops the launch. Whatever step the launch is at — uploading,
 * setting parameters, arming, waiting for the vehicle to confirm its plan — nothing further is sent,
 * a vehicle armed on the ground is disarmed, and the vehicle never takes off. Real service, real
 * UDP, embedded simulator at 30×.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchStep } from '../../src/fleet/launch.js';
import { CodedError } from '../../lib/coded-error.js';
import { startTestService, testConfig, waitFor } from './rig.js';

const H2 = { from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5592, lon: 10.0181 }, consents: ['HHH01', 'HHH02'] };
const OLGA = { name: 'olga', role: 'operator' };
let svc: Awaited<ReturnType<typeof startTestService>>;

beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: true, vehicles: 2, speed: 30, home: { ...H2.from, altAmslM: 10 } } }));
});
afterAll(async () => {
  await svc?.close();
});

describe('abort during launch', () => {
  it.each<[LaunchStep, string, boolean]>([
    ['upload-mission', 'sim/1', false],
    ['parameters', 'sim/2', false],
    ['arm', 'sim/1', true],
    ['start', 'sim/2', true],
  ])('at step %s on %s: the launch fails LAUNCH_ABORTED, the delivery is aborted, the vehicle stays on the ground disarmed', async (step, vehicleId, mayHaveArmed) => {
    const created = (await (await svc.api('/deliveries', { method: 'POST', body: JSON.stringify(H2) })).json()) as { id: string };
    const vehicle = svc.fleet.vehicle(vehicleId)!;
    await waitFor(`${vehicleId} disarmed and ready`, async () => (!vehicle.session.state.armed && vehicle.session.state.systemStatus === 'STANDBY' ? true : undefined), 20_000);
    let aborted: Promise<unknown> | undefined;
    const launch = svc.deliveries.launch(created.id, vehicle, OLGA, (p) => {
      if (p.step === step && !aborted) aborted = svc.deliveries.abort(created.id, 'rtl', { name: 'otto', role: 'operator' });
    });
    const e = await launch.then(() => undefined, (x: unknown) => x);
    expect(aborted, `the launch never reached ${step}`).toBeDefined();
    await aborted;
    expect(e instanceof CodedError && e.code, String(e)).toBe('LAUNCH_ABORTED');
    const rec = await svc.store.getDelivery(created.id);
    expect(rec?.state).toBe('aborted');
    expect(rec?.transitions.at(-1)?.cause).toContain('otto aborted it');
    // the vehicle never takes off: disarmed, on the ground, for the next 30 simulated seconds (1 s at 30×)
    const end = Date.now() + 1000;
    let armedSeen = false;
    while (Date.now() < end) {
      const s = vehicle.session.state;
      if (s.armed) armedSeen = true;
      expect(s.position?.relAltM ?? 0).toBeLessThan(1);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor(`${vehicleId} disarmed`, async () => (vehicle.session.state.armed ? undefined : true), 5_000);
    if (!mayHaveArmed) expect(armedSeen).toBe(false);
    // the vehicle is free for the next delivery
    expect(svc.fleet.vehicle(vehicleId)?.session.state.armed).toBe(false);
  }, 60_000);
});
