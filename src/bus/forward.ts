/**
 * The HTTP front of a cluster instance, in front of the express app:
 *   - GET /api/ready: readiness for a load balancer (store and bus answer) — 200 or 503 with the checks,
 *     and what works degraded (`degraded`, e.g. the bus without JetStream; GET /api/health lists it too);
 *   - a command or launch for a vehicle another instance owns is forwarded to that instance over
 *     the bus (request/reply) and its answer returned as is: operators may talk to any instance.
 * Forwarded calls carry `x-elbflug-forwarded` and are never forwarded again (no loops).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ForwardedRequest, ForwardedResponse, NatsBus } from './nats-bus.js';

export const FORWARDED_HEADER = 'x-elbflug-forwarded';
const MAX_PEEK_BYTES = 64 * 1024;

export interface ReadyCheck {
  name: string;
  ok: () => boolean | Promise<boolean>;
}

export interface FrontOptions {
  app: RequestListener;
  checks: readonly ReadyCheck[];
  bus?: NatsBus;
  /** Which instance owns a vehicle's link: undefined when this one does or nobody is known to. */
  remoteOwner(vehicleId: string): string | undefined;
  /** The vehicle a delivery flies (for abort), from the store. */
  deliveryVehicle(deliveryId: string): Promise<string | undefined>;
  /** What works degraded (e.g. the bus without JetStream): listed by /api/ready and /api/health, which stay 200. */
  degraded?: () => readonly { name: string; reason: string }[];
}

const COMMAND = /^\/api\/vehicles\/([^/]+)\/(\d+)\/commands$/;
const LAUNCH = /^\/api\/deliveries\/([^/]+)\/launch$/;
const ABORT = /^\/api\/deliveries\/([^/]+)\/abort$/;

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > MAX_PEEK_BYTES) return undefined;
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function clusterFront(o: FrontOptions): RequestListener {
  const ready = async (res: ServerResponse): Promise<void> => {
    const checks = await Promise.all(o.checks.map(async (c) => ({ name: c.name, ok: await Promise.resolve(c.ok()).catch(() => false) })));
    const ok = checks.every((c) => c.ok);
    send(res, ok ? 200 : 503, 'application/json', JSON.stringify({ ok, checks, degraded: o.degraded?.() ?? [] }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      new URL(req.url ?? '/', 'http://localhost');
    } catch {
      // an absolute-form target the URL parser refuses ("GET http://[/api/…"): express answered it with an HTML 404
      return send(res, 400, 'application/json', JSON.stringify({ code: 'VALIDATION_FAILED', message: 'the request target is not a valid URL', details: {} }));
    }
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path === '/api/ready') return ready(res);
    // Liveness stays 200; a degraded instance says what is missing (the app's own answer is {ok: true}).
    if (req.method === 'GET' && path === '/api/health' && o.degraded) return send(res, 200, 'application/json', JSON.stringify({ ok: true, degraded: o.degraded() }));
    if (!o.bus || req.method !== 'POST' || req.headers[FORWARDED_HEADER]) return void o.app(req, res);
    const command = COMMAND.exec(path);
    const launch = LAUNCH.exec(path);
    const abort = ABORT.exec(path);
    if (!command && !launch && !abort) return void o.app(req, res);
    const len = Number(req.headers['content-length'] ?? 0);
    if (len > MAX_PEEK_BYTES) return void o.app(req, res); // the app answers BODY_TOO_LARGE
    const body = await readBody(req);
    let parsed: unknown;
    try {
      parsed = body ? JSON.parse(body) : undefined;
    } catch {
      parsed = undefined;
    }
    let vehicle: string | undefined;
    if (command) vehicle = `${decodeURIComponent(command[1]!)}/${command[2]}`;
    else if (launch) vehicle = typeof (parsed as { vehicle?: unknown })?.vehicle === 'string' ? (parsed as { vehicle: string }).vehicle : undefined;
    else vehicle = await o.deliveryVehicle(decodeURIComponent(abort![1]!)).catch(() => undefined);
    const owner = vehicle ? o.remoteOwner(vehicle) : undefined;
    if (!owner) {
      // Ours (or unknown: the app says so). The body was read here: hand it over parsed.
      (req as IncomingMessage & { body?: unknown }).body = parsed;
      return void o.app(req, res);
    }
    const headers: Record<string, string> = { [FORWARDED_HEADER]: o.bus.instance };
    for (const h of ['authorization', 'content-type']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
    const fwd: ForwardedRequest = { method: 'POST', path: req.url ?? path, headers, ...(body !== undefined ? { body } : {}) };
    let answer: ForwardedResponse;
    try {
      answer = await o.bus.forward(owner, fwd);
    } catch (e) {
      answer = { status: 502, contentType: 'application/json', body: JSON.stringify({ code: 'CLUSTER_FORWARD_FAILED', message: `instance ${owner} owns ${vehicle} but did not answer (${(e as Error).message}); retry — if it died, another instance takes the link over within seconds` }) };
    }
    res.setHeader('x-elbflug-owner', owner);
    send(res, answer.status, answer.contentType, answer.body);
  };

  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ code: 'INTERNAL', message: 'the cluster front failed' }));
    });
  };
}

/** Runs a forwarded call against this instance's own HTTP server. */
export function serveForwarded(localUrl: () => string): (r: ForwardedRequest) => Promise<ForwardedResponse> {
  return async (r) => {
    const res = await fetch(`${localUrl()}${r.path}`, { method: r.method, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) });
    return { status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body: await res.text() };
  };
}
