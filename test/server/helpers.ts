/** A service slice on real sockets: simulated PX4s → UDP → Fleet → express + ws on 127.0.0.1. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simulatedLink } from '../fleet/sim-link.js';
import { MissionApprovals } from '../../src/fleet/approvals.js';
import type { Fleet } from '../../src/fleet/fleet.js';
import { airspaceRoutes } from '../../src/server/airspace-routes.js';
import { createApp } from '../../src/server/app.js';
import { HAMBURG, PROFILE } from '../fleet/fixtures.js';
import type { TokenSpec } from '../../src/server/auth.js';
import type { AuditEntry } from '../../src/server/routes.js';
import { defaultSafetyGate, telemetryView, vehicleRoutes } from '../../src/server/vehicle-routes.js';
import { WsHub } from '../../src/server/ws-hub.js';
import type { Fleet as SimFleet } from '../../sim/runtime/fleet.js';

export const TOKENS: TokenSpec[] = [
  { token: 'op-secret-token-123', role: 'operator', name: 'olga' },
  { token: 'view-secret-token-456', role: 'viewer', name: 'viktor' },
  { token: 'eng-secret-token-789', role: 'engineer', name: 'erik' },
];
export const OP = { authorization: `Bearer ${TOKENS[0]!.token}` };
export const VIEW = { authorization: `Bearer ${TOKENS[1]!.token}` };

export interface Rig {
  base: string;
  wsBase: string;
  sim: SimFleet;
  fleet: Fleet;
  hub: WsHub;
  audit: AuditEntry[];
  approvals: MissionApprovals;
  close(): Promise<void>;
}

export async function startRig(vehicles = 2, rateHz = 10): Promise<Rig> {
  const { sim, fleet } = await simulatedLink({ vehicles, speed: 5, highRateHz: 10 });
  const audit: AuditEntry[] = [];
  const approvals = new MissionApprovals();
  const app = createApp({
    tokens: TOKENS,
    bodyLimitBytes: 64 * 1024,
    rateLimit: { windowMs: 60_000, max: 10_000 },
    routes: [
      ...vehicleRoutes(fleet, defaultSafetyGate(approvals, () => 120)),
      ...airspaceRoutes({ zones: () => HAMBURG, profile: () => PROFILE }),
    ],
    audit: (e) => void audit.push(e),
  });
  const server: Server = createServer(app);
  const hub = new WsHub(server, {
    tokens: TOKENS,
    rateHz,
    snapshot: (id) => {
      const v = fleet.vehicle(id);
      return v ? telemetryView(v) : undefined;
    },
    vehicleIds: () => fleet.vehicles().map((v) => v.id),
  });
  fleet.on('state', (v) => hub.vehicleChanged(v.id));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  while (fleet.vehicles().length < vehicles) await new Promise((r) => setTimeout(r, 20));
  return {
    base: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    sim,
    fleet,
    hub,
    audit,
    approvals,
    close: async () => {
      hub.close();
      await new Promise((r) => server.close(() => r(undefined)));
      await fleet.close();
      await sim.close();
    },
  };
}
