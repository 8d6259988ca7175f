/**
 * Conformance: simulator faults injected into a flying delivery raise the right alerts, the
 * configured reaction (hold) is sent, and every alert is stored and pushed.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, startTestService, testConfig, waitFor } from './rig.js';

const HOME = { lat: 53.5914, lon: 9.9767 };
const REQ = { from: HOME, to: { lat: 53.5592, lon: 10.0181 }, consents: ['HHH01', 'HHH02'], departAt: '2026-05-04T08:00:00Z' };
let svc: Awaited<ReturnType<typeof startTestService>>;
const pushed: { type: string; code?: string }[] = [];
let ws: WebSocket;

beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: true, vehicles: 1, speed: 10, home: { ...HOME, altAmslM: 10 } }, conformance: { corridorHalfWidthM: 40, altitudeBandM: 20, staleTelemetryS: 3, reaction: 'hold' } }));
  ws = new WebSocket(`${svc.url.replace('http', 'ws')}/ws?token=${OPERATOR}`);
  ws.on('message', (d) => pushed.push(JSON.parse(d.toString()) as { type: string; code?: string }));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['alerts', 'deliveries'] }));
});
afterAll(async () => {
  ws?.close();
  await svc?.close();
});

const alertCodes = async (id: string) => ((await (await svc.api(`/alerts?limit=100`)).json()) as { code: string; deliveryId: string }[]).filter((a) => a.deliveryId === id).map((a) => a.code);

describe('conformance monitoring with simulator faults', () => {
  it('a strong gust pushes the vehicle off its corridor → OFF_CORRIDOR, automatic Hold; a battery drop → BATTERY_INSUFFICIENT', async () => {
    const d = (await (await svc.api('/deliveries', { method: 'POST', body: JSON.stringify(REQ) })).json()) as { id: string };
    const launch = await svc.api(`/deliveries/${d.id}/launch`, { method: 'POST', body: JSON.stringify({ vehicle: 'sim/1' }) });
    expect(launch.status, await launch.clone().text()).toBe(200);
    const v = svc.fleet.vehicle('sim/1')!;
    await waitFor('cruise', async () => ((v.session.state.position?.relAltM ?? 0) > 50 && (v.session.state.velocity?.groundSpeedMps ?? 0) > 5 ? true : undefined), 60_000);
    svc.sim!.fault(1, { fault: 'windGust', speedMps: 25, fromDeg: 45, seconds: 40 });
    await waitFor('OFF_CORRIDOR', async () => ((await alertCodes(d.id)).includes('OFF_CORRIDOR') ? true : undefined), 40_000);
    await waitFor('Hold', async () => (v.session.state.flightMode === 'Hold' ? true : undefined), 20_000);
    svc.sim!.fault(1, { fault: 'batteryDrop', pct: 12 });
    await waitFor('BATTERY_INSUFFICIENT', async () => ((await alertCodes(d.id)).includes('BATTERY_INSUFFICIENT') ? true : undefined), 30_000);
    expect(pushed.filter((m) => m.type === 'alert').map((m) => m.code)).toEqual(expect.arrayContaining(['OFF_CORRIDOR', 'BATTERY_INSUFFICIENT']));
    expect(pushed.some((m) => m.type === 'delivery')).toBe(true);
  }, 150_000);

  it('a GPS loss makes PX4 land in failsafe → VEHICLE_FAILSAFE (system status CRITICAL)', async () => {
    svc.sim!.fault(1, { fault: 'gpsLoss', seconds: 30 });
    await waitFor('VEHICLE_FAILSAFE pushed', async () => (pushed.some((m) => m.type === 'alert' && m.code === 'VEHICLE_FAILSAFE') ? true : undefined), 30_000);
    svc.sim!.fault(1, { fault: 'clear' });
  }, 60_000);

  it('a link loss raises LINK_LOST (the vehicle\'s own failsafe acts, we do not command it)', async () => {
    svc.sim!.fault(1, { fault: 'linkLoss', seconds: 60 });
    await waitFor('LINK_LOST pushed', async () => (pushed.some((m) => m.type === 'alert' && m.code === 'LINK_LOST') ? true : undefined), 30_000);
  }, 60_000);
});
