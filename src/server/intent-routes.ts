/**
 * Operational intents over HTTP: GET /api/deliveries/{id}/intent (ASTM F3548-21 JSON, for a U-space
 * adapter and the map) and GET /api/intents (every live intent, summarised).
 */
import { z } from 'zod';
import type { DeliveryService, StoredPlan } from '../fleet/deliveries.js';
import type { Fleet } from '../fleet/fleet.js';
import type { IntentService } from '../fleet/intents.js';
import type { Store } from '../store/store.js';
import { DeconflictError } from '../deconflict/errors.js';
import { ApiError } from './api-error.js';
import { route, type RouteDef } from './routes.js';

export interface IntentRouteDeps {
  service: DeliveryService;
  intents: IntentService | undefined;
  store: Store;
  fleet: Fleet;
  nowMs: () => number;
}

const Id = z.strictObject({ id: z.string().min(1).max(64) });

export function intentRoutes(d: IntentRouteDeps): RouteDef[] {
  return [
    route({
      method: 'get', path: '/deliveries/:id/intent', permission: 'read', tag: 'deliveries', params: Id,
      summary: "The delivery's operational intent as ASTM F3548-21 JSON (Volume4D volumes, state, version), Return volumes under `elbflug`",
      handler: async ({ params }) => {
        if (!d.intents) throw new ApiError('NOT_FOUND', 'deconfliction is disabled (config deconfliction.enabled)');
        const rec = await d.store.getDelivery(params.id);
        if (!rec) throw new ApiError('NOT_FOUND', `no delivery ${params.id}; GET /api/deliveries lists them`);
        const plan = rec.plan as unknown as StoredPlan | null;
        if (!plan?.route || !plan.plan) throw new DeconflictError('INTENT_UNKNOWN', `delivery ${params.id} has no stored plan, so no intent`);
        return { ...d.intents.json(rec.id, plan, rec.state), deconfliction: plan.deconfliction ?? null };
      },
    }),
    route({
      method: 'get', path: '/intents', permission: 'read', tag: 'deliveries',
      summary: 'Every live operational intent: id, state, version, departure, cruise band, volume count',
      handler: () => ({
        now: new Date(d.nowMs()).toISOString(),
        intents: (d.intents?.index.all() ?? []).map((i) => ({ id: i.id, state: i.state, version: i.version, departAt: new Date(i.departAtMs).toISOString(), cruiseAglM: i.cruiseAglM, volumes: i.volumes.length })),
      }),
    }),
  ];
}
