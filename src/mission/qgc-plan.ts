/**
 * QGroundControl `.plan` files (JSON) ↔ MAVLink plan items, field names exactly as QGC writes
 * them (../shared/domain/gcs-interop.md §4.1). Pure: text in, items out.
 *
 * - mission.items (./qgc-plan-items.ts): SimpleItems map 1:1 to MISSION_ITEM_INT (params[4..6] =
 *   lat, lon, alt; `null` = NaN), complex items as the items QGC generated and stored in them;
 *   AltitudeMode/Altitude are resolved with their meaning stated (./altitude-mode.ts).
 * - geoFence/rallyPoints of version 1 (or without version) are ignored with a warning, as QGC does.
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
import { MissionFileError, type FileWarning } from './errors.js';
import { e7, MAV_CMD, planItem } from './mav.js';
import { parseQgcItems, type ItemAltitude, type Problem } from './qgc-plan-items.js';

export type { ItemAltitude } from './qgc-plan-items.js';

const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);

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
    // QGC writes NaN as null and reads a null altitude back (JsonHelper::loadGeoCoordinate)
    plannedHomePosition: z.tuple([lat, lon, z.number().nullable()]),
    items: z.array(z.unknown()),
  }),
  geoFence: z.unknown().optional(),
  rallyPoints: z.unknown().optional(),
});
const GeoFenceV2 = z.object({
  version: z.literal(2),
  polygons: z.array(z.object({ inclusion: z.boolean(), polygon: z.array(z.tuple([lat, lon])).min(3), version: z.number().optional() })),
  circles: z.array(z.object({ inclusion: z.boolean(), circle: z.object({ center: z.tuple([lat, lon]), radius: z.number().positive() }), version: z.number().optional() })),
  breachReturn: z.tuple([lat, lon, z.number()]).optional(),
});
const RallyV2 = z.object({ version: z.literal(2), points: z.array(z.tuple([lat, lon, z.number()])) });

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
  // plannedHome.altAmslM is NaN when the file has null there (QGC's NaN: no terrain or vehicle altitude yet)
  /** Per mission item: QGC's AltitudeMode/Altitude/AMSLAltAboveTerrain as the file had them. */
  altitudes: (ItemAltitude | undefined)[];
  fence: MissionItem[];
  rally: MissionItem[];
  /** What was kept with a changed representation, or ignored (each names path, item, field). */
  warnings: FileWarning[];
}

const NAV_FENCE = { polygonInclusion: 5001, polygonExclusion: 5002, circleInclusion: 5003, circleExclusion: 5004 } as const;
const FRAME_GLOBAL = 0;
const FRAME_GLOBAL_RELATIVE_ALT = 3;
const item = planItem;
const MAX_LISTED = 12;

const zodProblems = (e: z.ZodError, prefix: string): Problem[] => e.issues.map((i) => ({ code: 'PLAN_INVALID', path: [prefix, ...i.path].filter((x) => x !== '').join('.'), message: i.message }));

/** QGC ignores a geoFence/rallyPoints block of version 1 or without version (GeoFenceController::load). */
function oldVersion(block: unknown): boolean {
  if (typeof block !== 'object' || block === null) return false;
  const v = (block as { version?: unknown }).version;
  return v === undefined || v === 1;
}

/**
 * QGC's `.mission` files before `.plan` (QGC 3.1): the mission object at the top, without fileType
 * and with `version` 2. QGC loads them (it sets the missing fileType); wrapped as a plan here.
 */
function oldMissionFile(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  if ('fileType' in o || 'mission' in o || o.version !== 2 || !Array.isArray(o.items)) return undefined;
  const { groundStation, version, ...mission } = o;
  return { fileType: 'Plan', version: 1, groundStation, mission: { ...mission, version } };
}

/** Strings or comments; a comment is dropped, a string kept (so `"http://x"` survives). */
const STRING_OR_COMMENT = /("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

/** JSON with comments, as PX4's test plans have them (MAVSDK reads them); else PLAN_INVALID with the strict parser's message. */
function parseWithComments(text: string, strictError: string): unknown {
  const stripped = text.replace(STRING_OR_COMMENT, (m, str: string | undefined) => str ?? '');
  if (stripped !== text) {
    try {
      return JSON.parse(stripped);
    } catch {
      // fall through: report the strict parser's message, which points into the file as written
    }
  }
  throw new MissionFileError('PLAN_INVALID', `not a .plan file: the JSON does not parse (${strictError})`);
}

function fail(problems: readonly Problem[]): never {
  const code = (['PLAN_INVALID', 'PLAN_JUMP_TARGET_MISSING', 'PLAN_UNSUPPORTED_ITEM'] as const).find((c) => problems.some((p) => p.code === c)) ?? 'PLAN_INVALID';
  const shown = problems.slice(0, MAX_LISTED).map((p) => `${p.path || '(top)'}: ${p.message}`).join('; ');
  const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
  throw new MissionFileError(code, `invalid .plan file: ${shown}${more}`, problems.map((p) => ({ path: p.path, message: p.message })));
}

/**
 * Parse a QGC `.plan` document (text or already-parsed JSON).
 * @example const plan = parseQgcPlan(readFileSync('delivery.plan', 'utf8')); plan.mission.length; plan.warnings
 * @throws MissionFileError PLAN_INVALID (every problem with its JSON path and item),
 *   PLAN_UNSUPPORTED_ITEM (a ComplexItem without stored items) or PLAN_JUMP_TARGET_MISSING
 */
export function parseQgcPlan(input: string | unknown): ParsedPlan {
  let json: unknown = input;
  const early: FileWarning[] = [];
  if (typeof input === 'string') {
    // a UTF-8 byte order mark (Windows editors add one) is not JSON: skip it, as the WPL reader does
    const text = input.replace(/^\uFEFF/, '');
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = parseWithComments(text, (e as Error).message);
      early.push({ path: '(file)', message: 'the file has // or /* */ comments, which JSON does not allow: read without them as MAVSDK does (jsoncpp allows comments); QGroundControl refuses such a file' });
    }
  }
  const legacy = oldMissionFile(json);
  if (legacy) {
    json = legacy;
    early.push({ path: '(file)', message: 'an old QGroundControl .mission file (no fileType, top-level items, version 2): read as QGC still reads it (MissionController::_loadJsonMissionFileV2); such a file has no fence and no rally points' });
  }
  const r = PlanSchema.safeParse(json);
  if (!r.success) fail(zodProblems(r.error, ''));
  const plan = r.data;
  const parsed = parseQgcItems(plan.mission.items);
  const problems = [...parsed.problems];
  const warnings = [...early, ...parsed.warnings];
  const int = parsed.mission.filter((m, k) => (m.frame === 6 || m.frame === 11) && parsed.altitudes[k] === undefined);
  if (int.length) {
    warnings.push({ path: 'mission.items', message: `${int.length} item(s) in frame 6/11 (GLOBAL_RELATIVE_ALT_INT / GLOBAL_TERRAIN_ALT_INT) without AltitudeMode: elbflug and PX4 read their heights as MAVLink defines (above home / above terrain), QGroundControl opens them as Absolute (AMSL) and only for raw editing; re-export from elbflug to get frames QGC reads the same way` });
  }
  const fence: MissionItem[] = [];
  let breachReturn: readonly [number, number, number] | undefined;
  if (plan.geoFence !== undefined && oldVersion(plan.geoFence)) {
    warnings.push({ path: 'geoFence.version', message: 'geoFence has version 1 (or none): ignored, as QGroundControl does (MAVSDK refuses such a file); the plan has no fence' });
  } else if (plan.geoFence !== undefined) {
    const g = GeoFenceV2.safeParse(plan.geoFence);
    if (!g.success) problems.push(...zodProblems(g.error, 'geoFence'));
    else {
      for (const poly of g.data.polygons) {
        const command = poly.inclusion ? NAV_FENCE.polygonInclusion : NAV_FENCE.polygonExclusion;
        for (const [la, lo] of poly.polygon) fence.push(item('fence', fence.length, { command, frame: FRAME_GLOBAL, param1: poly.polygon.length, x: e7(la), y: e7(lo) }));
      }
      for (const c of g.data.circles) {
        const command = c.inclusion ? NAV_FENCE.circleInclusion : NAV_FENCE.circleExclusion;
        fence.push(item('fence', fence.length, { command, frame: FRAME_GLOBAL, param1: c.circle.radius, x: e7(c.circle.center[0]), y: e7(c.circle.center[1]) }));
      }
      breachReturn = g.data.breachReturn;
    }
  }
  let rally: MissionItem[] = [];
  if (plan.rallyPoints !== undefined && oldVersion(plan.rallyPoints)) {
    warnings.push({ path: 'rallyPoints.version', message: 'rallyPoints has version 1 (or none): ignored, as QGroundControl does (MAVSDK refuses such a file); the plan has no rally points' });
  } else if (plan.rallyPoints !== undefined) {
    const rp = RallyV2.safeParse(plan.rallyPoints);
    if (!rp.success) problems.push(...zodProblems(rp.error, 'rallyPoints'));
    else rally = rp.data.points.map(([la, lo, alt], seq) => item('rally', seq, { command: MAV_CMD.NAV_RALLY_POINT, frame: FRAME_GLOBAL_RELATIVE_ALT, x: e7(la), y: e7(lo), z: alt }));
  }
  if (problems.length) fail(problems);
  const [hLat, hLon, hAlt] = plan.mission.plannedHomePosition;
  if (hAlt === null) warnings.push({ path: 'mission.plannedHomePosition.2', message: 'plannedHomePosition has no altitude (null, QGroundControl\'s NaN): read as unknown; elbflug judges heights from the configured ground elevation, not from it' });
  return {
    plannedHome: { lat: hLat, lon: hLon, altAmslM: hAlt ?? Number.NaN },
    groundStation: plan.groundStation,
    firmwareType: plan.mission.firmwareType,
    vehicleType: plan.mission.vehicleType,
    globalPlanAltitudeMode: plan.mission.globalPlanAltitudeMode,
    breachReturn,
    cruiseSpeedMps: plan.mission.cruiseSpeed,
    hoverSpeedMps: plan.mission.hoverSpeed,
    mission: parsed.mission,
    altitudes: parsed.altitudes,
    fence,
    rally,
    warnings,
  };
}
