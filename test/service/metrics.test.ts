/** GET /api/metrics on the whole service: Prometheus text a scraper can read, behind a token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OPERATOR, VIEWER, startTestService, testConfig, waitFor } from './rig.js';

type Svc = Awaited<ReturnType<typeof startTestService>>;
let svc: Svc;
beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: true, vehicles: 2, speed: 1 } }));
}, 60_000);
afterAll(async () => {
  await svc?.close();
});

/** `name{labels} value` lines of the exposition, by series. */
function series(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

const scrape = async (token = VIEWER): Promise<Map<string, number>> => {
  const r = await svc.api('/metrics', { token });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return series(await r.text());
};

describe('GET /api/metrics', () => {
  it('refuses a request without a valid token, saying how to authenticate', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-token-of-this-service' }] as Record<string, string>[]) {
      const r = await fetch(`${svc.url}/api/metrics`, { headers });
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('Bearer') });
    }
  });

  it('counts websocket clients, frames and bytes, vehicles and the telemetry latency of what was sent', async () => {
    // Both simulated vehicles heard (a loaded machine can take longer than the rig's own wait).
    const before = await waitFor('both vehicles', async () => {
      const m = await scrape(OPERATOR);
      return m.get('elbflug_vehicles{served="own"}') === 2 ? m : undefined;
    }, 30_000);
    expect(before.get('elbflug_ws_clients')).toBe(0);
    expect(before.get('elbflug_vehicles{served="remote"}')).toBe(0);
    expect(before.get('process_cpu_seconds_total')).toBeGreaterThan(0);

    const ws = new WebSocket(`${svc.url.replace('http', 'ws')}/ws?token=${VIEWER}`);
    let frames = 0;
    let bytes = 0;
    ws.on('message', (d: Buffer) => {
      frames++;
      bytes += d.length;
    });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['telemetry'] }));
    await waitFor('20 telemetry frames', async () => (frames >= 20 ? true : undefined), 20_000);

    const during = await scrape();
    expect(during.get('elbflug_ws_clients')).toBe(1);
    await new Promise((r) => (ws.once('close', r), ws.close())); // the server's close frame comes after all its frames
    await waitFor('the client gone', async () => ((await scrape()).get('elbflug_ws_clients') === 0 ? true : undefined), 5_000);
    const after = await scrape();
    // Every frame the client read was counted, and its bytes (the hello included).
    expect(after.get('elbflug_ws_frames_sent_total')).toBe(frames);
    expect(after.get('elbflug_ws_bytes_sent_total')).toBe(bytes);
    // One observation per vehicle entry sent; cumulative buckets end at +Inf = count, and a loopback client is served within a second.
    const count = after.get('elbflug_telemetry_latency_seconds_count')!;
    expect(count).toBeGreaterThanOrEqual(frames - 1);
    expect(after.get('elbflug_telemetry_latency_seconds_bucket{le="+Inf"}')).toBe(count);
    expect(after.get('elbflug_telemetry_latency_seconds_bucket{le="1"}')).toBe(count);
    expect(after.get('elbflug_telemetry_latency_seconds_sum')).toBeGreaterThan(0);
    expect(after.get('elbflug_ws_slow_clients_closed_total')).toBe(0);
  }, 70_000);
});
