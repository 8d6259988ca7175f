/**
 * Delivery H2: plan (UKE → St. Georg, consents for both hospitals), launch, fly at 30× to
 * delivered. With ELBFLUG_TEST_VEHICLE_URL set (e.g. udpin://0.0.0.0:14550 for a PX4 SITL's GCS
 * link) the same test flies that vehicle instead, in real time, from wherever it stands to St. Georg.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTlog } from '../../firmware-bridge/tlog/reader.js';
import { startTestService, testConfig, VIEWER, waitFor } from './rig.js';

const H2 = { from: { lat: 53.5914, lon: 9.9767 }, to: { lat: 53.5592, lon: 10.0181 }, consents: ['HHH01', 'HHH02'], departAt: '2026-05-04T08:00:00Z' };
const EXTERNAL = process.env.ELBFLUG_TEST_VEHICLE_URL;
const VEHICLE = EXTERNAL ? 'ext/1' : 'sim/1';
let svc: Awaited<ReturnType<typeof startTestService>>;

beforeAll(async () => {
  svc = await startTestService(
    EXTERNAL
      ? testConfig({ simulator: { enabled: false, vehicles: 0, speed: 1, home: { lat: H2.from.lat, lon: H2.from.lon, altAmslM: 10 } }, links: [{ url: EXTERNAL, name: 'ext' }] })
      : testConfig({ simulator: { enabled: true, vehicles: 2, speed: 30, home: { lat: H2.from.lat, lon: H2.from.lon, altAmslM: 10 } } }),
  );
  if (EXTERNAL) {
    // A real vehicle starts where it stands: plan from its position, with a consent for its start zone if it has one.
    const v = await waitFor('the external vehicle', async () => svc.fleet.vehicle(VEHICLE)?.session.state.position ?? undefined, 60_000);
    H2.from = { lat: v.lat, lon: v.lon };
    const probe = (await (await svc.api('/plan', { method: 'POST', body: JSON.stringify({ ...H2, departAt: undefined }) })).json()) as { ok: boolean; refusal?: { code: string; zoneId?: string } };
    if (!probe.ok && probe.refusal?.code === 'START_IN_ZONE' && probe.refusal.zoneId) H2.consents.push(probe.refusal.zoneId);
    H2.departAt = new Date().toISOString();
  }
});
afterAll(async () => {
  await svc?.close();
});

describe('delivery H2 end to end through the service', () => {
  it('plans, refuses a viewer, launches verified, flies to delivered; records transitions, flight, track and tlog', async () => {
    const plan = await (await svc.api('/plan', { method: 'POST', body: JSON.stringify(H2) })).json();
    expect(plan).toMatchObject({ ok: true, route: { zones: expect.any(Array) }, mission: { mission: expect.any(Array) } });
    const denied = await svc.api('/deliveries', { method: 'POST', body: JSON.stringify(H2), token: VIEWER });
    expect(denied.status).toBe(403);
    const created = await svc.api('/deliveries', { method: 'POST', body: JSON.stringify(H2) });
    expect(created.status).toBe(201);
    const d = (await created.json()) as { id: string; state: string };
    expect(d.state).toBe('planned');

    const launch = await svc.api(`/deliveries/${d.id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle: VEHICLE }) });
    const launched = (await launch.json()) as { state: string; code?: string; message?: string };
    expect(launch.status, JSON.stringify(launched)).toBe(200);
    expect(launched.state).toBe('in_flight');

    const done = await waitFor('delivered', async () => {
      const r = (await (await svc.api(`/deliveries/${d.id}`)).json()) as { state: string; transitions: { to: string; cause: string }[] };
      return r.state === 'delivered' || r.state === 'failed' || r.state === 'aborted' ? r : undefined;
    }, EXTERNAL ? 1_500_000 : 60_000);
    expect(done.transitions.map((t) => t.to)).toEqual(['planned', 'uploading', 'ready', 'in_flight', 'delivered']);
    expect(done.transitions[1]!.cause).toContain(`olga launched it on ${VEHICLE}`);

    const alerts = (await (await svc.api('/alerts')).json()) as { severity: string; code: string; deliveryId: string }[];
    expect(alerts.filter((a) => a.deliveryId === d.id && a.severity === 'critical').map((a) => `${a.code}: ${(a as unknown as { message: string }).message}`)).toEqual([]);
    const flights = (await (await svc.api('/flights')).json()) as { id: string; deliveryId: string; trackPoints: number; endedAt: string | null }[];
    const flight = flights.find((f) => f.deliveryId === d.id)!;
    expect(flight.endedAt).not.toBeNull();
    expect(flight.trackPoints).toBeGreaterThan(5);
    const track = (await (await svc.api(`/flights/${flight.id}/track`)).json()) as { geometry: { coordinates: number[][] } };
    const last = track.geometry.coordinates.at(-1)!;
    expect(Math.abs(last[1]! - H2.to.lat)).toBeLessThan(0.001);
    const tlog = Buffer.from(await (await svc.api(`/flights/${flight.id}/tlog`)).arrayBuffer());
    expect([...parseTlog(tlog.subarray(0, tlog.length - (tlog.length % 1)))].length).toBeGreaterThan(100);
    const audit = await svc.store.listAudit({ action: 'delivery.launch' });
    expect(audit[0]).toMatchObject({ actor: { name: 'olga', role: 'operator' }, result: 'ok' });
    const qgc = JSON.parse(await (await svc.api(`/deliveries/${d.id}/plan`)).text()) as { fileType: string; mission: { items: unknown[] } };
    expect(qgc.fileType).toBe('Plan');
  }, EXTERNAL ? 1_800_000 : 120_000);
});
