/**
 * The service slice the browser tests drive: simulated PX4s over UDP → Fleet → express (with the
 * web map as static files, Leaflet and the basemap) + websocket hub, all on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../firmware-bridge/clock.js';
import { simulatedLink } from '../../fleet/sim-link.js';
import { MissionApprovals } from '../../../src/fleet/approvals.js';
import { DeliveryService } from '../../../src/fleet/deliveries.js';
import type { Fleet } from '../../../src/fleet/fleet.js';
import { DEFAULT_CONFORMANCE_LIMITS } from '../../../src/fleet/conformance.js';
import { deliveryRoutes } from '../../../src/server/delivery-routes.js';
import { simRoutes } from '../../../src/server/sim-routes.js';
import { flightRoutes } from '../../../src/server/flight-routes.js';
import { catalogRoutes } from '../../../src/server/catalog-routes.js';
import { loadHubsFile } from '../../../src/io/hubs-file.js';
import { SqliteStore } from '../../../src/store/index.js';
import { airspaceRoutes } from '../../../src/server/airspace-routes.js';
import { obstacleRoutes } from '../../../src/server/obstacle-routes.js';
import { loadObstaclesFile, DEFAULT_OBSTACLES_FILE } from '../../../src/io/obstacles-file.js';
import { createApp } from '../../../src/server/app.js';
import type { MapConfig } from '../../../src/server/map-config.js';
import type { AuditEntry } from '../../../src/server/routes.js';
import { defaultSafetyGate, telemetryView, vehicleRoutes } from '../../../src/server/vehicle-routes.js';
import { WsHub } from '../../../src/server/ws-hub.js';
import type { Fleet as SimFleet } from '../../../sim/runtime/fleet.js';
import { HAMBURG, INDEX, PROFILE, VEHICLE } from '../../fleet/fixtures.js';
import { TOKENS } from '../../server/helpers.js';

export { TOKENS };
export const WEB_DIR = join(import.meta.dirname, '../../../src/web');

export interface WebRig {
  base: string;
  sim: SimFleet;
  fleet: Fleet;
  audit: AuditEntry[];
  store: SqliteStore;
  /** Push an alert as the delivery service would (stored first, so it can be acknowledged). */
  publishAlert(a: { vehicle: string; code: string; severity: 'info' | 'warning' | 'critical'; message: string }): Promise<number>;
  close(): Promise<void>;
}

export async function startWebRig(vehicles = 2, speed = 3, spacingM = 150, map: MapConfig = {}): Promise<WebRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'elbflug-web-'));
  // Record the link like the service does, so flights launched here can be replayed.
  const { sim, fleet } = await simulatedLink({ vehicles, speed, highRateHz: 10, spacingM }, { tlogDir: join(dataDir, 'tlogs') });
  const audit: AuditEntry[] = [];
  const approvals = new MissionApprovals();
  const store = SqliteStore.open({ dataDir });
  const obstacleData = await loadObstaclesFile(DEFAULT_OBSTACLES_FILE);
  const late: { hub?: WsHub } = {}; // the hub needs the server, which needs the app, which needs the routes
  const publisher = { publish: (topic: 'alerts' | 'deliveries', payload: { vehicle?: string } & Record<string, unknown>) => late.hub?.publish(topic, payload) };
  const deliveries = new DeliveryService({ store, fleet, index: INDEX, profile: () => PROFILE, approvals, publisher, clock: systemClock, groundAmslM: 10, conformance: DEFAULT_CONFORMANCE_LIMITS, reaction: 'none', obstacles: { list: obstacleData.obstacles } });
  const app = createApp({
    tokens: TOKENS,
    bodyLimitBytes: 64 * 1024,
    rateLimit: { windowMs: 60_000, max: 10_000 },
    routes: [
      ...vehicleRoutes(fleet, defaultSafetyGate(approvals, () => 120)),
      ...airspaceRoutes({ zones: () => HAMBURG, profile: () => PROFILE }),
      ...obstacleRoutes({ obstacles: () => obstacleData.obstacles, clearance: () => ({ horizontalM: 50, verticalM: 50 }), title: () => obstacleData.title }),
      ...deliveryRoutes({ service: deliveries, store, fleet, index: INDEX, profile: () => PROFILE, vehicleProfiles: [VEHICLE], groundAmslM: 10, obstacles: { list: obstacleData.obstacles } }),
      ...flightRoutes({ store }),
      ...simRoutes(sim),
      ...catalogRoutes({ hubs: await loadHubsFile(join(import.meta.dirname, '../../../missions/hubs.json')), index: INDEX, profile: () => PROFILE, vehicleProfiles: [VEHICLE], groundAmslM: 10 }),
    ],
    audit: (e) => void audit.push(e),
    staticDir: WEB_DIR,
    map,
  });
  const server: Server = createServer(app);
  const hub = new WsHub(server, {
    tokens: TOKENS,
    rateHz: 10,
    snapshot: (id) => {
      const v = fleet.vehicle(id);
      return v ? telemetryView(v) : undefined;
    },
    vehicleIds: () => fleet.vehicles().map((v) => v.id),
  });
  late.hub = hub;
  fleet.on('state', (v) => hub.vehicleChanged(v.id));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  while (fleet.vehicles().length < vehicles) await new Promise((r) => setTimeout(r, 20));
  return {
    base: `http://127.0.0.1:${port}`,
    sim,
    fleet,
    audit,
    store,
    publishAlert: async (a) => {
      const at = new Date().toISOString();
      const stored = await store.raiseAlert({ vehicleId: a.vehicle, severity: a.severity, code: a.code, message: a.message, at });
      hub.publish('alerts', { id: stored.id, vehicle: a.vehicle, code: a.code, severity: a.severity, message: a.message, at });
      return stored.id;
    },
    close: async () => {
      deliveries.close();
      hub.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r(undefined)));
      await fleet.close();
      await sim.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Run the rig by hand to look at the map: npx tsx test/e2e/web/rig.ts */
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const rig = await startWebRig(Number(process.env.VEHICLES ?? 2));
  console.log(`${rig.base}/?token=${TOKENS[0]!.token}`);
}
