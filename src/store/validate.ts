/**
 * Input checks shared by every Store implementation: one zod schema per method input, and
 * {@link parseInput} turning the first problems into STORE_INVALID_INPUT naming the field.
 * Times are normalised to ISO 8601 UTC with milliseconds, so they sort as text.
 */
import { z } from 'zod';
import { DELIVERY_STATES } from './delivery-state.js';
import { StoreError } from './errors.js';
import { ALERT_SEVERITIES } from './store.js';

/** Lists return at most this many records per call. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

export const time = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with offset, e.g. 2026-05-04T08:00:00Z' })
  .transform((s) => new Date(s).toISOString());
export const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be letters, digits, . _ : - (starting with a letter or digit)');
const sysid = z.number().int().min(0).max(255);
const vehicleId = z.string().min(1).max(128);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const state = z.enum(DELIVERY_STATES);
const severity = z.enum(ALERT_SEVERITIES);
const oneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
const page = {
  since: time.optional(),
  until: time.optional(),
  limit: z.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: z.number().int().min(0).default(0),
};

export const newDeliverySchema = z.strictObject({
  id: id.optional(),
  request: z.unknown().refine((v) => v !== undefined, 'is required'),
  plan: z.unknown().optional(),
  vehicleId: vehicleId.nullable().optional(),
  vehicleSysid: sysid.nullable().optional(),
  cause: text(1000).default('created'),
  at: time.optional(),
});
export const transitionSchema = z.strictObject({
  to: state,
  cause: text(1000),
  at: time.optional(),
  expectedFrom: state.optional(),
  vehicleId: vehicleId.nullable().optional(),
  vehicleSysid: sysid.nullable().optional(),
  plan: z.unknown().optional(),
});
export const deliveryFilterSchema = z.strictObject({ state: oneOrMany(state).optional(), vehicleId: vehicleId.optional(), vehicleSysid: sysid.optional(), ...page });

export const newFlightSchema = z.strictObject({
  id: id.optional(),
  deliveryId: id.nullable().optional(),
  vehicleId: vehicleId.nullable().optional(),
  vehicleSysid: sysid.nullable().optional(),
  tlogPath: text(4096).nullable().optional(),
  startedAt: time.optional(),
});
export const trackSchema = z
  .array(
    z.strictObject({
      at: time,
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      altAmslM: z.number().min(-1000).max(100_000),
      relAltM: z.number().min(-100_000).max(100_000).nullable().optional(),
    }),
  )
  .max(100_000);
export const flightFilterSchema = z.strictObject({ deliveryId: id.optional(), vehicleId: vehicleId.optional(), vehicleSysid: sysid.optional(), active: z.boolean().optional(), ...page });

export const newAlertSchema = z.strictObject({
  severity,
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be an UPPER_SNAKE code'),
  message: text(2000),
  vehicleId: vehicleId.nullable().optional(),
  vehicleSysid: sysid.nullable().optional(),
  deliveryId: id.nullable().optional(),
  details: z.unknown().optional(),
  at: time.optional(),
});
export const alertFilterSchema = z.strictObject({
  vehicleId: vehicleId.optional(),
  vehicleSysid: sysid.optional(),
  deliveryId: id.optional(),
  severity: oneOrMany(severity).optional(),
  code: z.string().min(1).optional(),
  acknowledged: z.boolean().optional(),
  cleared: z.boolean().optional(),
  ...page,
});
export const alertIdSchema = z.number().int().min(1);
/** A batch (raiseAlerts, clearAlerts): an array; its items are checked one by one, so a message names the bad index. */
export const batchSchema = z.array(z.unknown()).max(100_000);
export const actorNameSchema = text(200);
export const maxPointsSchema = z.number().int().min(2).max(1_000_000);

export const newAuditSchema = z.strictObject({
  actor: z.strictObject({ name: text(200), role: text(50) }),
  action: z.string().regex(/^[a-z][a-zA-Z0-9_.-]{0,99}$/, 'must be a dotted action name, e.g. delivery.launch'),
  params: z.unknown().optional(),
  result: z.enum(['ok', 'error']),
  error: z.strictObject({ code: text(100), message: text(4000) }).nullable().optional(),
  at: time.optional(),
});
export const approvalSchema = z.strictObject({ opaqueId: z.number().int().min(1).max(0xffffffff), deliveryId: text(64), approvedBy: text(200), at: time });
export const auditFilterSchema = z.strictObject({ actorName: z.string().min(1).optional(), action: z.string().min(1).optional(), result: z.enum(['ok', 'error']).optional(), ...page });

/**
 * Validates `input` for `what` (e.g. "createDelivery"); throws STORE_INVALID_INPUT naming each bad field.
 * @example parseInput(alertIdSchema, 0, 'acknowledgeAlert id') // throws: "acknowledgeAlert id: (value) Too small…"
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.slice(0, 5).map((i) => {
    const path = i.code === 'unrecognized_keys' ? `${i.path.join('.')}${i.path.length ? '.' : ''}${i.keys.join(', ')}` : i.path.join('.') || '(value)';
    return `${path}: ${i.code === 'unrecognized_keys' ? 'unknown field' : i.message}`;
  });
  throw new StoreError('STORE_INVALID_INPUT', `${what}: ${problems.join('; ')}`, { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
}
