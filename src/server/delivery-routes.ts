/**
 * Planning and deliveries: /api/plan (no side effects), /api/deliveries (create, list, get, launch,
 * abort, export .plan), /api/missions/validate (.plan/WPL → report), /api/alerts. Flights: flight-routes.ts.
 */
import type { Response } from 'express';
import { z } from 'zod';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import type { OperationProfile } from '../airspace/profile.js';
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import type { DeliveryService, StoredPlan } from '../fleet/deliveries.js';
import type { Fleet } from '../fleet/fleet.js';
import type { PlanPool } from '../fleet/plan-pool.js';
import { launchWithDispatch } from '../fleet/dispatch-launch.js';
import { parseQgcPlan } from '../mission/qgc-plan.js';
import { writeQgcPlan } from '../mission/qgc-plan-export.js';
import { validateMission, type MissionValidation } from '../mission/validate-mission.js';
import type { MissionObstacles } from '../mission/obstacle-check.js';
import { parseWpl } from '../mission/wpl.js';
import { PlanRefusedError } from '../planner/refusals.js';
import type { PlanRequest, VehicleProfile } from '../planner/types.js';
import type { Store } from '../store/store.js';
import { DELIVERY_STATES } from '../store/delivery-state.js';
import { ApiError } from './api-error.js';
import { decimalInt } from './params.js';
import { route, type RouteDef } from './routes.js';

/**
 * Missions longer than PX4 stores on a flight controller (navigation.h NUM_MISSIONS_SUPPORTED) are
 * not validated: a 7,500-item file cost 43 s of the shared planning pool per request, from any
 * viewer token.
 */
export const MAX_VALIDATE_ITEMS = 2000;

/** Bounds of what a plan request may ask; the web page reads them from /map-config.json (one source). */
export const PLAN_LIMITS = { windSpeedMaxMps: 60, safetyMarginMaxM: 500 } as const;

const LatLon = z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
export const PlanBody = z.strictObject({
  from: LatLon,
  to: LatLon,
  /** Id of a vehicle profile in missions/vehicles (default: the first). */
  vehicleProfile: z.string().max(64).optional(),
  mode: z.enum(['land', 'drop-and-return']).default('land'),
  departAt: z.iso.datetime({ offset: true }).optional(),
  wind: z.strictObject({ speedMps: z.number().min(0).max(PLAN_LIMITS.windSpeedMaxMps), fromDeg: z.number().min(0).max(360) }).optional(),
  /** Zone ids with a (logged) consent for this delivery, e.g. the hospitals at both ends. */
  consents: z.array(z.string().min(1).max(16)).max(50).optional(),
  safetyMarginM: z.number().min(0).max(PLAN_LIMITS.safetyMarginMaxM).optional(),
});
type PlanBodyT = z.infer<typeof PlanBody>;

const ValidateBody = z.strictObject({
  format: z.enum(['plan', 'wpl']), text: z.string().min(1).max(2_000_000), departAt: z.iso.datetime({ offset: true }).optional(),
  /** The consents the mission was planned with (as in POST /api/plan), so an exported plan validates as planned. */
  consents: z.array(z.string().min(1).max(16)).max(50).optional(),
});
type ValidateBodyT = z.infer<typeof ValidateBody>;

const Id = z.strictObject({ id: z.string().min(1).max(64) });
const List = z.strictObject({ state: z.enum(DELIVERY_STATES).optional(), limit: decimalInt(1, 1000).optional() });

export interface DeliveryRouteDeps {
  service: DeliveryService;
  store: Store;
  fleet: Fleet;
  index: AirspaceIndex;
  profile: () => OperationProfile;
  vehicleProfiles: readonly VehicleProfile[];
  groundAmslM: number;
  /** Vertical obstacles: imported missions are checked against them (OBSTACLE-CLEARANCE). */
  obstacles?: MissionObstacles;
  /** Validation runs here, off the event loop, when given (built from the same zones and obstacles). */
  planPool?: PlanPool;
}

export function deliveryRoutes(d: DeliveryRouteDeps): RouteDef[] {
  const toRequest = (b: PlanBodyT): PlanRequest => {
    const vehicle = b.vehicleProfile ? d.vehicleProfiles.find((v) => v.id === b.vehicleProfile) : d.vehicleProfiles[0];
    if (!vehicle) throw new ApiError('VALIDATION_FAILED', `unknown vehicle profile "${b.vehicleProfile}"; known: ${d.vehicleProfiles.map((v) => v.id).join(', ')}`);
    const base = d.profile();
    // The configured profile's departure time is a template: a delivery leaves when asked (default now).
    const profile: OperationProfile = { ...base, consents: [...base.consents, ...(b.consents ?? []).map((zoneId) => ({ zoneId }))], departureTime: b.departAt ?? new Date().toISOString() };
    return { from: b.from, to: b.to, vehicle, profile, mode: b.mode, ...(b.departAt ? { departAt: b.departAt } : {}), ...(b.wind ? { wind: b.wind } : {}), ...(b.safetyMarginM !== undefined ? { options: { safetyMarginM: b.safetyMarginM } } : {}) };
  };
  const stored = async (id: string): Promise<{ rec: Awaited<ReturnType<Store['getDelivery']>> & object; plan: StoredPlan }> => {
    const rec = await d.store.getDelivery(id);
    if (!rec) throw new ApiError('NOT_FOUND', `no delivery ${id}; GET /api/deliveries lists them`);
    return { rec, plan: rec.plan as unknown as StoredPlan };
  };
  const validateImported = async (file: ReturnType<typeof parseQgcPlan> | ReturnType<typeof parseWpl>, items: MissionItem[], body: ValidateBodyT, res: Response) => {
    const base = d.profile();
    const profile: OperationProfile = { ...base, consents: [...base.consents, ...(body.consents ?? []).map((zoneId) => ({ zoneId }))], ...(body.departAt ? { departureTime: body.departAt } : {}) };
    // the file's home (plannedHomePosition, a WPL home row) starts the path and ends an RTL, as in
    // `--check`; 0°/0° is a generator's placeholder, not a home
    const fileHome = 'plannedHome' in file ? file.plannedHome : file.home;
    const home = fileHome && (fileHome.lat !== 0 || fileHome.lon !== 0) ? { lat: fileHome.lat, lon: fileHome.lon } : undefined;
    const options = { homeAmslM: d.groundAmslM, groundSpeedMps: d.vehicleProfiles[0]?.cruiseSpeedMps ?? 10, ...(body.departAt ? { departAt: body.departAt } : {}), ...(home ? { home } : {}) };
    // in the planning pool (a long mission across many zones must not stall the event loop); the
    // pool's workers hold the same index and obstacles
    let v: MissionValidation;
    if (d.planPool) {
      const { threadId, ...rest } = await d.planPool.validate({ items, profile, options });
      res.setHeader('x-elbflug-plan-thread', String(threadId));
      v = rest;
    } else {
      v = validateMission(items, d.index, profile, { ...options, ...(d.obstacles ? { obstacles: d.obstacles } : {}) });
    }
    return { items: items.length, ...v, fileWarnings: file.warnings };
  };
  // one validation at a time per token: the planning pool is shared with the operators' plans
  const validating = new Set<string>();
  return [
    route({
      method: 'post', path: '/plan', permission: 'plan', tag: 'planning', body: PlanBody,
      summary: 'Plan a route and its mission (no side effects): {ok:true, route, mission} or {ok:false, refusal}',
      handler: async ({ body, res }) => {
        const { result, plan, deconfliction, threadId, threadIds } = await d.service.planAsync(toRequest(body));
        // which thread planned it (0 = the event loop): planning belongs in the worker pool; with
        // deconfliction's re-plans (another departure, height or a detour), each plan's thread in order
        if (threadId !== undefined) res.setHeader('x-elbflug-plan-thread', String(threadId));
        if (threadIds) res.setHeader('x-elbflug-plan-threads', threadIds.join(','));
        const dc = deconfliction ? { deconfliction } : {};
        return result.ok ? { ok: true, route: result.route, mission: plan, ...dc } : { ...result, ...dc };
      },
    }),
    route({
      method: 'post', path: '/deliveries', permission: 'plan', tag: 'deliveries', body: PlanBody, status: 201, audit: 'delivery.create',
      summary: 'Plan and store a delivery (422 with the refusal when no legal route exists)',
      handler: async ({ body, principal }) => {
        const r = await d.service.create(toRequest(body), principal);
        if (!r.ok) throw PlanRefusedError.of(r.refusal);
        return r.delivery;
      },
    }),
    route({ method: 'get', path: '/deliveries', permission: 'read', tag: 'deliveries', query: List, summary: 'Deliveries, newest first', handler: ({ query }) => d.store.listDeliveries({ ...(query.state ? { state: query.state } : {}), limit: query.limit ?? 100 }) }),
    route({ method: 'get', path: '/deliveries/:id', permission: 'read', tag: 'deliveries', params: Id, summary: 'One delivery with its plan and every transition', handler: async ({ params }) => (await stored(params.id)).rec }),
    route({
      method: 'post', path: '/deliveries/:id/launch', permission: 'command', tag: 'deliveries', params: Id, audit: 'delivery.launch',
      body: z.strictObject({ vehicle: z.string().min(3).max(80).optional() }).default({}),
      summary: 'Launch on a vehicle (none named: the best available one, with the reason): health check, airspace check, verified upload of mission/fence/rally, failsafe parameters, arm, start',
      handler: async ({ params, body, principal }) => {
        if (!body.vehicle) return launchWithDispatch({ service: d.service, fleet: d.fleet, store: d.store }, params.id, principal);
        const v = d.fleet.vehicle(body.vehicle);
        if (!v) throw new ApiError('VEHICLE_UNKNOWN', `no vehicle ${body.vehicle}; GET /api/vehicles lists the ones heard`, { known: d.fleet.vehicles().map((x) => x.id) });
        return d.service.launch(params.id, v, principal);
      },
    }),
    route({
      method: 'post', path: '/deliveries/:id/abort', permission: 'command', tag: 'deliveries', params: Id, audit: 'delivery.abort',
      body: z.strictObject({ how: z.enum(['rtl', 'hold', 'land']).default('rtl') }),
      summary: 'Abort: return to launch (default), hold or land',
      handler: ({ params, body, principal }) => d.service.abort(params.id, body.how, principal),
    }),
    route({
      method: 'get', path: '/deliveries/:id/plan', permission: 'read', tag: 'deliveries', params: Id, produces: 'application/json',
      summary: 'The delivery as a QGroundControl .plan file',
      handler: async ({ params, res }) => {
        const { plan } = await stored(params.id);
        res.setHeader('content-disposition', `attachment; filename="delivery-${params.id}.plan"`);
        return writeQgcPlan({ plannedHome: plan.plan.home, mission: plan.plan.mission, fence: plan.plan.fence.items, rally: plan.plan.rally.items, cruiseSpeedMps: plan.route.request.vehicle.cruiseSpeedMps });
      },
    }),
    route({
      method: 'post', path: '/missions/validate', permission: 'read', tag: 'planning',
      body: ValidateBody,
      summary: 'Validate an imported .plan or WPL mission against the airspace: each leg with its violations and rule ids',
      handler: async ({ body, res, principal }) => {
        const file = body.format === 'plan' ? parseQgcPlan(body.text) : parseWpl(body.text);
        const items = file.mission;
        if (items.length > MAX_VALIDATE_ITEMS) throw new ApiError('VALIDATION_FAILED', `the mission has ${items.length} items; PX4 stores at most ${MAX_VALIDATE_ITEMS} on a flight controller, so it is not validated: split it`, { issues: [{ path: 'body.text', message: `${items.length} mission items > ${MAX_VALIDATE_ITEMS}` }] });
        if (validating.has(principal.name)) throw new ApiError('RATE_LIMITED', `a validation for "${principal.name}" is still running; send the next one when it has answered (one at a time per token)`, { limit: 1 });
        validating.add(principal.name);
        try {
          return await validateImported(file, items, body, res);
        } finally {
          validating.delete(principal.name);
        }
      },
    }),
    route({ method: 'get', path: '/alerts', permission: 'read', tag: 'alerts', query: z.strictObject({ limit: decimalInt(1, 1000).optional(), acknowledged: z.enum(['true', 'false']).optional() }), summary: 'Alerts, newest first', handler: ({ query }) => d.store.listAlerts({ limit: query.limit ?? 100, ...(query.acknowledged ? { acknowledged: query.acknowledged === 'true' } : {}) }) }),
    route({ method: 'post', path: '/alerts/:id/ack', permission: 'read', tag: 'alerts', params: z.strictObject({ id: decimalInt(1, Number.MAX_SAFE_INTEGER) }), audit: 'alert.ack', summary: 'Acknowledge an alert', handler: ({ params, principal }) => d.store.acknowledgeAlert(params.id, principal.name) }),
  ];
}
