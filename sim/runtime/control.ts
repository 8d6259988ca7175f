/**
 * The fleet's small HTTP control endpoint (127.0.0.1 only by default):
 *
 *   GET  /status                  → [{sysid, mode, armed, lat, lon, relAltM, batteryPct, …}]
 *   GET  /faults                  → {names: [...]} the fault names
 *   POST /fault  {"vehicle": 1, "fault": "linkLoss", "seconds": 20}   (vehicle omitted = all)
 *   POST /speed  {"speed": 20}
 *   POST /vehicles  {"lat": 53.55, "lon": 9.99}   (body optional) → the new vehicle's status
 *   DELETE /vehicles/2
 *
 * Bodies are validated with zod; errors answer 400 with a message saying what to send instead.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { FAULT_NAMES, FaultSchema } from './faults.js';
import type { Fleet } from './fleet.js';

export interface ControlServer {
  port: number;
  close(): Promise<void>;
}

const FaultRequest = z.intersection(z.object({ vehicle: z.union([z.number().int().positive(), z.literal('all')]).optional() }), FaultSchema);
const SpeedRequest = z.object({ speed: z.number().positive().max(1000) });
const AddRequest = z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).partial();
const ROUTES = 'GET /status, GET /faults, POST /fault, POST /speed, POST /vehicles, DELETE /vehicles/<sysid>';

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 65_536) throw new Error('body too large (max 64 KiB)');
  }
  return text === '' ? {} : JSON.parse(text);
}

async function handle(fleet: Fleet, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/status') return reply(res, 200, fleet.status());
  if (req.method === 'GET' && path === '/faults') return reply(res, 200, { names: FAULT_NAMES });
  if (req.method === 'POST' && path === '/vehicles') {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      return reply(res, 400, { error: `invalid JSON body: ${(e as Error).message}` });
    }
    const r = AddRequest.safeParse(body);
    if (!r.success || (r.data.lat === undefined) !== (r.data.lon === undefined)) return reply(res, 400, { error: 'send {} (in line with the others) or {"lat": <deg>, "lon": <deg>}' });
    const v = await fleet.addVehicle(r.data.lat !== undefined && r.data.lon !== undefined ? { home: { lat: r.data.lat, lon: r.data.lon } } : {});
    return reply(res, 201, { ...v.status(), localPort: v.localPort });
  }
  const del = /^\/vehicles\/(\d+)$/.exec(path ?? '');
  if (req.method === 'DELETE' && del) {
    try {
      await fleet.removeVehicle(Number(del[1]));
    } catch (e) {
      return reply(res, 404, { error: (e as Error).message });
    }
    return reply(res, 200, { removed: Number(del[1]) });
  }
  if (req.method === 'POST' && (path === '/fault' || path === '/speed')) {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      return reply(res, 400, { error: `invalid JSON body: ${(e as Error).message}` });
    }
    if (path === '/speed') {
      const r = SpeedRequest.safeParse(body);
      if (!r.success) return reply(res, 400, { error: 'send {"speed": <number in (0, 1000]>}' });
      fleet.setSpeed(r.data.speed);
      return reply(res, 200, { speed: fleet.speed });
    }
    const r = FaultRequest.safeParse(body);
    if (!r.success) return reply(res, 400, { error: `invalid fault; use one of ${FAULT_NAMES.join(', ')}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    const { vehicle, ...spec } = r.data;
    try {
      fleet.fault(vehicle ?? 'all', spec);
    } catch (e) {
      return reply(res, 404, { error: (e as Error).message });
    }
    return reply(res, 200, { applied: spec, vehicle: vehicle ?? 'all', atS: fleet.nowS() });
  }
  reply(res, 404, { error: `no route ${req.method} ${path}; use ${ROUTES}` });
}

/** Start the control endpoint. */
export async function startControlServer(fleet: Fleet, port: number, host = '127.0.0.1'): Promise<ControlServer> {
  const server = createServer((req, res) => {
    handle(fleet, req, res).catch((e: unknown) => reply(res, 500, { error: String(e) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
