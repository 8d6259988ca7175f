import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRig, TOKENS, type Rig } from './helpers.js';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig(2, 10);
});
afterAll(async () => {
  await rig?.close();
});

interface Msg {
  type: string;
  vehicle?: string;
  vehicles?: Record<string, { sysid: number }>;
  code?: string;
  role?: string;
}

function connect(query: string): Promise<{ ws: WebSocket; messages: Msg[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${rig.wsBase}/ws${query}`);
    const messages: Msg[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Msg));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('websocket /ws', () => {
  it('refuses a connection without a valid token (401)', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect('?token=nope')).rejects.toThrow('HTTP 401');
  });

  it('streams telemetry for subscribed vehicles at no more than the configured rate', async () => {
    const { ws, messages } = await connect(`?token=${TOKENS[1]!.token}`);
    await sleep(100);
    expect(messages[0]).toMatchObject({ type: 'hello', role: 'viewer', rateHz: 10 });
    ws.send(JSON.stringify({ type: 'subscribe', vehicles: ['sim/2'], topics: ['telemetry'] }));
    const t0 = performance.now();
    const telemetry = () => messages.filter((m) => m.type === 'telemetry');
    // A loaded machine slows the simulator (fewer frames), never the other way: wait for the frames, bound the rate by the time taken.
    for (const end = Date.now() + 20_000; telemetry().length < 6 && Date.now() < end; ) await sleep(50);
    await sleep(500);
    const seconds = (performance.now() - t0) / 1000;
    const t = telemetry();
    expect(t.length).toBeGreaterThanOrEqual(6);
    // 10 Hz: in W seconds at most 10 W + 2 pushes (the pacer's one-interval tolerance), + the first full picture
    expect(t.length).toBeLessThanOrEqual(Math.floor(seconds * 10) + 3);
    expect(new Set(t.flatMap((m) => Object.keys(m.vehicles!)))).toEqual(new Set(['sim/2']));
    expect(t[0]!.vehicles!['sim/2']).toMatchObject({ sysid: 2 });
    ws.close();
  });

  it('"*" follows every vehicle; unsubscribe stops the stream', async () => {
    const { ws, messages } = await connect(`?token=${TOKENS[0]!.token}`);
    ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['telemetry'] }));
    await sleep(600);
    expect(new Set(messages.filter((m) => m.type === 'telemetry').flatMap((m) => Object.keys(m.vehicles!)))).toEqual(new Set(['sim/1', 'sim/2']));
    ws.send(JSON.stringify({ type: 'unsubscribe', topics: ['telemetry'] }));
    await sleep(200);
    const n = messages.length;
    await sleep(500);
    expect(messages.length).toBe(n);
    ws.close();
  });

  it('answers nonsense with an error message and stays open; pushes alerts to alert subscribers', async () => {
    const { ws, messages } = await connect(`?token=${TOKENS[1]!.token}`);
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['weather'] }));
    ws.send(Buffer.from([1, 2, 3]));
    await sleep(200);
    expect(messages.filter((m) => m.type === 'error').map((m) => m.code)).toEqual(['WS_MESSAGE_INVALID', 'WS_MESSAGE_INVALID', 'WS_MESSAGE_INVALID']);
    ws.send(JSON.stringify({ type: 'subscribe', vehicles: '*', topics: ['alerts'] }));
    await sleep(100);
    rig.hub.publish('alerts', { vehicle: 'sim/1', code: 'OFF_CORRIDOR', severity: 'warning', message: 'test' });
    await sleep(100);
    expect(messages.filter((m) => m.type === 'alert')).toEqual([{ type: 'alert', vehicle: 'sim/1', code: 'OFF_CORRIDOR', severity: 'warning', message: 'test' }]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
