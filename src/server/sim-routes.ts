/** /api/sim: the embedded simulator for test engineers (status, named faults, speed factor). */
import { z } from 'zod';
import { FAULT_NAMES, FaultSchema } from '../../sim/runtime/faults.js';
import type { Fleet as SimFleet } from '../../sim/runtime/fleet.js';
import { ApiError } from './api-error.js';
import { route, type RouteDef } from './routes.js';

export function simRoutes(sim: SimFleet | undefined): RouteDef[] {
  const need = (): SimFleet => {
    if (!sim) throw new ApiError('NOT_FOUND', 'the embedded simulator is off (simulator.enabled = false)');
    return sim;
  };
  return [
    route({ method: 'get', path: '/sim', permission: 'read', tag: 'simulator', summary: 'Simulated vehicles, speed factor and the fault names', handler: () => ({ enabled: sim !== undefined, speed: sim?.speed, vehicles: sim?.status() ?? [], faults: FAULT_NAMES }) }),
    route({
      method: 'post', path: '/sim/fault', permission: 'simulate', tag: 'simulator', audit: 'sim.fault',
      body: z.object({ vehicle: z.union([z.number().int().min(1).max(255), z.literal('all')]).default('all') }).passthrough(),
      summary: `Inject a named fault into a running simulated vehicle: ${FAULT_NAMES.join(', ')} (fields as in docs/sim.md)`,
      handler: ({ body }) => {
        const { vehicle, ...spec } = body;
        const parsed = FaultSchema.safeParse(spec);
        if (!parsed.success) throw new ApiError('VALIDATION_FAILED', `invalid fault: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'fault'}: ${i.message}`).join('; ')}; faults: ${FAULT_NAMES.join(', ')}`);
        try {
          need().fault(vehicle, parsed.data);
        } catch (e) {
          if (e instanceof ApiError) throw e;
          throw new ApiError('VALIDATION_FAILED', (e as Error).message);
        }
        return { applied: parsed.data, vehicle };
      },
    }),
    route({
      method: 'post', path: '/sim/speed', permission: 'simulate', tag: 'simulator', audit: 'sim.speed',
      body: z.strictObject({ speed: z.number().positive().max(1000) }),
      summary: 'Set the simulator speed factor',
      handler: ({ body }) => {
        need().setSpeed(body.speed);
        return { speed: body.speed };
      },
    }),
  ];
}
