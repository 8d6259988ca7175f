/**
 * API fuzzing generated from the service's own OpenAPI document (/api/openapi.json): every route ×
 * no token, a forged token (an operator token with one byte changed) and a viewer token, with
 * malformed and boundary path parameters, queries and bodies; then the operator with the same
 * hostile inputs. The whole service runs (real SQLite, real HTTP, an embedded simulated PX4).
 * Invariants: no 5xx, the server keeps answering, JSON error bodies, and no state change at all
 * from the unauthenticated, forged and viewer passes (deliveries, audit, alerts, vehicles, sim).
 */
import { describe, expect, it } from 'vitest';
import { OPERATOR, VIEWER, serviceForFile, startTestService, unlimitedConfig } from '../service/rig.js';

type Svc = Awaited<ReturnType<typeof startTestService>>;
let svc: Svc;

serviceForFile(unlimitedConfig, (s) => (svc = s));

/** Hostile path/query values: empty-ish, huge, traversal, encodings, numbers at and past bounds. */
const PARAM_VALUES = ['x', '-1', '1e999', '99999999999999999999', '%00', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(300), "'%20OR%201=1--"];
/** Hostile JSON values for every body property. */
const BODY_VALUES: unknown[] = [null, -1, 1e308, '', 'x'.repeat(5000), [], {}, true];

interface Op {
  method: string;
  path: string;
  params: string[];
  query: string[];
  bodyProps: string[] | undefined;
  permission: string;
}

function operations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Op[] {
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, o] of Object.entries(methods)) {
      const parameters = (o.parameters ?? []) as { name: string; in: string }[];
      const body = (o.requestBody as { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } | undefined)?.content['application/json']?.schema;
      ops.push({ method: method.toUpperCase(), path, params: parameters.filter((p) => p.in === 'path').map((p) => p.name), query: parameters.filter((p) => p.in === 'query').map((p) => p.name), bodyProps: body ? Object.keys(body.properties ?? {}) : undefined, permission: String(o['x-permission']) });
    }
  }
  return ops;
}

/**
 * Requests for one operation: each hostile param value, each query value, each body shape. `brief`
 * (for callers the route refuses before reading anything: no token, forged token, wrong role) keeps
 * a few of each — the answer cannot depend on the rest.
 */
function* requests(op: Op, brief = false): Generator<{ url: string; body: string | undefined }> {
  const fill = (v: string): string => op.path.replace(/\{[^}]+\}/g, v);
  if (brief) {
    for (const v of PARAM_VALUES.slice(0, 3)) yield { url: fill(v), body: op.bodyProps ? JSON.stringify({ [op.bodyProps[0] ?? 'x']: v }) : undefined };
    if (op.bodyProps) for (const raw of ['{', '{"__proto__":{"polluted":1}}']) yield { url: fill('x'), body: raw };
    return;
  }
  for (const v of PARAM_VALUES) yield { url: fill(v), body: op.bodyProps ? '{}' : undefined };
  const base = fill('x');
  for (const q of op.query) for (const v of PARAM_VALUES) yield { url: `${base}?${q}=${v}`, body: undefined };
  if (op.bodyProps) {
    for (const raw of ['', 'null', '[]', '"s"', '{', '{"__proto__":{"polluted":1}}', '{"a":'.repeat(2000), JSON.stringify({ deep: JSON.parse('['.repeat(500) + ']'.repeat(500)) })]) yield { url: base, body: raw };
    for (const prop of op.bodyProps) for (const v of BODY_VALUES) yield { url: base, body: JSON.stringify({ [prop]: v }) };
  }
}

async function snapshot(): Promise<string> {
  const [deliveries, allAudit, alerts, flights] = await Promise.all([svc.store.listDeliveries({ limit: 1000 }), svc.store.listAudit({ limit: 1000 }), svc.store.listAlerts({ limit: 1000 }), svc.store.listFlights({ limit: 1000 })]);
  // A viewer's refused alert.ack is audited as an attempt (result "error"): a trail, not a change.
  const audit = allAudit.filter((a) => a.result !== 'error');
  const vehicles = svc.fleet.vehicles().map((v) => ({ id: v.id, armed: v.session.state.armed, mode: v.session.state.flightMode }));
  return JSON.stringify({ deliveries, audit, alerts, flights, vehicles, sim: svc.sim?.vehicles.length, speed: svc.sim?.speed });
}

async function call(method: string, url: string, body: string | undefined, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${svc.url}${url}`, { method, headers, ...(body !== undefined && method !== 'GET' ? { body } : {}) });
}

describe('API fuzzing from /api/openapi.json (issue 12)', () => {
  it('every route × hostile input: no 5xx, JSON errors, and no state change from unauthenticated, forged or viewer requests', async () => {
    const doc = (await (await fetch(`${svc.url}/api/openapi.json`)).json()) as Parameters<typeof operations>[0];
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(20);
    const forged = OPERATOR.slice(0, -1) + (OPERATOR.endsWith('0') ? '1' : '0');
    const before = await snapshot();
    const counts = { requests: 0, status: {} as Record<number, number> };
    const bad: string[] = [];
    for (const principal of [undefined, forged, VIEWER]) {
      for (const op of ops) {
        const refused = principal !== VIEWER || op.permission !== 'read';
        for (const r of requests(op, refused)) {
          const res = await call(op.method, r.url, r.body, principal);
          counts.requests++;
          counts.status[res.status] = (counts.status[res.status] ?? 0) + 1;
          const text = await res.text();
          // 400: a body that is not JSON is refused while parsing, before the route's token check.
          const allowed = refused ? [400, 401, 403, 404, 413].includes(res.status) : res.status < 500;
          if (!allowed) bad.push(`${principal === VIEWER ? 'viewer' : principal ? 'forged' : 'none'} ${op.method} ${r.url.slice(0, 80)} → ${res.status} ${text.slice(0, 120)}`);
          if (res.status >= 400 && !text.startsWith('{"code":')) bad.push(`non-JSON error ${op.method} ${r.url.slice(0, 80)} → ${text.slice(0, 80)}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(await snapshot()).toBe(before);
    // The operator: hostile input is refused with 4xx, never 5xx.
    for (const op of ops) {
      for (const r of requests(op)) {
        const res = await call(op.method, r.url, r.body, OPERATOR);
        counts.requests++;
        counts.status[res.status] = (counts.status[res.status] ?? 0) + 1;
        const text = await res.text();
        if (res.status >= 500) bad.push(`operator ${op.method} ${r.url.slice(0, 80)} → ${res.status} ${text.slice(0, 160)}`);
        if (text.includes(svc.config.dataDir)) bad.push(`server path in ${op.method} ${r.url.slice(0, 80)}`);
      }
    }
    expect(bad).toEqual([]);
    expect((await fetch(`${svc.url}/api/health`)).status).toBe(200);
    console.log(`api fuzz: ${ops.length} operations, ${counts.requests} requests, statuses ${JSON.stringify(counts.status)}`);
  }, 300_000);
});
