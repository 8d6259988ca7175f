/**
 * Link alerts are stored (issue 12): an address conflict raised by forged heartbeats on a real UDP
 * link appears in GET /api/alerts, survives a restart of the service, and a forger cannot flood
 * the store (one stored alert per kind and vehicle per hold-off, the rest counted in it).
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { Encoder } from '../../firmware-bridge/codec/encode.js';
import { LinkAlertRecorder } from '../../src/fleet/link-alerts.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { heartbeat } from '../firmware-bridge/helpers/telemetry.js';
import { OPERATOR, startTestService, testConfig, waitFor } from '../service/rig.js';
import { mkdtempSync } from 'node:fs';
import { WebSocket } from 'ws';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const closers: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function udpSocket(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  closers.push(() => new Promise<void>((r) => s.close(() => r())));
  return s;
}
const sendTo = (s: Socket, port: number, b: Buffer): Promise<void> => new Promise((r) => s.send(b, port, '127.0.0.1', () => r()));

async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface AlertView {
  code: string;
  vehicleId: string | null;
  vehicleSysid: number | null;
  details: { link?: string; suppressed?: number };
}

describe('link alerts in the store (issue 12)', () => {
  it('forged heartbeats from a second address: LINK_ADDRESS_CONFLICT in GET /api/alerts, once, and still there after a restart; LINK_LOST stored and cleared', async () => {
    const port = await freePort();
    const config = testConfig({ simulator: { enabled: false, vehicles: 0 }, links: [{ name: 'radio', url: `udpin://127.0.0.1:${port}` }] });
    let svc = await startTestService(config);
    let running = true;
    closers.push(() => running && svc.close());
    const vehicle = await udpSocket();
    const forger = await udpSocket();
    const enc = new Encoder({ sysid: 1, compid: 1 });
    const forged = new Encoder({ sysid: 1, compid: 1 });
    await sendTo(vehicle, port, enc.encode(heartbeat()));
    await waitFor('the vehicle', async () => svc.fleet.vehicle('radio/1'), 5000);
    const ws = new WebSocket(`${svc.url.replace('http', 'ws')}/ws?token=${OPERATOR}`);
    const live: { type: string; code?: string; id?: number }[] = [];
    ws.on('message', (d) => live.push(JSON.parse(String(d)) as { type: string }));
    await new Promise((r) => ws.once('open', r));
    closers.push(() => ws.close());
    ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['alerts'] }));
    ws.send('{"type":"ping"}');
    await waitFor('subscribed', async () => (live.some((m) => m.type === 'pong') ? true : undefined), 5000);
    // Three conflict episodes (the real vehicle interleaves): three websocket alerts, one stored.
    for (let round = 0; round < 3; round++) {
      await sendTo(forger, port, forged.encode(heartbeat()));
      await sendTo(vehicle, port, enc.encode(heartbeat()));
    }
    const stored = async (): Promise<AlertView[]> => ((await (await svc.api('/alerts')).json()) as AlertView[]).filter((a) => a.code === 'LINK_ADDRESS_CONFLICT');
    await waitFor('the stored alert', async () => ((await stored()).length ? true : undefined), 5000);
    await waitFor('all frames read', async () => (svc.fleet.linkStats()[0]!.stats.addressConflicts === 3 ? true : undefined), 5000);
    const alerts = await stored();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ vehicleId: 'radio/1', vehicleSysid: 1, details: { link: 'radio' } });
    // The websocket got all three, the stored one with its id (the map acknowledges it by that id).
    const pushed = await waitFor('three live alerts', async () => {
      const l = live.filter((m) => m.type === 'alert' && m.code === 'LINK_ADDRESS_CONFLICT');
      return l.length === 3 ? l : undefined;
    }, 5000);
    expect(pushed.filter((m) => m.id !== undefined).map((m) => m.id)).toEqual([(alerts[0] as AlertView & { id: number }).id]);
    // The vehicle falls silent (no delivery watches it): LINK_LOST is stored too, and cleared when it talks again.
    const lost = async (): Promise<(AlertView & { clearedAt: string | null })[]> => ((await (await svc.api('/alerts')).json()) as (AlertView & { clearedAt: string | null })[]).filter((a) => a.code === 'LINK_LOST');
    const raised = await waitFor('LINK_LOST stored', async () => (await lost())[0], 15_000);
    expect(raised).toMatchObject({ vehicleId: 'radio/1', clearedAt: null });
    await sendTo(vehicle, port, enc.encode(heartbeat()));
    await waitFor('LINK_LOST cleared', async () => ((await lost())[0]?.clearedAt ? true : undefined), 5000);
    await svc.close();
    running = false;
    svc = await startTestService(config);
    running = true;
    expect(await stored()).toHaveLength(1);
  });

  it('the vehicles-per-link cap through the service: 5 sysids on a link capped at 2 → 2 listed, VEHICLE_LIMIT stored per refused sysid', async () => {
    const port = await freePort();
    const svc = await startTestService(testConfig({ simulator: { enabled: false, vehicles: 0 }, links: [{ name: 'radio', url: `udpin://127.0.0.1:${port}` }], mavlink: { maxVehiclesPerLink: 2 } }));
    closers.push(() => svc.close());
    const s = await udpSocket();
    for (let sysid = 1; sysid <= 5; sysid++) await sendTo(s, port, new Encoder({ sysid, compid: 1 }).encode(heartbeat()));
    const limits = await waitFor('three VEHICLE_LIMIT alerts', async () => {
      const list = ((await (await svc.api('/alerts')).json()) as AlertView[]).filter((a) => a.code === 'VEHICLE_LIMIT');
      return list.length === 3 ? list : undefined;
    }, 5000);
    expect(limits.map((a) => a.vehicleId).sort()).toEqual(['radio/3', 'radio/4', 'radio/5']);
    const vehicles = (await (await svc.api('/vehicles')).json()) as { id: string }[];
    expect(vehicles.map((v) => v.id).sort()).toEqual(['radio/1', 'radio/2']);
  });

  it('the recorder stores one alert per kind and vehicle per hold-off and counts the ones it folded in', async () => {
    const store = SqliteStore.open({ dataDir: mkdtempSync(join(tmpdir(), 'elbflug-la-')) });
    closers.push(() => store.close());
    let now = Date.UTC(2026, 11, 7, 12);
    const rec = new LinkAlertRecorder({ raiseAlert: (a) => store.raiseAlert(a), nowMs: () => now, holdOffMs: 60_000 });
    const conflict = { link: 'radio', vehicle: 'radio/3', code: 'LINK_ADDRESS_CONFLICT', severity: 'critical', message: 'm' } as const;
    expect(await rec.record(conflict)).toBeDefined();
    for (let i = 0; i < 50; i++) expect(await rec.record(conflict)).toBeUndefined();
    expect(await rec.record({ ...conflict, vehicle: 'radio/4' })).toBeDefined(); // another vehicle: its own alert
    expect(await rec.record({ link: 'radio', code: 'LINK_PEER_LIMIT', severity: 'warning', message: 'full' })).toBeDefined();
    now += 60_000;
    const next = await rec.record(conflict);
    expect(next?.details).toEqual({ link: 'radio', suppressed: 50 });
    const all = await store.listAlerts({});
    expect(all.map((a) => a.code).sort()).toEqual(['LINK_ADDRESS_CONFLICT', 'LINK_ADDRESS_CONFLICT', 'LINK_ADDRESS_CONFLICT', 'LINK_PEER_LIMIT']);
    expect(all.find((a) => a.code === 'LINK_PEER_LIMIT')!.vehicleId).toBeNull();
  });
});
