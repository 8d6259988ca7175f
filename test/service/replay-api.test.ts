/**
 * GET /api/flights/:id/replay against the real service — two simulated PX4s on one link
 * (one tlog), a short delivery flown on sim/1 at 30×, then its replay: the climb and the landing from
 * the tlog, only sim/1's records, the plan with corridor and rally points, the flight's alerts; 404s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, testConfig, VIEWER, waitFor } from './rig.js';

const FROM = { lat: 53.57, lon: 9.99 };
const TO = { lat: 53.576, lon: 9.999 };
let svc: Awaited<ReturnType<typeof startTestService>>;

interface ReplayBody {
  flight: { id: string; deliveryId: string; startedAt: string; endedAt: string };
  leadInMs: number;
  delivery: { id: string; state: string; transitions: { to: string; tMs: number }[] };
  plan: { route: { type: string; features: { geometry: { type: string } }[] }; corridor: { features: { properties: { kind: string }; geometry: { type: string } }[] }; rally: { lat: number; lon: number }[] };
  alerts: { code: string; vehicleId: string; tMs: number }[];
  samples: { tMs: number; lat: number; lon: number; relAltM: number; mode: string | null; armed: boolean }[];
  events: { tMs: number; kind: string; mode?: string }[];
  skippedBytes: number;
}

beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: true, vehicles: 2, speed: 30, home: { ...FROM, altAmslM: 10 } } }));
});
afterAll(async () => {
  await svc?.close();
});

describe('flight replay through the service', () => {
  it('replays a flown delivery from its tlog with plan, corridor, rally points and the flight’s alerts', async () => {
    const before = await svc.store.raiseAlert({ severity: 'warning', code: 'TEST_BEFORE', message: 'raised before the flight', vehicleId: 'sim/1', vehicleSysid: 1, at: new Date(Date.now() - 60_000).toISOString() });
    const created = await svc.api('/deliveries', { method: 'POST', body: JSON.stringify({ from: FROM, to: TO }) });
    const d = (await created.json()) as { id: string };
    expect(created.status, JSON.stringify(d)).toBe(201);
    const launch = await svc.api(`/deliveries/${d.id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle: 'sim/1' }) });
    expect(launch.status, await launch.clone().text()).toBe(200);
    // As the delivery service raises conformance alerts: one for this vehicle, one for the other.
    await svc.store.raiseAlert({ severity: 'warning', code: 'TEST_IN_FLIGHT', message: 'raised while flying', vehicleId: 'sim/1', vehicleSysid: 1, deliveryId: d.id });
    await svc.store.raiseAlert({ severity: 'warning', code: 'TEST_OTHER_VEHICLE', message: 'another vehicle', vehicleId: 'sim/2', vehicleSysid: 2 });
    const flight = await waitFor('the flight to end', async () => {
      const list = (await (await svc.api('/flights')).json()) as { id: string; deliveryId: string; endedAt: string | null }[];
      return list.find((f) => f.deliveryId === d.id && f.endedAt !== null);
    }, 90_000);

    const res = await svc.api(`/flights/${flight.id}/replay?leadInS=10`, { token: VIEWER });
    const r = (await res.json()) as ReplayBody;
    expect(res.status, JSON.stringify(r).slice(0, 300)).toBe(200);
    expect(r.flight).toMatchObject({ id: flight.id, deliveryId: d.id });
    expect(r.leadInMs).toBe(10_000);
    expect(r.skippedBytes).toBe(0);

    // the delivery and its plan
    expect(r.delivery.id).toBe(d.id);
    expect(r.delivery.transitions.map((t) => t.to)).toEqual(['planned', 'uploading', 'ready', 'in_flight', 'delivered']);
    expect(r.delivery.transitions.find((t) => t.to === 'in_flight')!.tMs).toBeGreaterThanOrEqual(-1000);
    expect(r.plan.route.type).toBe('FeatureCollection');
    expect(r.plan.route.features.map((f) => f.geometry.type)).toContain('LineString');
    expect(r.plan.corridor.features.filter((f) => f.properties.kind === 'corridor' && f.geometry.type === 'Polygon').length).toBeGreaterThan(0);
    expect(Array.isArray(r.plan.rally)).toBe(true);

    // samples: in time order, on the ground, up, and back down at the destination
    const s = r.samples;
    expect(s.length).toBeGreaterThan(20);
    expect(s.every((x, i) => i === 0 || x.tMs > s[i - 1]!.tMs)).toBe(true);
    expect(s[0]!.tMs).toBeLessThan(0); // the lead-in: arming comes before the flight record
    const top = Math.max(...s.map((x) => x.relAltM));
    expect(top).toBeGreaterThan(20);
    expect(Math.abs(s[0]!.relAltM)).toBeLessThan(2);
    const last = s.at(-1)!;
    expect(last.relAltM).toBeLessThan(2);
    expect(Math.abs(last.lat - TO.lat)).toBeLessThan(0.0005);
    expect(Math.abs(last.lon - TO.lon)).toBeLessThan(0.0008);
    // Only sim/1: sim/2 stands on the ground next door; none of its records may land between the climb and the descent.
    const up = s.findIndex((x) => x.relAltM > 10);
    const down = s.findLastIndex((x) => x.relAltM > 10);
    expect(s.slice(up, down + 1).every((x) => x.relAltM > 5 && x.armed)).toBe(true);

    // events: armed before the start, Mission mode, landed and disarmed at the end
    const armed = r.events.find((e) => e.kind === 'armed');
    expect(armed?.tMs).toBeLessThan(1000);
    expect(r.events.some((e) => e.kind === 'mode' && e.mode === 'Mission')).toBe(true);
    expect(r.events.filter((e) => e.kind === 'reached').length).toBeGreaterThan(2);
    const duration = Date.parse(r.flight.endedAt) - Date.parse(r.flight.startedAt);
    expect(r.events.find((e) => e.kind === 'disarmed')?.tMs).toBeLessThanOrEqual(duration);

    // alerts: this vehicle's during the flight, not the other vehicle's, not the one before the lead-in
    expect(r.alerts.map((a) => a.code)).toEqual(['TEST_IN_FLIGHT']);
    expect(r.alerts[0]!.tMs).toBeGreaterThanOrEqual(-100);
    expect(r.alerts[0]!.tMs).toBeLessThan(duration);
    expect(before.id).toBeGreaterThan(0);
  }, 150_000);

  it('404 for an unknown flight, a flight without a tlog and a tlog that is gone; 400 for a bad lead-in', async () => {
    const unknown = await svc.api('/flights/nope/replay');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no flight nope') });

    const untracked = await svc.store.startFlight({ vehicleId: 'sim/2', vehicleSysid: 2, tlogPath: null });
    const none = await svc.api(`/flights/${untracked.id}/replay`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { message: string }).message).toContain('has no tlog recorded');

    const gone = await svc.store.startFlight({ vehicleId: 'sim/2', vehicleSysid: 2, tlogPath: '/nonexistent/elbflug/sim.tlog' });
    const missing = await svc.api(`/flights/${gone.id}/replay`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('is not on this machine'), details: { tlog: 'sim.tlog' } }); // the file name only: no server path in answers

    const bad = await svc.api(`/flights/${gone.id}/replay?leadInS=soon`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('leadInS') });
  });
});
