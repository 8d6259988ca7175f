/**
 * The lock-out probe of issue 12 as a regression: strangers cannot use up an operator's budget, an
 * operator's hold/RTL/land/abort is never limited, and 0 disables a limit as documented.
 * Real HTTP on 127.0.0.1 and a simulated PX4 on real UDP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissionApprovals } from '../../src/fleet/approvals.js';
import { createApp } from '../../src/server/app.js';
import { defaultSafetyGate, vehicleRoutes } from '../../src/server/vehicle-routes.js';
import { simulatedLink } from '../fleet/sim-link.js';
import { OP, TOKENS, VIEW } from '../server/helpers.js';

type Rig = { base: string; close(): Promise<void> };
let sim: Awaited<ReturnType<typeof simulatedLink>>;

beforeAll(async () => {
  sim = await simulatedLink({ vehicles: 1, speed: 5, highRateHz: 0 });
  while (sim.fleet.vehicles().length < 1) await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => {
  await sim.fleet.close();
  await sim.sim.close();
});

async function rig(rateLimit: { windowMs: number; max: number; anonymousMax: number }): Promise<Rig> {
  const app = createApp({ tokens: TOKENS, bodyLimitBytes: 64 * 1024, rateLimit, routes: vehicleRoutes(sim.fleet, defaultSafetyGate(new MissionApprovals(), () => 120)), audit: () => undefined });
  const server: Server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const vehicle = (): string => sim.fleet.vehicles()[0]!.id;
const command = (r: Rig, command: string, headers: Record<string, string> = OP): Promise<Response> =>
  fetch(`${r.base}/api/vehicles/${vehicle()}/commands`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ command }) });

describe('rate limits that protect (issue 12 lock-out probe)', () => {
  it('650 unauthenticated requests exhaust only the strangers’ budget: the operator’s rtl and reads still pass', async () => {
    const r = await rig({ windowMs: 60_000, max: 100, anonymousMax: 50 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 650; i++) statuses.push((await fetch(`${r.base}/api/vehicles`)).status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(50);
      expect(statuses.filter((s) => s === 429)).toHaveLength(600);
      const limited = await fetch(`${r.base}/api/vehicles`);
      expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect((await command(r, 'rtl')).status).not.toBe(429);
      expect((await fetch(`${r.base}/api/vehicles`, { headers: OP })).status).toBe(200);
      // A wrong token is a stranger too: it cannot borrow an operator's budget.
      expect((await fetch(`${r.base}/api/vehicles`, { headers: { authorization: 'Bearer op-secret-token-124' } })).status).toBe(429);
    } finally {
      await r.close();
    }
  });

  it('an operator over their own budget is limited, except hold, rtl and land', async () => {
    const r = await rig({ windowMs: 60_000, max: 10, anonymousMax: 10 });
    try {
      for (let i = 0; i < 10; i++) expect((await fetch(`${r.base}/api/vehicles`, { headers: OP })).status).toBe(200);
      expect((await fetch(`${r.base}/api/vehicles`, { headers: OP })).status).toBe(429);
      expect((await command(r, 'arm')).status).toBe(429);
      for (const c of ['hold', 'rtl', 'land', 'rtl', 'hold']) expect((await command(r, c)).status, c).not.toBe(429);
      // Another principal has their own budget.
      expect((await fetch(`${r.base}/api/vehicles`, { headers: VIEW })).status).toBe(200);
      // A viewer's "rtl" is no safety exemption (viewers may not command at all).
      for (let i = 0; i < 10; i++) await fetch(`${r.base}/api/vehicles`, { headers: VIEW });
      expect((await command(r, 'rtl', VIEW)).status).toBe(429);
    } finally {
      await r.close();
    }
  });

  it('0 disables both limits, as documented', async () => {
    const r = await rig({ windowMs: 60_000, max: 0, anonymousMax: 0 });
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < 120; i++) {
        statuses.add((await fetch(`${r.base}/api/vehicles`, { headers: OP })).status);
        statuses.add((await fetch(`${r.base}/api/vehicles`)).status);
      }
      expect([...statuses].sort()).toEqual([200, 401]);
    } finally {
      await r.close();
    }
  });
});
