/**
 * Success-response schemas of every API route, keyed `METHOD /path` as the route list defines them.
 * `openApiDocument` turns them into the OpenAPI document (z.toJSONSchema), and
 * test/server/openapi.test.ts checks real responses against that document, so a declared shape that
 * drifts from what the server sends fails a test. Deeply nested documents that belong to other
 * layers (a route plan, a replay's samples) are typed at the fields clients rely on and left open
 * (`looseObject`) below that.
 */
import { z, type ZodType } from 'zod';
import { INTENT_STATES } from '../deconflict/types.js';

const iso = z.string().describe('ISO 8601 time');
const Json = z.unknown();
const Transition = z.object({ from: z.string().nullable(), to: z.string(), at: iso, cause: z.string() });
const VehicleRef = { vehicleId: z.string().nullable(), vehicleSysid: z.number().int().nullable() };
const DeliverySummary = z.object({ id: z.string(), createdAt: iso, updatedAt: iso, state: z.string(), ...VehicleRef, request: Json });
const DeliveryRecord = DeliverySummary.extend({ plan: Json, transitions: z.array(Transition) });
const Flight = z.object({ id: z.string(), deliveryId: z.string().nullable(), startedAt: iso, endedAt: iso.nullable(), tlog: z.string().nullable().describe('the tlog file name (never a server path)'), trackPoints: z.number().int(), ...VehicleRef });
const Alert = z.looseObject({
  id: z.number().int(), at: iso, severity: z.string(), code: z.string(), message: z.string(), deliveryId: z.string().nullable(), details: Json,
  clearedAt: iso.nullable(), acknowledgedBy: z.string().nullable(), acknowledgedAt: iso.nullable(), ...VehicleRef,
});
const SimVehicle = z.looseObject({ sysid: z.number().int(), mode: z.string(), armed: z.boolean(), lat: z.number(), lon: z.number(), relAltM: z.number(), vehicleId: z.string() });
const Vehicle = z.looseObject({ id: z.string(), link: z.string(), sysid: z.number().int(), compid: z.number().int(), connected: z.boolean(), armed: z.boolean(), flightMode: z.string(), systemStatus: z.string() });
const Warning = z.object({ path: z.string(), item: z.number().int().optional(), field: z.string().optional(), message: z.string() });
const Position3D = z.object({ lat: z.number(), lon: z.number(), altAglM: z.number() });
const MissionViolation = z.object({ kind: z.enum(['obstacle', 'conditional']), ruleId: z.string(), zoneId: z.string().optional(), sentence: z.string() });
const MissionValidation = z.object({
  items: z.number().int(),
  ok: z.boolean(),
  kind: z.string(),
  legs: z.array(z.object({ seq: z.number().int(), command: z.number().int(), from: Position3D, to: Position3D, violations: z.array(MissionViolation) })),
  violations: z.array(MissionViolation.extend({ legIndex: z.number().int(), seq: z.number().int() })),
  warnings: z.array(z.string()),
  fileWarnings: z.array(Warning),
});
const Plan = z.looseObject({ ok: z.boolean(), route: z.looseObject({ legs: z.array(z.looseObject({ kind: z.string() })), distanceM: z.number(), durationS: z.number(), energyWh: z.number() }).optional() });
const QgcItem = z.looseObject({
  type: z.literal('SimpleItem'), command: z.number().int(), frame: z.number().int(), params: z.array(z.number().nullable()).length(7), autoContinue: z.boolean(), doJumpId: z.number().int(),
  AltitudeMode: z.number().int().optional(), Altitude: z.number().nullable().optional(), AMSLAltAboveTerrain: z.number().nullable().optional(),
});
/** A QGroundControl .plan document (src/mission/qgc-plan-export.ts). */
const QgcPlan = z.looseObject({
  fileType: z.literal('Plan'), version: z.literal(1), groundStation: z.string(),
  mission: z.looseObject({ version: z.literal(2), globalPlanAltitudeMode: z.number().int(), plannedHomePosition: z.array(z.number()).length(3), items: z.array(QgcItem) }),
  geoFence: z.looseObject({ version: z.literal(2), polygons: z.array(Json), circles: z.array(Json) }),
  rallyPoints: z.object({ version: z.literal(2), points: z.array(z.array(z.number()).length(3)) }),
});
const Rfc3339 = z.object({ value: z.string(), format: z.literal('RFC3339') });
const Altitude = z.object({ value: z.number(), reference: z.enum(['W84', 'AMSL']), units: z.literal('M') });
const LatLng = z.object({ lat: z.number(), lng: z.number() });
/** ASTM F3548-21 Volume4D (src/deconflict/export.ts). */
const Volume4D = z.object({
  volume: z.object({
    outline_polygon: z.object({ vertices: z.array(LatLng) }).optional(),
    outline_circle: z.object({ center: LatLng, radius: z.object({ value: z.number(), units: z.literal('M') }) }).optional(),
    altitude_lower: Altitude,
    altitude_upper: Altitude,
  }),
  time_start: Rfc3339,
  time_end: Rfc3339,
});
const IntentState = z.enum(INTENT_STATES);
const Feature = z.looseObject({ type: z.literal('Feature'), geometry: z.looseObject({ type: z.string() }).nullable(), properties: z.record(z.string(), Json) });

export const RESPONSE_SCHEMAS: Readonly<Record<string, ZodType>> = {
  'get /hubs': z.array(z.looseObject({ id: z.string(), name: z.string(), lat: z.number(), lon: z.number(), consentZones: z.array(z.string()) })),
  'get /vehicle-profiles': z.array(z.object({ id: z.string(), name: z.string(), cruiseSpeedMps: z.number(), batteryWh: z.number(), reservePct: z.number(), maxWindMps: z.number() })),
  'get /airspace': z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(Feature) }),
  'post /plan': Plan,
  'post /deliveries': DeliveryRecord,
  'get /deliveries': z.array(DeliverySummary),
  'get /deliveries/:id': DeliveryRecord,
  'post /deliveries/:id/launch': DeliveryRecord,
  'post /deliveries/:id/abort': DeliveryRecord,
  'get /deliveries/:id/plan': QgcPlan,
  'post /missions/validate': MissionValidation,
  'get /alerts': z.array(Alert),
  'post /alerts/:id/ack': Alert,
  'get /flights': z.array(Flight),
  'get /flights/:id/track': z.object({ type: z.literal('Feature'), properties: z.looseObject({ flightId: z.string(), points: z.number().int() }), geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(z.array(z.number())) }) }),
  'get /flights/:id/tlog': z.string().describe('binary .tlog'),
  'get /flights/:id/replay': z.looseObject({ flight: Flight, leadInMs: z.number(), delivery: z.looseObject({ id: z.string(), state: z.string() }).nullable(), plan: Json, alerts: z.array(Alert), samples: z.array(Json), events: z.array(Json) }),
  'get /sim': z.looseObject({ enabled: z.boolean(), speed: z.number().optional(), vehicles: z.array(SimVehicle), faults: z.array(z.string()), faultFields: z.record(z.string(), Json) }),
  'post /sim/vehicles': SimVehicle.extend({ localPort: z.number().int() }),
  'delete /sim/vehicles/:sysid': z.object({ removed: SimVehicle }),
  'post /sim/fault': z.object({ applied: z.looseObject({ fault: z.string() }), vehicle: z.union([z.number().int(), z.literal('all')]) }),
  'post /sim/speed': z.object({ speed: z.number() }),
  'get /links': z.array(z.looseObject({ name: z.string(), url: z.string(), stats: z.looseObject({ rxPackets: z.number(), txPackets: z.number() }) })),
  'get /vehicles': z.array(Vehicle),
  'get /obstacles': z.object({
    type: z.literal('FeatureCollection'), at: iso, title: z.string().nullable(), clearance: z.looseObject({ horizontalM: z.number(), verticalM: z.number() }),
    features: z.array(z.object({ type: z.literal('Feature'), geometry: z.looseObject({ type: z.enum(['Point', 'LineString', 'Polygon']) }), properties: z.looseObject({ id: z.string(), name: z.string(), type: z.string(), heightM: z.number(), heightRef: z.enum(['AGL', 'AMSL']), active: z.boolean() }) })),
  }),
  'get /deliveries/:id/intent': z.object({
    reference: z.looseObject({ id: z.string(), manager: z.string(), version: z.number().int(), state: IntentState, time_start: Rfc3339, time_end: Rfc3339 }),
    details: z.object({ volumes: z.array(Volume4D), off_nominal_volumes: z.array(Volume4D), priority: z.number() }),
    elbflug: z.looseObject({ departAt: iso, cruiseAglM: z.number(), contingency_volumes: z.array(Volume4D) }),
    deconfliction: Json.nullable(),
  }),
  'get /intents': z.object({ now: iso, intents: z.array(z.object({ id: z.string(), state: IntentState, version: z.number().int(), departAt: iso, cruiseAglM: z.number(), volumes: z.number().int() })) }),
  'get /vehicles/:link/:sysid': Vehicle,
  'post /vehicles/:link/:sysid/signing': z.object({ vehicle: z.string(), signed: z.literal(true), attempts: z.number().int().describe('SETUP_SIGNING messages sent'), signedFrames: z.number().int().describe('valid signed frames seen from the vehicle'), initialTimestamp: z.number().int().describe('10 µs units since 2015-01-01') }),
  'post /vehicles/:link/:sysid/commands': z.object({ vehicle: z.string(), command: z.string(), result: z.literal('accepted') }),
};

/** The key of a route in RESPONSE_SCHEMAS. */
export const responseKey = (method: string, path: string): string => `${method} ${path}`;
