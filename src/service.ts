/**
 * The composition root: configuration in, a running ground-control service out. Everything is
 * created here and passed down explicitly (no globals): store, airspace, fleet (configured links
 * plus the embedded simulator), delivery service, HTTP API, websocket hub.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { systemClock } from '../firmware-bridge/clock.js';
import { openTransport } from '../firmware-bridge/transport/open.js';
import { startFleet, type BatteryModel, type Fleet as SimFleet } from '../sim/embedded.js';
import { assertApprovedMissionSafeNow } from './fleet/mission-recheck.js';
import { assertAirspaceComplete, loadAirspaceFile } from './io/airspace-file.js';
import { assertObstaclesComplete, loadObstaclesFile } from './io/obstacles-file.js';
import { obstacleRoutes } from './server/obstacle-routes.js';
import { loadHubsFile } from './io/hubs-file.js';
import { parseOperationProfile, type OperationProfile } from './airspace/profile.js';
import { createAirspaceIndex } from './airspace/query/create-index.js';
import { readOperationProfile, type Config } from './config.js';
import { MissionApprovals } from './fleet/approvals.js';
import { DeliveryService } from './fleet/deliveries.js';
import { IntentService } from './fleet/intents.js';
import { DEFAULT_DECONFLICT_RULES, type OperationalIntent } from './deconflict/types.js';
import { createLocalFrame } from './geo/local-frame.js';
import { Fleet } from './fleet/fleet.js';
import { PlanPool } from './fleet/plan-pool.js';
import { parseVehicleProfile } from './planner/vehicle-profile.js';
import type { VehicleProfile } from './planner/types.js';
import { airspaceRoutes } from './server/airspace-routes.js';
import { createApp } from './server/app.js';
import { catalogRoutes } from './server/catalog-routes.js';
import { deliveryRoutes } from './server/delivery-routes.js';
import { intentRoutes } from './server/intent-routes.js';
import { flightRoutes } from './server/flight-routes.js';
import { simRoutes } from './server/sim-routes.js';
import { defaultSafetyGate, telemetryView, vehicleRoutes } from './server/vehicle-routes.js';
import { WsHub } from './server/ws-hub.js';
import { createMetrics } from './server/metrics.js';
import { urgentChange } from './server/push-pacer.js';
import { Cluster, defaultInstanceId } from './bus/cluster.js';
import { clusterFront } from './bus/forward.js';
import { NatsBus } from './bus/nats-bus.js';
import { RemoteVehicles } from './bus/remote-vehicles.js';
import { PlanLock } from './bus/plan-lock.js';
import { PostgresStore, SqliteStore, type Store } from './store/index.js';
import { loadSigningKeys, SIGNING_REPLAY_SAVE_MS, SigningReplayWindows, SigningTimestamps } from './fleet/signing-keys.js';
import { LinkAlertRecorder } from './fleet/link-alerts.js';
import { AlertBatch, LostAlerts } from './fleet/lost-alerts.js';
import type { SigningOptions } from '../firmware-bridge/link/link.js';

/**
 * PX4 SITL streams seven messages at 50 Hz; the map needs 10 Hz at most. At a 20–50× speed factor
 * the full rate would be 10 000+ packets/s per vehicle into one process, so the embedded
 * simulator streams them at 5 Hz (simulated), which still leaves every delivery check its data.
 */
export const EMBEDDED_SIM_HIGH_RATE_HZ = 5;

export interface RunningService {
  /** http://host:port */
  url: string;
  config: Config;
  fleet: Fleet;
  sim: SimFleet | undefined;
  store: Store;
  deliveries: DeliveryService;
  /** Operational intents and deconfliction; undefined when `deconfliction.enabled` is false. */
  intents: IntentService | undefined;
  hub: WsHub;
  /** Set when this instance is one of a cluster (cluster.bus). */
  cluster: Cluster | undefined;
  /** The configured operation profile (a template: each delivery sets its departure time and consents). */
  profile: OperationProfile;
  vehicleProfiles: readonly VehicleProfile[];
  close(): Promise<void>;
}

export interface ServiceOptions {
  log: Logger;
  /** Directory of the web map (served at /); omitted when it does not exist. */
  webDir?: string;
  /** Initialise an empty or foreign database file (`--init-db`) instead of refusing it. */
  initialiseStore?: boolean;
  /** Deconfliction's clock (epoch ms); default the embedded simulator's time mapped to the start, else the wall clock. */
  nowMs?: () => number;
}

/**
 * The embedded simulator's battery follows the planner's vehicle profile (capacity, hover, cruise
 * and climb power), so conformance's "battery for the rest of the route" is judged against the same
 * physics the plan assumed — not PX4 SITL's test battery, which drains to 50 % in 30 s.
 */
export function simBatteryFor(v: VehicleProfile): BatteryModel {
  return {
    kind: 'energy',
    capacityWh: v.batteryWh,
    hoverPowerW: v.hoverPowerW,
    dragWPerMps3: 0,
    climbWPerMps: Math.max(0, (v.climbPowerW - v.hoverPowerW) / v.climbRateMps),
    translationalLiftFraction: Math.max(0, Math.min(0.5, 1 - v.cruisePowerW / v.hoverPowerW)),
  };
}

/**
 * The embedded simulator flies the default profile's vehicle: PX4 SIH's default airframe (1 kg, linear
 * drag SIH_KDV = 1, MPC_TILTMAX_AIR 45°) tops out at 9.81 m/s, below a profile's cruise speed of 11 m/s,
 * so its drag is set for a top airspeed 20 % above the profile's cruise (the battery follows the profile
 * too, simBatteryFor). A real PX4 keeps its own airframe: docs/px4-conformance.md.
 */
export function simAirframeFor(v: VehicleProfile): Record<string, number> {
  const SIH_MASS_KG = 1;
  const TILT_MAX_DEG = 45;
  return { SIH_KDV: (SIH_MASS_KG * 9.81 * Math.tan((TILT_MAX_DEG * Math.PI) / 180)) / (1.2 * v.cruiseSpeedMps) };
}

function loadVehicleProfiles(dir: string): VehicleProfile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const profiles = files.map((f) => parseVehicleProfile(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
  if (profiles.length === 0) throw new Error(`no vehicle profiles (*.json) in ${dir}; vehicleProfiles.dir must name a folder with at least one`);
  return profiles;
}

/** The embedded simulator's vehicles sign with the keys configured for the link "sim". */
function simSigning(o: SigningOptions): { key?: Buffer; vehicleKeys?: ReadonlyMap<number, Buffer> } {
  return { ...(o.key ? { key: o.key } : {}), ...(o.vehicleKeys ? { vehicleKeys: o.vehicleKeys } : {}) };
}

export async function startService(config: Config, o: ServiceOptions): Promise<RunningService> {
  const log = o.log;
  const hubs = await loadHubsFile(config.hubs.file); // first: a bad file stops the start before anything is opened
  // PostgreSQL when configured (several instances share it: docs/scale-out.md), else SQLite in dataDir.
  const store: Store = config.store.url
    ? await PostgresStore.open({ url: config.store.url, ...(config.store.schema ? { schema: config.store.schema } : {}), retryMs: config.store.retryS * 1000, onRetry: (reason, attempt) => log.warn({ event: 'store.retry', attempt, reason }, `PostgreSQL unavailable, retrying: ${reason}`) })
    : SqliteStore.open({ dataDir: config.dataDir, ...(o.initialiseStore ? { initialise: true } : {}) });
  const air = await loadAirspaceFile(config.airspace.file);
  for (const issue of air.issues) log.warn({ event: 'airspace.issue', ...issue }, `airspace ${config.airspace.file}: ${issue.message}`);
  assertAirspaceComplete(air, config.airspace.file, config.airspace.allowSkippedZones); // fail closed: an unread zone is not planned around
  const zones = air.zones;
  const index = createAirspaceIndex(zones);
  const obstacleData = config.obstacles.file === 'none' ? undefined : await loadObstaclesFile(config.obstacles.file);
  for (const issue of obstacleData?.issues ?? []) log.warn({ event: 'obstacles.issue', ...issue }, `obstacles ${config.obstacles.file}: ${issue.message}`);
  if (obstacleData) assertObstaclesComplete(obstacleData, config.obstacles.file, config.obstacles.allowSkippedRecords);
  const obstacleClearance = { horizontalM: config.obstacles.horizontalClearanceM, verticalM: config.obstacles.verticalClearanceM };
  const obstacles = obstacleData ? { list: obstacleData.obstacles, clearance: obstacleClearance } : undefined;
  const profile: OperationProfile = parseOperationProfile(readOperationProfile(config, (p) => readFileSync(p, 'utf8')));
  const vehicleProfiles = loadVehicleProfiles(config.vehicleProfiles.dir);
  const groundAmslM = config.simulator.home.altAmslM;

  const m = config.mavlink;
  const peerPolicy = { addressChangeFrames: m.addressChangeFrames, peerTimeoutMs: m.peerTimeoutS * 1000, maxPeers: m.maxPeersPerPort };
  const stamps = new SigningTimestamps(join(config.dataDir, 'signing-timestamps.json'));
  const signing = loadSigningKeys(m.signing, config.links.map((l) => l.name), (link) => stamps.floor(link));
  const replay = new SigningReplayWindows(join(config.dataDir, 'signing-replay.json'));
  for (const [link, o] of signing) {
    o.onSigned = (ts) => stamps.advance(link, ts);
    o.replayState = replay.load(link);
  }
  let watching: (vehicleId: string) => boolean = () => false;
  // Cluster (docs/scale-out.md): with a bus and a PostgreSQL store, links are leased, not all opened.
  const bus = config.cluster.bus ? await NatsBus.connect(config.cluster.bus, config.cluster.instance ?? defaultInstanceId()) : undefined;
  const remote = new RemoteVehicles(bus?.instance ?? '');
  const leased = bus !== undefined && config.store.url !== undefined;
  const planLock = leased ? new PlanLock(config.store.url!, config.store.schema, config.store.retryS * 1000) : undefined;
  const fleet = await Fleet.open(leased ? [] : config.links, {
    tlogDir: config.cluster.tlogDir ?? join(config.dataDir, 'tlogs'),
    peerPolicy,
    maxVehiclesPerLink: m.maxVehiclesPerLink,
    vehicleExpiryMs: m.vehicleExpiryS * 1000,
    keep: (id) => watching(id),
    signing: (link) => signing.get(link),
  });
  let sim: SimFleet | undefined;
  if (config.simulator.enabled && config.simulator.vehicles > 0) {
    const transport = await openTransport('udpin://127.0.0.1:0', peerPolicy);
    const port = (transport as unknown as { localPort: number }).localPort;
    const h = config.simulator.home;
    sim = await startFleet({ vehicles: config.simulator.vehicles, speed: config.simulator.speed, home: { lat: h.lat, lon: h.lon, altAmsl: h.altAmslM }, basePort: 0, spacingM: 8, highRateHz: EMBEDDED_SIM_HIGH_RATE_HZ, battery: simBatteryFor(vehicleProfiles[0]!), params: simAirframeFor(vehicleProfiles[0]!), gcs: `udpout://127.0.0.1:${port}`, ...(signing.has('sim') ? { signing: simSigning(signing.get('sim')!) } : {}) });
    fleet.attach({ name: 'sim', url: `udpin://127.0.0.1:${port}` }, transport, sim.clock);
    log.info({ event: 'sim.started', vehicles: config.simulator.vehicles, speed: config.simulator.speed }, `embedded simulator: ${config.simulator.vehicles} PX4 quadrotors at ${h.lat}, ${h.lon}, ${config.simulator.speed}× real time`);
  }

  // With the embedded simulator the world runs at its speed: deconfliction's times are simulated time
  // from an epoch at the start, so a flight at 5× keeps to the windows its plan reserved.
  const simEpochMs = sim ? Date.now() - sim.clock.now() : 0;
  const nowMs = o.nowMs ?? (sim ? () => simEpochMs + sim.clock.now() : () => Date.now());
  const dc = config.deconfliction;
  const hubRef: { current?: WsHub } = {};
  const intents = dc.enabled
    ? new IntentService({
        rules: { ...DEFAULT_DECONFLICT_RULES, horizontalSeparationM: dc.horizontalSeparationM, verticalSeparationM: dc.verticalSeparationM, altitudeBufferM: dc.altitudeBufferM, corridorHalfWidthM: dc.corridorHalfWidthM, timeBufferS: dc.timeBufferS, timeBufferPct: dc.timeBufferPct, cruiseBandsAglM: [...dc.cruiseBandsAglM], maxDelayS: dc.maxDelayS },
        frame: createLocalFrame({ lat: config.simulator.home.lat, lon: config.simulator.home.lon }),
        groundAmslM,
        nowMs,
        store,
        // Through the bus in a cluster (like every event): all instances' clients get it, in the vehicle's order.
        publish: (payload) => (cluster ? cluster.publish('alerts', payload) : hubRef.current?.publish('alerts', payload)),
        log: (msg, extra) => log.info({ event: 'deconfliction', ...extra }, msg),
        ...(dc.geoidUndulationM !== undefined ? { geoidUndulationM: dc.geoidUndulationM } : {}),
        ...(obstacles ? { structureClearance: obstacleClearance } : {}),
        // A cluster shares its intents: changes over the bus, creations one at a time (docs/scale-out.md).
        ...(bus ? { onChange: (id: string, intent: unknown) => bus.publishIntent(id, intent) } : {}),
        ...(planLock ? { exclusive: <T>(fn: () => Promise<T>) => planLock.run(fn) } : {}),
      })
    : undefined;
  if (bus && intents) {
    bus.onIntent((m) => {
      // From another instance of this cluster; a malformed one is logged and dropped, never thrown into the subscription.
      try {
        intents.applyRemote(m.id, (m.i ?? undefined) as OperationalIntent | undefined);
      } catch (e) {
        log.warn({ event: 'deconfliction', from: m.o, delivery: m.id, err: (e as Error).message }, 'an intent from another instance could not be applied');
      }
    });
  }
  const approvals = await MissionApprovals.restore(store);
  // planning (route, mission, rally/Return checks) runs in worker threads, off the event loop
  const planPool = new PlanPool({ zones, origin: index.frame.origin, groundAmslM, ...(obstacles ? { obstacles } : {}) });
  const tokens = config.auth.tokens.map((t) => ({ token: t.token, role: t.role, name: t.name }));
  // The server exists before the app so the hub can take its upgrades; the app is attached below.
  const server: Server = createServer();
  const hub: WsHub = new WsHub(server, {
    tokens,
    rateHz: config.telemetry.wsRateHz,
    maxSubscriptions: config.telemetry.wsMaxSubscriptions,
    maxPendingBytes: config.telemetry.wsMaxPendingBytes,
    maxClients: config.telemetry.wsMaxClients,
    snapshot: (id) => {
      const v = fleet.vehicle(id);
      return v ? telemetryView(v) : remote.snapshot(id);
    },
    vehicleIds: () => [...fleet.vehicles().map((v) => v.id), ...remote.ids()],
    ageMs: (id) => {
      const v = fleet.vehicle(id);
      if (!v) return remote.ageMs(id);
      // The position behind the view (what the map moves on; remote views carry the same stamp).
      const at = v.session.state.lastMessageAtMs['GLOBAL_POSITION_INT'];
      return at !== undefined ? v.clock.now() - at : undefined;
    },
    onLatency: (ms) => metrics.observeLatencyMs(ms),
  });
  const metrics = createMetrics({
    hub,
    vehicles: () => ({ own: fleet.vehicles().length, remote: remote.ids().length }),
    ...(bus ? { degraded: () => bus.degraded() } : {}),
  });
  hubRef.current = hub;
  // In a cluster every event goes through the bus, and every hub (this one too) takes it from there: one order everywhere.
  let cluster: Cluster | undefined;
  const publisher = { publish: (topic: 'alerts' | 'deliveries', payload: { vehicle?: string } & Record<string, unknown>) => (cluster ? cluster.publish(topic, payload) : hub.publish(topic, payload)) };
  const deliveries = new DeliveryService({
    store,
    fleet,
    index,
    profile: () => profile,
    approvals,
    publisher,
    clock: systemClock,
    groundAmslM,
    conformance: { corridorHalfWidthM: config.conformance.corridorHalfWidthM, altitudeBandM: config.conformance.altitudeBandM, staleMs: config.conformance.staleTelemetryS * 1000, airborneAboveM: 3 },
    reaction: config.conformance.reaction,
    ...(obstacles ? { obstacles } : {}),
    log: (msg, extra) => log.info({ event: 'delivery', ...extra }, msg),
    ...(intents ? { intents } : {}),
    planPool,
    alerts: new AlertBatch(store), // a mass LINK_LOST of flying vehicles is one write per turn (lost-alerts.ts)
  });
  watching = (id) => deliveries.isWatching(id);
  const routes = [
    ...vehicleRoutes(fleet, { ...defaultSafetyGate(approvals, () => profile.heightCeilingAglM), assertMissionSafeNow: (v) => assertApprovedMissionSafeNow({ approvals, store, index, obstacles, nowMs: () => systemClock.now() }, v) }),
    ...airspaceRoutes({ zones: () => zones, profile: () => profile }),
    ...obstacleRoutes({ obstacles: () => obstacles?.list ?? [], clearance: () => obstacleClearance, title: () => obstacleData?.title }),
    ...deliveryRoutes({ service: deliveries, store, fleet, index, profile: () => profile, vehicleProfiles, groundAmslM, planPool, ...(obstacles ? { obstacles } : {}) }),
    ...intentRoutes({ service: deliveries, intents, store, fleet, nowMs }),
    ...flightRoutes({ store }),
    ...catalogRoutes({ hubs, index, profile: () => profile, vehicleProfiles, groundAmslM }),
    ...simRoutes(sim),
  ];
  const app = createApp({
    tokens,
    bodyLimitBytes: config.http.bodyLimitBytes,
    rateLimit: config.http.rateLimit,
    routes,
    audit: (e) =>
      void store
        .appendAudit({ actor: { name: e.who, role: e.role }, action: e.action, params: (e.params ?? null) as never, result: e.ok ? 'ok' : 'error', error: e.ok ? null : { code: e.errorCode ?? 'ERROR', message: e.error ?? '' }, at: new Date(e.atMs).toISOString() })
        .catch((err: Error) => log.error({ event: 'audit.failed', err: err.message }, 'could not write the audit log')),
    ...(o.webDir && existsSync(o.webDir) ? { staticDir: o.webDir } : {}),
    map: { tileUrl: config.map.tileUrl },
    metrics,
    onError: (e, req) => log.error({ event: 'http.error', path: req.path, err: (e as Error).stack }, 'request failed'),
  });
  let url = '';
  if (bus) {
    const log1 = (msg: string, extra?: Record<string, unknown>) => log.info({ event: 'cluster', instance: bus.instance, ...extra }, msg);
    cluster = new Cluster({ bus, remote, hub, fleet, deliveries, view: telemetryView, rateHz: config.telemetry.wsRateHz, localUrl: () => url, log: log1, peerPolicy, ...(leased ? { leases: { url: config.store.url!, ...(config.store.schema ? { schema: config.store.schema } : {}), links: config.links, prefer: config.cluster.preferLinks } } : {}) });
  }
  const pgStore = store instanceof PostgresStore ? store : undefined;
  server.on(
    'request',
    clusterFront({
      app,
      ...(bus ? { bus, degraded: () => bus.degraded() } : {}),
      checks: [...(pgStore ? [{ name: 'store', ok: () => pgStore.ping() }] : []), ...(bus ? [{ name: 'bus', ok: () => bus.connected() }] : []), ...(cluster?.leases ? [{ name: 'leases', ok: () => cluster!.leases!.healthy() }] : [])],
      remoteOwner: (id) => (fleet.vehicle(id) ? undefined : remote.ownerOf(id)),
      deliveryVehicle: async (id) => (await store.getDelivery(id))?.vehicleId ?? undefined,
    }),
  );
  fleet.on('state', (v, s, previous) => hub.vehicleChanged(v.id, urgentChange(s, previous)));
  fleet.on('vehicle', (v) => log.info({ event: 'vehicle.discovered', vehicle: v.id }, `vehicle ${v.id} discovered`));
  fleet.on('expired', (v) => log.info({ event: 'vehicle.expired', vehicle: v.id }, `vehicle ${v.id} left the live list (no heartbeat for ${m.vehicleExpiryS} s)`));
  // Link alerts are stored (GET /api/alerts), throttled per kind: a forger can trigger one per frame.
  const linkAlerts = new LinkAlertRecorder({ raiseAlert: (a) => store.raiseAlert(a), nowMs: () => Date.now() });
  const storeFailed = (err: Error): void => log.error({ event: 'alert.store_failed', err: err.message }, 'could not store a link alert');
  fleet.on('linkAlert', (a) => {
    log.warn({ event: 'link.alert', ...a }, a.message);
    // Published with the stored id when it was stored (so the map's acknowledgement reaches the store).
    const publish = (id?: number): void => publisher.publish('alerts', { ...(id !== undefined ? { id } : {}), ...(a.vehicle ? { vehicle: a.vehicle } : {}), link: a.link, code: a.code, severity: a.severity, message: a.message });
    linkAlerts.record(a).then(
      (rec) => publish(rec?.id),
      (err: Error) => (storeFailed(err), publish()),
    );
  });
  // A watched vehicle's LINK_LOST is its delivery's conformance alert (stored and cleared there);
  // one flying no delivery is stored as a warning.
  // Batched: a starved instance loses all its vehicles at once (src/fleet/lost-alerts.ts).
  const lostAlerts = new LostAlerts({ raiseAlerts: (a) => store.raiseAlerts(a), clearAlerts: (ids) => store.clearAlerts(ids), failed: (err, what, n) => log.error({ event: 'alert.store_failed', err: err.message, count: n }, `could not ${what} ${n} LINK_LOST warnings`) });
  fleet.on('lost', (v) => {
    log.warn({ event: 'vehicle.lost', vehicle: v.id }, `vehicle ${v.id}: no heartbeat`);
    publisher.publish('alerts', { vehicle: v.id, code: 'LINK_LOST', severity: 'critical', message: `no heartbeat from ${v.id}` });
    if (!deliveries.isWatching(v.id)) lostAlerts.lost(v);
  });
  fleet.on('regained', (v) => lostAlerts.regained(v.id));
  // The signing links' replay windows, saved while running and at close (docs/security.md).
  const saveReplay = (): void => {
    if (signing.size === 0) return;
    try {
      replay.save(fleet.signingReplayStates());
    } catch (e) {
      log.error({ event: 'signing.replay_save_failed', err: (e as Error).message }, 'could not save the signing replay windows');
    }
  };
  const replayTimer = setInterval(saveReplay, SIGNING_REPLAY_SAVE_MS);
  replayTimer.unref();
  await intents?.load();
  await deliveries.resume();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  url = `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`;
  log.info({ event: 'http.listening', url }, `elbflug listening on ${url}`);
  await cluster?.start(); // after listen: forwarded calls reach this server
  return {
    url,
    config,
    fleet,
    sim,
    store,
    deliveries,
    intents,
    hub,
    cluster,
    profile,
    vehicleProfiles,
    close: async () => {
      clearInterval(replayTimer);
      saveReplay();
      deliveries.close();
      await planPool.close();
      hub.close();
      await new Promise((r) => server.close(() => r(undefined)));
      await fleet.close();
      await cluster?.close();
      await planLock?.close();
      await sim?.close();
      await store.close();
    },
  };
}
