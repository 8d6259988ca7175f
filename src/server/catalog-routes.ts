/**
 * What an operator picks from when planning: /api/hubs (named places, each with the zones whose
 * consent a delivery from or to it needs) and /api/vehicle-profiles.
 */
import { z } from 'zod';
import type { OperationProfile } from '../airspace/profile.js';
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import type { Hub } from '../io/hubs-file.js';
import { DEFAULT_PREFERRED_CRUISE_AGL_M } from '../planner/defaults.js';
import { checkEndpoint } from '../planner/endpoint-check.js';
import type { VehicleProfile } from '../planner/types.js';
import { route, type RouteDef } from './routes.js';

export interface CatalogRouteDeps {
  hubs: readonly Hub[];
  index: AirspaceIndex;
  profile: () => OperationProfile;
  vehicleProfiles: readonly VehicleProfile[];
  groundAmslM: number;
}

export interface HubView extends Hub {
  /** Zones containing the hub that a consent makes usable: pre-fill them as the delivery's consents. */
  readonly consentZones: readonly string[];
  /** Set when the hub cannot be used even with those consents (e.g. inside a prohibited zone then). */
  readonly blocked?: { readonly code: string; readonly zoneId?: string; readonly ruleId?: string; readonly message: string };
}

/**
 * Decides as POST /api/plan does: the planner's endpoint check (climb from the ground to the
 * default cruise height) with the configured profile. Each zone it refuses for gets a consent and
 * the check runs again, until the point is usable or a zone refuses even with its consent.
 * @example
 * hubConsents(uke, index, profile, 10, Date.now()).consentZones; // → ['HHH01']
 */
export function hubConsents(hub: Hub, index: AirspaceIndex, profile: OperationProfile, groundAmslM: number, atMs: number): HubView {
  const consents: string[] = [];
  const climbS = DEFAULT_PREFERRED_CRUISE_AGL_M / 3; // a slow climb (3 m/s): the zone must be usable for all of it
  for (;;) {
    const p: OperationProfile = { ...profile, consents: [...profile.consents, ...consents.map((zoneId) => ({ zoneId }))] };
    const bad = checkEndpoint(index, 'start', hub, 0, DEFAULT_PREFERRED_CRUISE_AGL_M, p, { groundAmslM }, atMs, climbS);
    if (!bad) return { ...hub, consentZones: consents };
    const f = bad.refusal;
    // a prohibited zone, or one whose consent did not lift it: no consent helps
    if (f.code !== 'START_IN_ZONE' || !f.zoneId || consents.includes(f.zoneId)) {
      return { ...hub, consentZones: consents, blocked: { code: f.code, message: f.message, ...(f.zoneId ? { zoneId: f.zoneId } : {}), ...(f.ruleId ? { ruleId: f.ruleId } : {}) } };
    }
    consents.push(f.zoneId);
  }
}

export function catalogRoutes(d: CatalogRouteDeps): RouteDef[] {
  return [
    route({
      method: 'get', path: '/hubs', permission: 'read', tag: 'planning',
      query: z.strictObject({ at: z.iso.datetime({ offset: true }).optional() }),
      summary: 'Named delivery hubs {id, name, lat, lon, consentZones[, blocked]}: the zones containing each hub whose consent a delivery from or to it needs (at ?at=, default now)',
      handler: ({ query }) => {
        const atMs = query.at ? Date.parse(query.at) : Date.now();
        const profile = d.profile();
        return d.hubs.map((h) => hubConsents(h, d.index, profile, d.groundAmslM, atMs));
      },
    }),
    route({
      method: 'get', path: '/vehicle-profiles', permission: 'read', tag: 'planning',
      summary: 'Vehicle profiles a plan can use (vehicleProfile in POST /api/plan); the first is the default',
      handler: () =>
        d.vehicleProfiles.map((v) => ({ id: v.id, name: v.name, cruiseSpeedMps: v.cruiseSpeedMps, batteryWh: v.batteryWh, reservePct: v.reservePct, maxWindMps: v.maxWindMps })),
    }),
  ];
}
