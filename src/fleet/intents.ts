/**
 * IntentService: the fleet's operational intents, live. It joins the pure deconfliction core with
 * plans and telemetry: plan-time check and resolution (a later departure, another cruise band, else
 * a refusal), the intent of each stored delivery (derived from its stored plan — nothing extra is
 * stored, so a restart rebuilds the index from the deliveries), state changes (Activated at take-off,
 * Ended when the flight ends), live conformance (late or off-corridor → Nonconforming, the volumes
 * updated, every Accepted delivery that now conflicts gets an INTENT_CONFLICT alert) and the ASTM JSON.
 */
import type { VehicleState } from '../../firmware-bridge/vehicle/state.js';
import type { LocalFrame } from '../geo/local-frame.js';
import { buildIntent, conflictPlace, describeConflict, detourObstacles, IntentIndex, intentJson, judgeFix, liveTrack, nonconformingVolumes, resolveConflicts, stepIntent, type Conflict, type ConflictPlace, type DeconflictRules, type LiveTrack, type OperationalIntent, type OperationalIntentJson, type Resolution } from '../deconflict/index.js';
import type { DeliveryPlan } from '../mission/build-plan.js';
import { returnAltitudeM } from '../mission/rtl-params.js';
import type { ObstacleClearance } from '../obstacles/types.js';
import type { PlannerObstacles } from '../planner/obstacles.js';
import type { PlanRequest, PlanResult, Route } from '../planner/types.js';
import type { DeliveryState } from '../store/delivery-state.js';
import type { JsonValue, Store } from '../store/store.js';

export interface PlanOut {
  result: PlanResult;
  plan?: DeliveryPlan;
}

/** What the operator is told about deconfliction (stored with the plan, returned by the API). */
export interface DeconflictionOutcome {
  kind: Resolution['kind'];
  explanation: string;
  delayS?: number;
  requestedDepartAt?: string;
  cruiseAglM?: number;
  /** A detour: the other deliveries' volumes the route was planned around (temporary obstacles). */
  detour?: { aroundVolumes: number; deliveries: string[] };
  conflicts: ({ deliveryId: string; volume: string; otherVolume: string; otherState: string; from: string; to: string; horizontalGapM: number; verticalGapM: number } & Partial<ConflictPlace>)[];
  /** The cruise height the plan had at the requested time (a height change moves it to cruiseAglM). */
  requestedCruiseAglM?: number;
}

export interface IntentServiceDeps {
  rules: DeconflictRules;
  frame: LocalFrame;
  groundAmslM: number;
  /** Deconfliction time (wall clock, or the embedded simulator's time mapped to an epoch). */
  nowMs: () => number;
  store: Store;
  publish: (payload: { vehicle?: string } & Record<string, unknown>) => void;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** ASTM export: geoid undulation for W84 altitudes (else AMSL). */
  geoidUndulationM?: number;
  /** The planner's clearance around structures when the service has obstacle data (a detour's temporary obstacles are sized for it). */
  structureClearance?: ObstacleClearance;
  /** A cluster (docs/scale-out.md): told of every change of a delivery's intent (undefined: released), to tell the other instances. */
  onChange?: (id: string, intent: OperationalIntent | undefined) => void;
  /** A cluster: runs a delivery's creation while no other instance creates one (a PostgreSQL advisory lock). */
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** One planner run; `temporary` obstacles (a detour around other deliveries' volumes) count for this plan only. */
export type PlanOnce = (r: PlanRequest, temporary?: PlannerObstacles) => PlanOut;

const LIVE_STATES: readonly DeliveryState[] = ['planned', 'uploading', 'ready', 'in_flight', 'delivered'];
const ENDED: readonly DeliveryState[] = ['returned', 'failed', 'aborted'];
/** A nonconforming flight's volumes are re-computed at most this often (simulated/wall ms). */
const UPDATE_EVERY_MS = 5_000;

const iso = (ms: number): string => new Date(ms).toISOString();

export function conflictView(c: Conflict): DeconflictionOutcome['conflicts'][number] {
  return { deliveryId: c.otherId, volume: c.volume.label, otherVolume: c.other.label, otherState: c.otherState, from: iso(c.fromMs), to: iso(c.toMs), horizontalGapM: Math.round(c.horizontalGapM * 10) / 10, verticalGapM: Math.round(c.verticalGapM * 10) / 10 };
}

interface Live {
  track: LiveTrack;
  mode: Route['request']['mode'];
  lastUpdateMs: number;
  alerted: Set<string>;
}

export class IntentService {
  readonly index: IntentIndex;
  private readonly live = new Map<string, Live>();
  private nextHold = 0;

  constructor(private readonly d: IntentServiceDeps) {
    this.index = new IntentIndex(d.rules);
  }

  now(): number {
    return this.d.nowMs();
  }

  /** The intent of a stored plan (Accepted; the caller sets the state). */
  intentOf(id: string, route: Route, plan: DeliveryPlan): OperationalIntent {
    const departAtMs = Date.parse(route.request.departAt ?? route.request.profile.departureTime);
    return buildIntent(this.d.frame, { id, departAtMs, legs: route.legs, rallyPoints: plan.rally.points, returnAltM: returnAltitudeM(route), descentRateMps: route.request.vehicle.descentRateMps, groundAmslM: this.d.groundAmslM }, this.d.rules);
  }

  /**
   * Rebuild the index from the stored deliveries that still reserve airspace. Again and again in a
   * cluster: it adds what other instances stored and drops what ended there (an intent already
   * known keeps its volumes: a nonconforming one's come over the bus, not from the store).
   */
  async load(): Promise<void> {
    const stillLive = new Set<string>();
    for (const s of await this.d.store.listDeliveries({ state: [...LIVE_STATES], limit: 1000 })) {
      stillLive.add(s.id);
      const known = this.index.get(s.id);
      if (known && this.live.has(s.id)) continue;
      const rec = await this.d.store.getDelivery(s.id);
      const stored = rec?.plan as { route?: Route; plan?: DeliveryPlan } | null;
      if (!rec || !stored?.route || !stored.plan) continue;
      if (rec.state === 'delivered' && stored.route.request.mode === 'land') {
        stillLive.delete(s.id);
        continue;
      }
      const intent = known ?? { ...this.intentOf(rec.id, stored.route, stored.plan), state: rec.state === 'in_flight' || rec.state === 'delivered' ? 'Activated' : 'Accepted' };
      this.put(intent, stored.route);
    }
    for (const i of this.index.all()) {
      if (i.id.startsWith('pending-') || stillLive.has(i.id)) continue;
      this.index.remove(i.id);
      this.live.delete(i.id);
    }
  }

  /** Runs a creation alone in the cluster, with the index current with the store (alone anyway without a cluster). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.d.exclusive) return fn();
    return this.d.exclusive(async () => {
      await this.load();
      return fn();
    });
  }

  /** Another instance changed a delivery's intent (undefined: released). */
  applyRemote(id: string, intent: OperationalIntent | undefined): void {
    if (intent) this.index.put(intent);
    else {
      this.index.remove(id);
      this.live.delete(id);
    }
  }

  private changed(id: string): void {
    this.d.onChange?.(id, this.index.get(id));
  }

  private put(intent: OperationalIntent, route?: Route): void {
    this.index.put(intent);
    if (route) this.live.set(intent.id, { track: liveTrack(this.d.frame, route.legs), mode: route.request.mode, lastUpdateMs: -Infinity, alerted: new Set() });
  }

  /**
   * Plan with deconfliction: plan, check against every live intent, resolve (a later departure — the
   * route re-planned for that time —, another cruise band, a lateral detour around the other
   * intents' volumes, else refuse with INTENT_CONFLICT).
   */
  planDeconflicted(request: PlanRequest, planOnce: PlanOnce): PlanOut & { deconfliction?: DeconflictionOutcome; intent?: OperationalIntent } {
    // a delivery without a departure time leaves now — deconfliction's now (simulated time with the embedded simulator)
    const departAt = request.departAt ?? iso(this.now());
    const at = (r: PlanRequest, ms: number): PlanRequest => ({ ...r, departAt: iso(ms), profile: { ...r.profile, departureTime: iso(ms) } });
    const base = at(request, Date.parse(departAt));
    const first = planOnce(base);
    if (!first.result.ok || !first.plan) return first;
    this.prune();
    const id = `pending-${++this.nextHold}`;
    const intent = this.intentOf(id, first.result.route, first.plan);
    const byHeight = new Map<number, PlanOut>();
    const atHeight = (h: number): OperationalIntent | undefined => {
      const out = planOnce({ ...base, options: { ...base.options, preferredCruiseAglM: h } });
      if (!out.result.ok || !out.plan) return undefined;
      byHeight.set(h, out);
      return this.intentOf(id, out.result.route, out.plan);
    };
    const rules = this.d.rules;
    const clearance = this.d.structureClearance ?? { horizontalM: rules.horizontalSeparationM + rules.corridorHalfWidthM, verticalM: rules.verticalSeparationM + rules.altitudeBufferM };
    let detoured: { out: PlanOut; around: ReturnType<typeof detourObstacles> } | undefined;
    const detour = (): OperationalIntent | undefined => {
      const around = detourObstacles(this.index, intent, { frame: this.d.frame, groundAmslM: this.d.groundAmslM, clearance, endpoints: [request.from, request.to] });
      if (around.length === 0) return undefined;
      const out = planOnce(base, { list: around, clearance });
      if (!out.result.ok || !out.plan) return undefined;
      detoured = { out, around };
      return this.intentOf(id, out.result.route, out.plan);
    };
    let r = resolveConflicts(this.index, intent, { atHeight, detour });
    let out: PlanOut = first;
    if (r.kind === 'delayed') {
      // the route is re-planned for the new time (zones may be active then) and checked again
      out = planOnce(at(base, r.intent.departAtMs));
      if (!out.result.ok || !out.plan) return out;
      const again = this.intentOf(id, out.result.route, out.plan);
      if (this.index.conflicts(again).length) r = { kind: 'refused', conflicts: this.index.conflicts(again), explanation: `refused: the route re-planned for ${iso(r.intent.departAtMs)} differs and conflicts: ${describeConflict(this.index.conflicts(again)[0]!)}` };
      else r = { ...r, intent: again };
    } else if (r.kind === 'height') {
      out = byHeight.get(r.cruiseAglM)!;
    } else if (r.kind === 'detour' && detoured) {
      out = detoured.out;
    }
    const around = r.kind === 'detour' && detoured ? { detour: { aroundVolumes: detoured.around.length, deliveries: [...new Set(detoured.around.map((o) => o.intentId))] } } : {};
    if (around.detour) r = { ...r, explanation: `${r.explanation}; planned around ${around.detour.aroundVolumes} volume(s) of deliver${around.detour.deliveries.length > 1 ? 'ies' : 'y'} ${around.detour.deliveries.join(', ')} as temporary obstacles` };
    const deconfliction: DeconflictionOutcome = {
      kind: r.kind,
      explanation: r.explanation,
      ...(r.kind === 'delayed' ? { delayS: r.delayS, requestedDepartAt: departAt } : {}),
      ...(r.kind === 'height' ? { cruiseAglM: r.cruiseAglM } : {}),
      ...around,
      // where and when, for the map and the altitude profile (our volumes along the route planned at the requested time)
      conflicts: r.kind === 'clear' ? [] : r.conflicts.slice(0, 20).map((c) => ({ ...conflictView(c), ...conflictPlace(this.d.frame, c, first.result.ok ? first.result.route.legs : undefined, this.d.groundAmslM) })),
      ...(r.kind === 'clear' ? {} : { requestedCruiseAglM: intent.cruiseAglM }),
    };
    if (r.kind === 'refused') {
      return { result: { ok: false, refusal: { code: 'INTENT_CONFLICT', message: r.explanation, details: { conflicts: deconfliction.conflicts as unknown as JsonValue } } }, deconfliction };
    }
    return { ...out, deconfliction, intent: r.intent };
  }

  /** Reserve a checked intent at once (before any await), so two creations cannot both take the same airspace. */
  hold(intent: OperationalIntent): void {
    this.index.put(intent);
  }

  /** The held intent becomes the delivery's. */
  commit(holdId: string, deliveryId: string, route: Route): void {
    const held = this.index.get(holdId);
    this.index.remove(holdId);
    if (held) this.put({ ...held, id: deliveryId }, route);
    this.changed(deliveryId);
  }

  release(holdId: string): void {
    this.index.remove(holdId);
  }

  /** A delivery changed state: take-off activates its intent, the end of the flight releases it. */
  onState(id: string, to: DeliveryState): void {
    const intent = this.index.get(id);
    if (!intent) return;
    const mode = this.live.get(id)?.mode;
    if (to === 'in_flight' && intent.state === 'Accepted') this.index.put(stepIntent(intent, { kind: 'activate' }));
    else if (ENDED.includes(to) || (to === 'delivered' && mode === 'land')) this.end(id);
    else return;
    this.changed(id);
  }

  private end(id: string): void {
    const intent = this.index.get(id);
    if (intent) this.index.put(stepIntent(intent, { kind: 'end' })); // Ended: removed, volumes released
    this.live.delete(id);
    this.d.log?.('intent ended, volumes released', { delivery: id });
  }

  /** Live conformance of a flying delivery's intent, from its vehicle's state. */
  async observe(id: string, s: VehicleState, vehicleId: string): Promise<void> {
    const intent = this.index.get(id);
    const live = this.live.get(id);
    if (!intent || !live || !s.position || (intent.state !== 'Activated' && intent.state !== 'Nonconforming')) return;
    const now = this.now();
    const fix = { nowMs: now, lat: s.position.lat, lon: s.position.lon, altAglM: s.position.relAltM };
    const verdict = judgeFix(this.d.frame, live.track, intent, fix, this.d.rules);
    if (verdict.conforming) {
      if (intent.state === 'Nonconforming') {
        this.index.put(stepIntent(intent, { kind: 'conforming' }));
        this.changed(id);
        this.d.publish({ id, vehicle: vehicleId, intent: 'Activated', message: `delivery ${id} conforms to its intent again` });
      }
      return;
    }
    if (intent.state === 'Nonconforming' && now - live.lastUpdateMs < UPDATE_EVERY_MS) return;
    live.lastUpdateMs = now;
    const volumes = nonconformingVolumes(this.d.frame, intent, fix, verdict, this.d.groundAmslM, this.d.rules);
    const next = stepIntent(intent, { kind: 'nonconforming', volumes, reason: verdict.reason ?? 'nonconforming' });
    this.index.put(next);
    this.changed(id);
    if (intent.state !== 'Nonconforming') this.d.log?.('intent nonconforming', { delivery: id, reason: verdict.reason });
    // every planned (Accepted) delivery that now conflicts is told once
    for (const c of this.index.conflicts(next)) {
      if (c.otherState !== 'Accepted' || live.alerted.has(c.otherId)) continue;
      live.alerted.add(c.otherId);
      const message = `delivery ${id} is nonconforming (${verdict.reason}); its updated volumes now conflict with this planned delivery: ${c.other.label} vs ${c.volume.label} between ${iso(c.fromMs).slice(11, 19)} and ${iso(c.toMs).slice(11, 19)} UTC; re-plan or delay it`;
      const rec = await this.d.store.raiseAlert({ severity: 'warning', code: 'INTENT_CONFLICT', message, deliveryId: c.otherId, details: { nonconforming: id, ...conflictView(c) } as unknown as JsonValue });
      this.d.publish({ id: rec.id, deliveryId: c.otherId, code: 'INTENT_CONFLICT', severity: 'warning', message, at: rec.at });
    }
  }

  /** Drop Accepted intents whose every window has passed (never launched). */
  private prune(): void {
    const now = this.now();
    for (const i of this.index.all()) if (i.state === 'Accepted' && i.volumes.every((v) => v.tEndMs < now)) this.index.remove(i.id);
  }

  /** The ASTM JSON of a delivery's intent: the live one, else built from the stored plan (state from the delivery). */
  json(id: string, stored: { route: Route; plan: DeliveryPlan }, state: DeliveryState): OperationalIntentJson {
    const live = this.index.get(id);
    const flying = state === 'in_flight' || (state === 'delivered' && stored.route.request.mode === 'drop-and-return');
    const derived = state === 'planned' || state === 'uploading' || state === 'ready' ? 'Accepted' : flying ? 'Activated' : 'Ended';
    const intent = live ?? { ...this.intentOf(id, stored.route, stored.plan), state: derived };
    return intentJson(this.d.frame, intent, { manager: 'elbflug', ...(this.d.geoidUndulationM !== undefined ? { geoidUndulationM: this.d.geoidUndulationM } : {}) });
  }
}
