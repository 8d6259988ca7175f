/**
 * QGroundControl `.plan` files (JSON) ↔ MAVLink plan items, field names exactly as QGC writes
 * them (../shared/domain/gcs-interop.md §4.1). Pure: text in, items out.
 *
 * - mission.items: SimpleItems map 1:1 to MISSION_ITEM_INT (params[4..6] = lat, lon, alt; `null` = NaN).
 *   ComplexItems (survey, corridor scan) are refused: a delivery plan flies explicit waypoints.
 * - geoFence (version 2): polygons → 5001/5002 vertices (param1 = vertex count), circles → 5003/5004
 *   (param1 = radius), frame GLOBAL (0) as MAVSDK sends them.
 * - rallyPoints (version 2): [lat, lon, alt above home] → 5100 in frame GLOBAL_RELATIVE_ALT (3).
 * - DO_JUMP (177): params[0] holds the target's doJumpId; it becomes the target's seq (PX4's
 *   index), as QGC does on load ("Could not find doJumpId" → PLAN_JUMP_TARGET_MISSING).
 * - PX4: seq 0 is the first real item; plannedHomePosition is not sent (ArduPilot would want it).
 * Export: ./qgc-plan-export.ts.
 */
import { z } from 'zod';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { MissionFileError } from './errors.js';
import { e7, GLOBAL_FRAMES, MAV_CMD, planItem } from './mav.js';

const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);
const param = z.number().nullable();

const SimpleItem = z.object({
  type: z.literal('SimpleItem'),
  command: z.number().int().min(0).max(65535),
  frame: z.number().int().min(0).max(255),
  params: z.array(param).length(7),
  autoContinue: z.boolean(),
  doJumpId: z.number().int().optional(),
});
const AnyItem = z.object({ type: z.string() }).passthrough();

const PlanSchema = z.object({
  fileType: z.literal('Plan'),
  version: z.literal(1),
  groundStation: z.string().optional(),
  mission: z.object({
    version: z.literal(2),
    firmwareType: z.number().int().optional(),
    vehicleType: z.number().int().optional(),
    cruiseSpeed: z.number().optional(),
    hoverSpeed: z.number().optional(),
    globalPlanAltitudeMode: z.number().int().optional(),
    plannedHomePosition: z.tuple([lat, lon, z.number()]),
    items: z.array(AnyItem),
  }),
  geoFence: z
    .object({
      version: z.literal(2),
      polygons: z.array(z.object({ inclusion: z.boolean(), polygon: z.array(z.tuple([lat, lon])).min(3), version: z.number().optional() })),
      circles: z.array(z.object({ inclusion: z.boolean(), circle: z.object({ center: z.tuple([lat, lon]), radius: z.number().positive() }), version: z.number().optional() })),
      breachReturn: z.tuple([lat, lon, z.number()]).optional(),
    })
    .optional(),
  rallyPoints: z.object({ version: z.literal(2), points: z.array(z.tuple([lat, lon, z.number()])) }).optional(),
});

export interface ParsedPlan {
  plannedHome: { lat: number; lon: number; altAmslM: number };
  groundStation?: string | undefined;
  firmwareType?: number | undefined;
  vehicleType?: number | undefined;
  globalPlanAltitudeMode?: number | undefined;
  /** geoFence.breachReturn `[lat, lon, alt]`, kept for export (PX4 ignores it). */
  breachReturn?: readonly [number, number, number] | undefined;
  cruiseSpeedMps: number | undefined;
  hoverSpeedMps: number | undefined;
  mission: MissionItem[];
  fence: MissionItem[];
  rally: MissionItem[];
}

const NAV_FENCE = { polygonInclusion: 5001, polygonExclusion: 5002, circleInclusion: 5003, circleExclusion: 5004 } as const;
const FRAME_GLOBAL = 0;
const FRAME_GLOBAL_RELATIVE_ALT = 3;

const nan = (v: number | null): number => (v === null ? Number.NaN : v);
const item = planItem;

/**
 * Parse a QGC `.plan` document (text or already-parsed JSON).
 * @example const plan = parseQgcPlan(readFileSync('delivery.plan', 'utf8')); plan.mission.length
 * @throws MissionFileError PLAN_INVALID (each issue with its JSON path), PLAN_UNSUPPORTED_ITEM or
 *   PLAN_JUMP_TARGET_MISSING
 */
export function parseQgcPlan(input: string | unknown): ParsedPlan {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      throw new MissionFileError('PLAN_INVALID', `not a .plan file: the JSON does not parse (${(e as Error).message})`);
    }
  }
  const r = PlanSchema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new MissionFileError('PLAN_INVALID', `invalid .plan file: ${issues.map((i) => `${i.path || '(top)'}: ${i.message}`).join('; ')}`, issues);
  }
  const plan = r.data;
  const jumpIds = new Map<number, number>();
  plan.mission.items.forEach((raw, seq) => {
    if (typeof raw.doJumpId === 'number' && !jumpIds.has(raw.doJumpId)) jumpIds.set(raw.doJumpId, seq);
  });
  const mission = plan.mission.items.map((raw, seq) => {
    const s = SimpleItem.safeParse(raw);
    if (!s.success) {
      if (raw.type === 'ComplexItem') {
        throw new MissionFileError('PLAN_UNSUPPORTED_ITEM', `mission.items[${seq}] is a ComplexItem (${String(raw.complexItemType)}); convert it to simple waypoints in QGC before importing`);
      }
      const issues = s.error.issues.map((i) => ({ path: `mission.items.${seq}.${i.path.join('.')}`, message: i.message }));
      throw new MissionFileError('PLAN_INVALID', `invalid .plan file: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    const p = [...s.data.params];
    if (s.data.command === MAV_CMD.DO_JUMP) {
      const target = jumpIds.get(p[0] ?? Number.NaN);
      if (target === undefined) {
        const path = `mission.items.${seq}.params.0`;
        throw new MissionFileError('PLAN_JUMP_TARGET_MISSING', `${path}: DO_JUMP target: Could not find doJumpId ${String(p[0])}; point it at an item's doJumpId`, [{ path, message: `Could not find doJumpId ${String(p[0])}` }]);
      }
      p[0] = target;
    }
    const positional = GLOBAL_FRAMES.has(s.data.frame);
    return item('mission', seq, {
      command: s.data.command,
      frame: s.data.frame,
      autocontinue: s.data.autoContinue ? 1 : 0,
      param1: nan(p[0]!),
      param2: nan(p[1]!),
      param3: nan(p[2]!),
      param4: nan(p[3]!),
      x: positional ? e7(p[4] ?? 0) : Math.round(p[4] ?? 0),
      y: positional ? e7(p[5] ?? 0) : Math.round(p[5] ?? 0),
      z: nan(p[6]!),
    });
  });
  const fence: MissionItem[] = [];
  for (const poly of plan.geoFence?.polygons ?? []) {
    const command = poly.inclusion ? NAV_FENCE.polygonInclusion : NAV_FENCE.polygonExclusion;
    for (const [la, lo] of poly.polygon) fence.push(item('fence', fence.length, { command, frame: FRAME_GLOBAL, param1: poly.polygon.length, x: e7(la), y: e7(lo) }));
  }
  for (const c of plan.geoFence?.circles ?? []) {
    const command = c.inclusion ? NAV_FENCE.circleInclusion : NAV_FENCE.circleExclusion;
    fence.push(item('fence', fence.length, { command, frame: FRAME_GLOBAL, param1: c.circle.radius, x: e7(c.circle.center[0]), y: e7(c.circle.center[1]) }));
  }
  const rally = (plan.rallyPoints?.points ?? []).map(([la, lo, alt], seq) => item('rally', seq, { command: MAV_CMD.NAV_RALLY_POINT, frame: FRAME_GLOBAL_RELATIVE_ALT, x: e7(la), y: e7(lo), z: alt }));
  const [hLat, hLon, hAlt] = plan.mission.plannedHomePosition;
  return {
    plannedHome: { lat: hLat, lon: hLon, altAmslM: hAlt },
    groundStation: plan.groundStation,
    firmwareType: plan.mission.firmwareType,
    vehicleType: plan.mission.vehicleType,
    globalPlanAltitudeMode: plan.mission.globalPlanAltitudeMode,
    breachReturn: plan.geoFence?.breachReturn,
    cruiseSpeedMps: plan.mission.cruiseSpeed,
    hoverSpeedMps: plan.mission.hoverSpeed,
    mission,
    fence,
    rally,
  };
}
