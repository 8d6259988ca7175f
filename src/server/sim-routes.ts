/**
 * /api/sim: the embedded simulator for test engineers — status, adding and removing simulated
 * vehicles, named faults (with the fields of each, from the simulator's own schema, so the map's
 * form cannot drift from what is accepted), and the speed factor.
 */
import { z } from 'zod';
import { FAULT_NAMES, FaultSchema, type Fleet as SimFleet, type VehicleStatus } from '../../sim/embedded.js';
import { ApiError } from './api-error.js';
import { decimalInt } from './params.js';
import { route, type RouteDef } from './routes.js';

/** More vehicles than this are not added through the API (the service reads every packet of each). */
export const MAX_SIM_VEHICLES = 50;

export interface SimRoutesOptions {
  /** The service's link name for the embedded simulator; its vehicles are listed as `<link>/<sysid>`. */
  link?: string;
}

/** Fault name → the JSON Schema of its fields (without `fault`) and which are required. */
export function faultFields(): Record<string, { properties: Record<string, unknown>; required: string[] }> {
  const out: Record<string, { properties: Record<string, unknown>; required: string[] }> = {};
  for (const o of FaultSchema.options) {
    const js = z.toJSONSchema(o, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
    const { fault: _name, ...properties } = js.properties ?? {};
    out[o.shape.fault.value] = { properties, required: (js.required ?? []).filter((r) => r !== 'fault') };
  }
  return out;
}

const Position = z
  .strictObject({ lat: z.number().min(-90).max(90).optional(), lon: z.number().min(-180).max(180).optional() })
  .refine((p) => (p.lat === undefined) === (p.lon === undefined), { message: 'give both lat and lon, or neither (then the vehicle stands in line with the others at the fleet home)' })
  .default({});

const SysidParams = z.object({ sysid: decimalInt(1, 255) });

/** The slowest simulator: 1e-300 was accepted and froze every simulated vehicle. */
export const MIN_SIM_SPEED = 0.01;

export function simRoutes(sim: SimFleet | undefined, o: SimRoutesOptions = {}): RouteDef[] {
  const link = o.link ?? 'sim';
  const need = (): SimFleet => {
    if (!sim) throw new ApiError('NOT_FOUND', 'the embedded simulator is off (simulator.enabled = false)');
    return sim;
  };
  const view = (s: VehicleStatus) => ({ ...s, vehicleId: `${link}/${s.sysid}` });
  const known = (f: SimFleet, sysid: number): void => {
    if (!f.vehicles.some((v) => v.sysid === sysid)) {
      const have = f.vehicles.map((v) => v.sysid);
      throw new ApiError('VEHICLE_UNKNOWN', `no simulated vehicle with sysid ${sysid}; the simulator has ${have.join(', ') || 'none'} (GET /api/sim)`, { known: have });
    }
  };
  const fields = faultFields();
  return [
    route({
      method: 'get', path: '/sim', permission: 'read', tag: 'simulator',
      summary: 'Simulated vehicles (with the id the service lists each under), speed factor, the fault names and the fields of each fault',
      handler: () => ({ enabled: sim !== undefined, speed: sim?.speed, vehicles: sim?.status().map(view) ?? [], faults: FAULT_NAMES, faultFields: fields }),
    }),
    route({
      method: 'post', path: '/sim/vehicles', permission: 'simulate', tag: 'simulator', audit: 'sim.vehicle.add', status: 201,
      body: Position,
      summary: `Add a simulated vehicle (next sysid; at {lat, lon} or in line with the others at the fleet home); the service discovers it within ≈2 simulated seconds. At most ${MAX_SIM_VEHICLES}.`,
      handler: async ({ body }) => {
        const f = need();
        if (f.vehicles.length >= MAX_SIM_VEHICLES) throw new ApiError('VALIDATION_FAILED', `the simulator already runs ${f.vehicles.length} vehicles, the most this API adds (${MAX_SIM_VEHICLES}); remove one first`);
        const v = await f.addVehicle(body.lat !== undefined && body.lon !== undefined ? { home: { lat: body.lat, lon: body.lon } } : {});
        return { ...view(v.status()), localPort: v.localPort };
      },
    }),
    route({
      method: 'delete', path: '/sim/vehicles/:sysid', permission: 'simulate', tag: 'simulator', audit: 'sim.vehicle.remove',
      params: SysidParams,
      summary: 'Remove a simulated vehicle: its link closes and it stops; the service marks it lost (LINK_LOST) after its heartbeat timeout',
      handler: async ({ params }) => {
        const f = need();
        known(f, params.sysid);
        const last = await f.removeVehicle(params.sysid);
        return { removed: view(last) };
      },
    }),
    route({
      method: 'post', path: '/sim/fault', permission: 'simulate', tag: 'simulator', audit: 'sim.fault',
      body: z.object({ vehicle: z.union([z.number().int().min(1).max(255), z.literal('all')]).default('all') }).passthrough(),
      summary: `Inject a named fault into a running simulated vehicle: ${FAULT_NAMES.join(', ')} (fields in GET /api/sim faultFields and docs/sim.md)`,
      handler: ({ body }) => {
        const { vehicle, ...spec } = body;
        const parsed = FaultSchema.safeParse(spec);
        if (!parsed.success) throw new ApiError('VALIDATION_FAILED', `invalid fault: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'fault'}: ${i.message}`).join('; ')}; faults: ${FAULT_NAMES.join(', ')}`);
        const f = need();
        if (vehicle !== 'all') known(f, vehicle);
        else if (f.vehicles.length === 0) throw new ApiError('VEHICLE_UNKNOWN', 'the simulator has no vehicles; add one first (POST /api/sim/vehicles)', { known: [] });
        f.fault(vehicle, parsed.data);
        return { applied: parsed.data, vehicle };
      },
    }),
    route({
      method: 'post', path: '/sim/speed', permission: 'simulate', tag: 'simulator', audit: 'sim.speed',
      body: z.strictObject({ speed: z.number().min(MIN_SIM_SPEED, `at least ${MIN_SIM_SPEED} (100× slower than real time); a speed near 0 stops the simulation`).max(1000) }),
      summary: 'Set the simulator speed factor',
      handler: ({ body }) => {
        need().setSpeed(body.speed);
        return { speed: body.speed };
      },
    }),
  ];
}
