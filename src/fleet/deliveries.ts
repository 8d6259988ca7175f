/**
 * DeliveryService: a delivery from request to return. Plans (planner + mission, pure), stores every
 * lifecycle step with its cause, launches (launch.ts), and watches each flying delivery: conformance
 * alerts (stored, pushed, optionally reacted to), progress (delivered / returned), the track.
 * After a restart `resume()` picks up the deliveries that were uploading, ready or flying and lets
 * the vehicle's own state say where they stand.
 */
import { threadId } from 'node:worker_threads';
import type { Clock } from '../../firmware-bridge/clock.js';
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import type { OperationProfile } from '../airspace/profile.js';
import type { DeliveryPlan } from '../mission/build-plan.js';
import { planAlone, type PlanOut } from './plan-alone.js';
import type { PlanPool } from './plan-pool.js';
import type { PlannerObstacles } from '../planner/obstacles.js';
import { obstacleSetFor } from '../mission/obstacle-check.js';
import { watchPads } from './obstacle-alert.js';
import type { ObstacleSet } from '../obstacles/clearance.js';
import type { PlanRequest, PlanResult, Route } from '../planner/types.js';
import type { DeliveryRecord, JsonValue, Store } from '../store/store.js';
import type { DeliveryState } from '../store/delivery-state.js';
import type { Alert } from './alerts.js';
import { conformanceContext, type ConformanceContext, type ConformanceLimits, type Reaction } from './conformance.js';
import { FleetError } from './errors.js';
import type { Fleet, FleetVehicle } from './fleet.js';
import { launchDelivery, type LaunchProgress } from './launch.js';
import type { MissionApprovals } from './approvals.js';
import { decideMonitorStep } from './monitor-step.js';
import { isAirborne, type MissionMarks } from './progress.js';
import { MavEvent } from '../../firmware-bridge/codec/px4-extras.js';
import { decodePx4FailsafeEvent, type FailsafeEvent } from './autopilot-reason.js';
import type { DeconflictionOutcome, IntentService } from './intents.js';
import type { AlertWriter } from './lost-alerts.js';

/** Thrown through deconfliction when it asks for a plan the pool has not made yet (planAsync). */
const NEED_PLAN = Symbol('need a plan from the pool');
/**
 * Passes planAsync runs against the pool, each adding one plan (the first, one per cruise band, a
 * departure, a detour); beyond it the missing plans are made on this thread, so a pass always ends.
 */
const MAX_POOL_PASSES = 32;

export interface Publisher {
  publish(topic: 'alerts' | 'deliveries', payload: { vehicle?: string } & Record<string, unknown>): void;
}

export interface DeliveryServiceDeps {
  store: Store;
  fleet: Fleet;
  index: AirspaceIndex;
  profile: () => OperationProfile;
  approvals: MissionApprovals;
  publisher: Publisher;
  clock: Clock;
  groundAmslM: number;
  conformance: ConformanceLimits;
  reaction: Reaction;
  /** Vertical obstacles: planned around, and watched in flight (IN_OBSTACLE_CLEARANCE). */
  obstacles?: PlannerObstacles;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Strategic deconfliction (docs/deconfliction.md); without it every plan is judged alone. */
  intents?: IntentService;
  /** Worker threads for planning (POST /api/plan, delivery creation); without it plans run on the event loop. */
  planPool?: PlanPool;
  /** Alert writes of monitored deliveries, batched per event-loop turn (lost-alerts.ts AlertBatch); the store by default. */
  alerts?: AlertWriter;
}

/** What a planned delivery stores (the store keeps it as JSON). */
export interface StoredPlan {
  route: Route;
  plan: DeliveryPlan;
  marks: MissionMarks;
  /** How deconfliction moved the plan (departure, cruise band) and why. */
  deconfliction?: DeconflictionOutcome;
}

export type Actor = { name: string; role: string };

const ACTIVE: readonly DeliveryState[] = ['uploading', 'ready', 'in_flight', 'delivered'];

interface Watch {
  deliveryId: string;
  vehicle: FleetVehicle;
  ctx: ConformanceContext;
  marks: MissionMarks;
  state: DeliveryState;
  alerts: ReadonlyMap<string, Alert>;
  alertIds: Map<string, number>;
  flightId: string | undefined;
  lastTrackMs: number;
  busy: boolean;
  airborne: boolean;
  armed: boolean;
  /** Vehicle clock at the start of this watch: the autopilot's words count from here. */
  sinceMs: number;
  failsafeEvent: FailsafeEvent | undefined;
  /** Stops listening to the vehicle's EVENTs. */
  off: () => void;
  from: { lat: number; lon: number };
  to: { lat: number; lon: number };
  /** The link was lost during the flight: PX4's own words about it may never have reached us. */
  linkLost: boolean;
  obstacles?: ObstacleSet;
}

function marksOf(plan: DeliveryPlan, route: Route): MissionMarks {
  const release = plan.mission.find((i) => i.command === 211);
  return { mode: route.request.mode, ...(release ? { releaseSeq: release.seq } : {}), lastSeq: plan.mission.length - 1 };
}

export class DeliveryService {
  private readonly watches = new Map<string, Watch>();
  /** Launches in progress, so an abort can stop them (and how the operator wanted the vehicle brought back). */
  private readonly launching = new Map<string, { controller: AbortController; how: 'rtl' | 'hold' | 'land' }>();
  private readonly off: (() => void)[] = [];

  constructor(private readonly d: DeliveryServiceDeps) {
    this.off.push(d.fleet.on('state', (v) => this.onVehicleState(v)));
    // A store that cannot answer now must not take the process down: the delivery is resumed at the vehicle's next discovery or restart.
    this.off.push(d.fleet.on('vehicle', (v) => void this.resumeFor(v).catch((e: Error) => d.log?.('resuming the vehicle’s delivery failed', { vehicle: v.id, error: e.message }))));
    this.off.push(d.fleet.on('lost', (v) => this.onVehicleState(v)));
  }

  /** Route and mission for a request, without side effects, on this thread. */
  plan(request: PlanRequest): ReturnType<IntentService['planDeconflicted']> {
    return this.d.intents ? this.d.intents.planDeconflicted(request, (r, temporary) => this.planAlone(r, temporary)) : this.planAlone(request);
  }

  /**
   * As {@link plan}, with every plan made in the worker pool when there is one (POST /api/plan,
   * delivery creation): the event loop stays free. Deconfliction decides on the main thread, in one
   * synchronous pass against the live intents, but a plan it asks for (the first, and after a
   * conflict another height, departure or a detour) comes from the pool: a pass that asks for a plan
   * not yet made stops there, the pool makes it, and the pass runs again with every plan made so far
   * (deconfliction is deterministic given its plans, so each pass asks for at most one new plan, and
   * the last pass decides with the intents as they are then). `threadId` says which thread planned
   * the first plan, `threadIds` which thread made each plan, in order (0 = the event loop).
   */
  async planAsync(request: PlanRequest): Promise<ReturnType<IntentService['planDeconflicted']> & { threadId?: number; threadIds?: number[] }> {
    const pool = this.d.planPool;
    if (!pool) return this.plan(request);
    if (!this.d.intents) {
      const out = await pool.plan(request);
      return { ...out, threadIds: [out.threadId] };
    }
    const intents = this.d.intents;
    // "leave now" pinned to deconfliction's now, as planDeconflicted would, so every pass asks alike
    const pinned = request.departAt ? request : { ...request, departAt: new Date(intents.now()).toISOString() };
    const made = new Map<string, PlanOut & { threadId: number }>();
    const threadIds: number[] = [];
    for (let pass = 0; ; pass++) {
      let asked: { request: PlanRequest; temporary: PlannerObstacles | undefined; key: string } | undefined;
      const once = (r: PlanRequest, temporary?: PlannerObstacles): PlanOut => {
        const key = JSON.stringify([r, temporary ?? null]);
        const out = made.get(key);
        if (out) return out;
        // past the bound a plan is made here rather than looping (never reached by the resolutions we have)
        if (pass >= MAX_POOL_PASSES) {
          threadIds.push(threadId);
          return this.planAlone(r, temporary);
        }
        asked = { request: r, temporary, key };
        throw NEED_PLAN;
      };
      try {
        const out = intents.planDeconflicted(pinned, once);
        return threadIds.length ? { ...out, threadId: threadIds[0]!, threadIds } : out;
      } catch (e) {
        if (e !== NEED_PLAN || !asked) throw e;
      }
      const out = await pool.plan(asked.request, asked.temporary);
      threadIds.push(out.threadId);
      made.set(asked.key, out);
    }
  }

  private planAlone(request: PlanRequest, temporary?: PlannerObstacles): PlanOut {
    return planAlone(request, { index: this.d.index, groundAmslM: this.d.groundAmslM, ...(this.d.obstacles ? { obstacles: this.d.obstacles } : {}) }, temporary);
  }

  /** Plan and store a delivery; a refusal is returned, not stored. In a cluster, one creation at a time (deconfliction sees every other). */
  create(request: PlanRequest, actor: Actor): ReturnType<DeliveryService['createNow']> {
    return this.d.intents ? this.d.intents.exclusive(() => this.createNow(request, actor)) : this.createNow(request, actor);
  }

  private async createNow(request: PlanRequest, actor: Actor): Promise<{ ok: true; delivery: DeliveryRecord } | { ok: false; refusal: Extract<PlanResult, { ok: false }>['refusal'] }> {
    const { result, plan, deconfliction, intent } = await this.planAsync(request);
    if (!result.ok) return { ok: false, refusal: result.refusal };
    if (intent) this.d.intents?.hold(intent); // reserved before the first await
    const stored: StoredPlan = { route: result.route, plan: plan!, marks: marksOf(plan!, result.route), ...(deconfliction ? { deconfliction } : {}) };
    const moved = deconfliction && deconfliction.kind !== 'clear' ? `; ${deconfliction.explanation}` : '';
    const delivery = await this.d.store.createDelivery({ request: request as unknown as JsonValue, plan: stored as unknown as JsonValue, cause: `planned by ${actor.name}${moved}` }).catch((e: unknown) => {
      if (intent) this.d.intents?.release(intent.id);
      throw e;
    });
    if (intent) this.d.intents?.commit(intent.id, delivery.id, result.route);
    this.d.publisher.publish('deliveries', { id: delivery.id, state: delivery.state });
    return { ok: true, delivery };
  }

  /** Upload, verify, arm and start a planned delivery on a vehicle. */
  async launch(id: string, vehicle: FleetVehicle, actor: Actor, onProgress?: (p: LaunchProgress) => void): Promise<DeliveryRecord> {
    const rec = await this.get(id);
    const busy = [...this.watches.values()].find((w) => w.vehicle.id === vehicle.id);
    if (busy) throw new FleetError('VEHICLE_BUSY', `${vehicle.id} already flies delivery ${busy.deliveryId}`, { deliveryId: busy.deliveryId });
    const stored = rec.plan as unknown as StoredPlan;
    await this.transition(id, 'uploading', `${actor.name} launched it on ${vehicle.id}`, { vehicleId: vehicle.id, vehicleSysid: vehicle.sysid, expectedFrom: rec.state === 'ready' ? 'ready' : 'planned' });
    const launching = { controller: new AbortController(), how: 'rtl' as 'rtl' | 'hold' | 'land' };
    this.launching.set(id, launching);
    try {
      await launchDelivery({
        deliveryId: id,
        vehicle,
        route: stored.route,
        plan: stored.plan,
        index: this.d.index,
        // The delivery's own profile: the service's plus the consents the operator attached (stored, audited).
        profile: stored.route.request.profile,
        approvals: this.d.approvals,
        approvedBy: actor.name,
        nowMs: () => vehicle.clock.now(),
        airspaceAtMs: () => this.d.clock.now(), // zones active now, not at the planned departure
        signal: launching.controller.signal,
        onProgress: (p) => {
          onProgress?.(p);
          this.d.publisher.publish('deliveries', { id, vehicle: vehicle.id, state: 'uploading', progress: p });
        },
        ...(this.d.obstacles ? { obstacles: this.d.obstacles } : {}),
        // entering a structure's clearance under a consent: audited before anything is uploaded
        onObstaclesAuthorised: async (list) => {
          await this.d.store.appendAudit({ actor: { name: actor.name, role: actor.role }, action: 'delivery.obstacle-clearance', params: { deliveryId: id, vehicle: vehicle.id, obstacles: list.map((a) => ({ ...a })) }, result: 'ok' });
          this.d.log?.('launch enters structure clearances under consent', { delivery: id, obstacles: list.map((a) => a.obstacleId) });
        },
        onUploaded: async () => void (await this.transition(id, 'ready', 'mission, fence and rally verified on the vehicle; failsafe parameters set')),
      });
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'ERROR';
      const now = await this.get(id);
      // A failed upload leaves the delivery plannable again; a failed arm/start after "ready" stays ready.
      if (now.state === 'uploading') await this.transition(id, 'planned', `launch failed: ${code}: ${(e as Error).message}`);
      throw e;
    } finally {
      this.launching.delete(id);
    }
    if (launching.controller.signal.aborted) {
      // The abort came while the mission-start command was on its way: bring the vehicle back as asked.
      await this.bringBack(vehicle, launching.how);
      throw new FleetError('LAUNCH_ABORTED', `the delivery was aborted while ${vehicle.id} started it; the vehicle was commanded to ${launching.how}`);
    }
    const flight = await this.d.store.startFlight({ deliveryId: id, vehicleId: vehicle.id, vehicleSysid: vehicle.sysid, tlogPath: this.d.fleet.tlogOf(vehicle.id) ?? null });
    const after = await this.transition(id, 'in_flight', 'armed and mission started');
    this.watch(after, vehicle, stored, flight.id);
    return after;
  }

  /** Abort: RTL (default), hold or land, then the delivery is aborted. */
  async abort(id: string, how: 'rtl' | 'hold' | 'land', actor: Actor): Promise<DeliveryRecord> {
    // First, before any await: a launch in progress must not send its next command.
    const launching = this.launching.get(id);
    if (launching) {
      launching.how = how;
      launching.controller.abort(); // the launch stops before its next step (see launchDelivery)
    }
    const rec = await this.get(id);
    const w = this.watches.get(id);
    if (w) {
      await this.bringBack(w.vehicle, how);
      await this.finish(w);
    }
    if (!ACTIVE.includes(rec.state) && rec.state !== 'planned') throw new FleetError('DELIVERY_NOT_ACTIVE', `delivery ${id} is ${rec.state}; nothing to abort`);
    return this.transition(id, 'aborted', `${actor.name} aborted it (${how})`);
  }

  private async bringBack(vehicle: FleetVehicle, how: 'rtl' | 'hold' | 'land'): Promise<void> {
    const c = vehicle.session.commands;
    if (how === 'rtl') await c.returnToLaunch();
    else if (how === 'hold') await c.hold();
    else await c.land();
  }

  /** Re-attach monitoring to deliveries that were active when the service stopped. */
  /** Whether a delivery watches this vehicle now (such a vehicle never expires from the live list). */
  isWatching(vehicleId: string): boolean {
    for (const w of this.watches.values()) if (w.vehicle.id === vehicleId) return true;
    return false;
  }

  async resume(): Promise<void> {
    for (const v of this.d.fleet.vehicles()) await this.resumeFor(v);
  }

  close(): void {
    for (const f of this.off) f();
    for (const w of this.watches.values()) w.off();
    this.watches.clear();
  }

  /** Stop monitoring a vehicle's deliveries here without ending them (cluster: its link moved to another instance). */
  release(vehicleId: string): void {
    for (const [id, w] of this.watches) if (w.vehicle.id === vehicleId) this.watches.delete(id);
  }

  private async resumeFor(vehicle: FleetVehicle): Promise<void> {
    // Only flying deliveries need a watch; a "ready" one re-uploads when launched again (ready → uploading).
    const open = await this.d.store.listDeliveries({ vehicleId: vehicle.id, state: ['in_flight', 'delivered'] });
    for (const summary of open) {
      if (this.watches.has(summary.id)) continue;
      const rec = await this.get(summary.id);
      const flights = await this.d.store.listFlights({ deliveryId: rec.id, active: true });
      this.watch(rec, vehicle, rec.plan as unknown as StoredPlan, flights[0]?.id);
      await this.restoreAlerts(this.watches.get(rec.id)!);
      this.d.log?.('resumed monitoring after restart', { delivery: rec.id, vehicle: vehicle.id, state: rec.state });
    }
  }

  private watch(rec: DeliveryRecord, vehicle: FleetVehicle, stored: StoredPlan, flightId: string | undefined): void {
    const ctx = conformanceContext(stored.route, this.d.index, stored.route.request.profile, this.d.groundAmslM, this.d.conformance);
    const s = vehicle.session.state;
    const departMs = Date.parse(stored.route.request.departAt ?? stored.route.request.profile.departureTime);
    const obstacles = this.d.obstacles && obstacleSetFor(this.d.obstacles, ctx.frame, this.d.groundAmslM, { fromMs: departMs, toMs: departMs + 2 * stored.route.durationS * 1000 }, watchPads(stored.route.request, vehicle.session.state.home));
    const w: Watch = {
      deliveryId: rec.id, vehicle, ctx, ...(obstacles ? { obstacles } : {}), marks: stored.marks, state: rec.state, alerts: new Map(), alertIds: new Map(), flightId, lastTrackMs: 0, busy: false,
      airborne: isAirborne(s), armed: s.armed === true, sinceMs: vehicle.clock.now(), failsafeEvent: undefined, off: () => undefined,
      from: stored.route.request.from, to: stored.route.request.to, linkLost: false,
    };
    // PX4 states a failsafe's cause only in its EVENT (e.g. GCS connection loss); keep the latest.
    w.off = vehicle.session.link.onMessage((m) => {
      if (m.frame.sysid !== vehicle.sysid || !(m.data instanceof MavEvent)) return;
      const e = decodePx4FailsafeEvent(m.data.id, m.data.arguments);
      if (e) w.failsafeEvent = e;
    });
    this.watches.set(rec.id, w);
  }

  /**
   * A resumed watch starts with the alerts still open in the store (not cleared), so a condition
   * that persists across a restart or a failover is neither raised twice nor left uncleared.
   */
  private async restoreAlerts(w: Watch): Promise<void> {
    w.busy = true; // no monitoring step before the open alerts are known
    const open = await this.d.store.listAlerts({ deliveryId: w.deliveryId, cleared: false, limit: 1000 }).finally(() => (w.busy = false));
    const active = new Map<string, Alert>();
    for (const a of [...open].reverse()) {
      const details = (a.details ?? {}) as Record<string, unknown>;
      const key = typeof details.zoneId === 'string' && (a.code === 'IN_PROHIBITED_ZONE' || a.code === 'IN_UNPLANNED_ZONE') ? details.zoneId : undefined;
      const k = key ? `${a.code}:${key}` : a.code;
      active.set(k, { code: a.code as Alert['code'], severity: a.severity, message: a.message, ...(key ? { key } : {}), details, vehicle: w.vehicle.sysid, deliveryId: w.deliveryId, raisedAtMs: Date.parse(a.at) });
      w.alertIds.set(k, a.id);
    }
    w.alerts = active;
  }

  private onVehicleState(vehicle: FleetVehicle): void {
    for (const w of this.watches.values()) if (w.vehicle.id === vehicle.id && !w.busy) void this.step(w);
  }

  /**
   * One monitoring step: the pure decision (monitor-step.ts), then its I/O in order. `busy` keeps
   * steps of one delivery from overlapping (writes are async).
   */
  private async step(w: Watch): Promise<void> {
    w.busy = true;
    try {
      const s = w.vehicle.session.state;
      const now = w.vehicle.clock.now();
      const d = decideMonitorStep({ ...w, vehicleSysid: w.vehicle.sysid, tracking: w.flightId !== undefined }, s, now, this.d.reaction);
      w.alerts = d.alerts.active;
      for (const a of d.alerts.raised) {
        const stored = await (this.d.alerts ?? this.d.store).raiseAlert({ severity: a.severity, code: a.code, message: a.message, vehicleId: w.vehicle.id, vehicleSysid: w.vehicle.sysid, deliveryId: w.deliveryId, details: (a.details ?? {}) as JsonValue });
        w.alertIds.set(a.key ? `${a.code}:${a.key}` : a.code, stored.id);
        this.d.publisher.publish('alerts', { id: stored.id, vehicle: w.vehicle.id, deliveryId: w.deliveryId, code: a.code, severity: a.severity, message: a.message, at: stored.at });
      }
      for (const a of d.alerts.cleared) {
        const key = a.key ? `${a.code}:${a.key}` : a.code;
        const id = w.alertIds.get(key);
        if (id !== undefined) await (this.d.alerts ?? this.d.store).clearAlert(id);
        w.alertIds.delete(key);
        this.d.publisher.publish('alerts', { id, vehicle: w.vehicle.id, code: a.code, cleared: true });
      }
      // deconfliction never stops monitoring: its failure is logged, the step goes on
      await this.d.intents?.observe(w.deliveryId, s, w.vehicle.id).catch((e: Error) => this.d.log?.('intent update failed', { delivery: w.deliveryId, error: e.message }));
      if (d.reaction !== 'none') {
        const c = w.vehicle.session.commands;
        await (d.reaction === 'rtl' ? c.returnToLaunch() : c.hold()).catch((e: Error) => this.d.log?.('automatic reaction failed', { error: e.message }));
        this.d.log?.('automatic reaction', { delivery: w.deliveryId, reaction: d.reaction, alerts: d.alerts.raised.map((a) => a.code) });
      }
      if (d.sampleTrack && w.flightId && s.position) {
        w.lastTrackMs = now;
        await this.d.store.appendTrack(w.flightId, [{ at: new Date(this.d.clock.now()).toISOString(), lat: s.position.lat, lon: s.position.lon, altAmslM: s.position.altAmslM, relAltM: s.position.relAltM }]);
      }
      w.airborne = d.airborne;
      w.armed = d.armed;
      w.linkLost = d.linkLost;
      if (d.next) {
        w.state = d.next.to;
        await this.transition(w.deliveryId, d.next.to, d.next.cause);
        if (d.final) await this.finish(w);
      }
    } catch (e) {
      this.d.log?.('monitoring step failed', { delivery: w.deliveryId, error: (e as Error).message });
    } finally {
      w.busy = false;
    }
  }

  private async finish(w: Watch): Promise<void> {
    w.off();
    this.watches.delete(w.deliveryId);
    if (w.flightId) await this.d.store.endFlight(w.flightId).catch(() => undefined);
  }

  private async get(id: string): Promise<DeliveryRecord> {
    const rec = await this.d.store.getDelivery(id);
    if (!rec) throw new FleetError('DELIVERY_UNKNOWN', `no delivery ${id}; GET /api/deliveries lists them`, { id });
    return rec;
  }

  private async transition(id: string, to: DeliveryState, cause: string, extra: { vehicleId?: string; vehicleSysid?: number; expectedFrom?: DeliveryState } = {}): Promise<DeliveryRecord> {
    const rec = await this.d.store.transitionDelivery(id, { to, cause, ...extra });
    try {
      this.d.intents?.onState(id, to);
    } catch (e) {
      this.d.log?.('intent state change failed', { delivery: id, to, error: (e as Error).message });
    }
    this.d.publisher.publish('deliveries', { id, vehicle: rec.vehicleId ?? undefined, state: rec.state, cause });
    return rec;
  }
}
