/** Delivery H3 (Bundeswehrkrankenhaus → Marienkrankenhaus) as drop-and-return at 30×: delivered, then returned home. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, testConfig, waitFor } from './rig.js';

const H3 = { from: { lat: 53.5944, lon: 10.0761 }, to: { lat: 53.5589, lon: 10.0303 }, consents: ['HHH06', 'HHH03'], departAt: '2026-05-04T08:00:00Z', mode: 'drop-and-return' };
let svc: Awaited<ReturnType<typeof startTestService>>;

beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: true, vehicles: 1, speed: 30, home: { lat: H3.from.lat, lon: H3.from.lon, altAmslM: 10 } } }));
});
afterAll(async () => {
  await svc?.close();
});

describe('delivery H3, drop-and-return, end to end', () => {
  it('releases the payload over the destination (delivered) and lands at home (returned)', async () => {
    const created = await svc.api('/deliveries', { method: 'POST', body: JSON.stringify(H3) });
    const d = (await created.json()) as { id: string; plan: { route: { pointOfNoReturnM?: number }; plan: { mission: { command: number }[] } } };
    expect(created.status, JSON.stringify(d)).toBe(201);
    expect(d.plan.plan.mission.some((i) => i.command === 211)).toBe(true); // DO_GRIPPER release
    const launch = await svc.api(`/deliveries/${d.id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle: 'sim/1' }) });
    expect(launch.status, await launch.clone().text()).toBe(200);
    const done = await waitFor('returned', async () => {
      const r = (await (await svc.api(`/deliveries/${d.id}`)).json()) as { state: string; transitions: { to: string }[] };
      return ['returned', 'failed', 'aborted'].includes(r.state) ? r : undefined;
    }, 90_000);
    expect(done.transitions.map((t) => t.to)).toEqual(['planned', 'uploading', 'ready', 'in_flight', 'delivered', 'returned']);
    const s = svc.fleet.vehicle('sim/1')!.session.state;
    expect(Math.abs(s.position!.lat - H3.from.lat)).toBeLessThan(0.0005);
    const alerts = (await (await svc.api(`/alerts`)).json()) as { severity: string; code: string }[];
    expect(alerts.filter((a) => a.severity === 'critical').map((a) => a.code)).toEqual([]);
  }, 150_000);
});
