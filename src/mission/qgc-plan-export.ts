/**
 * MAVLink plan items → QGroundControl `.plan` JSON, field names exactly as QGC writes them
 * (../shared/domain/gcs-interop.md §4.1). Pure. The inverse of `parseQgcPlan`:
 * `parseQgcPlan(writeQgcPlan(p))` gives back the same items.
 *
 * - Mission items → SimpleItems; params[4..6] = lat, lon (degrees) for global frames, the raw x/y
 *   otherwise; NaN → `null`. doJumpId = seq + 1; a DO_JUMP's params[0] = its target's doJumpId.
 * - Heights keep their meaning in QGroundControl (./altitude-mode.ts): positional items are written
 *   in the frame QGC reads (6 → 3 relative, 5 → 0 AMSL, 11 → 10 terrain; PX4 accepts these in
 *   MISSION_ITEM_INT) with `AltitudeMode` (1/2/4), `Altitude` = z and `AMSLAltAboveTerrain` null,
 *   so a 60 m-above-home waypoint opens as 60 m Relative and friendly-editable. An imported item's
 *   CalcAboveTerrain (3) fields are kept. globalPlanAltitudeMode: the items' common mode, else 0 Mixed.
 * - FENCE items: runs of 5001/5002 vertices (param1 = vertex count) → polygons; 5003/5004 →
 *   circles; 5000 (return point) → breachReturn.
 * - RALLY items → rallyPoints `[lat, lon, alt]`.
 */
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { MissionFileError } from './errors.js';
import { ALTITUDE_MODE, altitudeModeOfFrame, qgcFrame } from './altitude-mode.js';
import { fromE7, GLOBAL_FRAMES, MAV_CMD } from './mav.js';
import type { ItemAltitude, ParsedPlan } from './qgc-plan.js';

export interface QgcSimpleItem {
  type: 'SimpleItem';
  command: number;
  frame: number;
  params: (number | null)[];
  autoContinue: boolean;
  doJumpId: number;
  AltitudeMode?: number;
  Altitude?: number | null;
  AMSLAltAboveTerrain?: number | null;
}

export interface QgcPlanDocument {
  fileType: 'Plan';
  version: 1;
  groundStation: string;
  mission: {
    version: 2; firmwareType: number; vehicleType: number; cruiseSpeed: number; hoverSpeed: number;
    globalPlanAltitudeMode: number; plannedHomePosition: [number, number, number]; items: QgcSimpleItem[];
  };
  geoFence: {
    version: 2;
    polygons: { inclusion: boolean; polygon: [number, number][]; version: 1 }[];
    circles: { inclusion: boolean; circle: { center: [number, number]; radius: number }; version: 1 }[];
    breachReturn?: [number, number, number];
  };
  rallyPoints: { version: 2; points: [number, number, number][] };
}

/** What an export needs: a ParsedPlan, or anything shaped like it. */
export interface PlanExportInput {
  readonly plannedHome: ParsedPlan['plannedHome'];
  readonly mission: readonly MissionItem[];
  /** QGC altitude fields per mission item, as `parseQgcPlan` returns them (optional). */
  readonly altitudes?: readonly (ItemAltitude | undefined)[];
  readonly fence?: readonly MissionItem[];
  readonly rally?: readonly MissionItem[];
  readonly cruiseSpeedMps?: number | undefined;
  readonly hoverSpeedMps?: number | undefined;
  readonly groundStation?: string | undefined;
  readonly firmwareType?: number | undefined;
  readonly vehicleType?: number | undefined;
  readonly globalPlanAltitudeMode?: number | undefined;
  readonly breachReturn?: readonly [number, number, number] | undefined;
}

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);

function simpleItem(it: MissionItem, seq: number, count: number, kept: ItemAltitude | undefined): QgcSimpleItem {
  const pos = GLOBAL_FRAMES.has(it.frame);
  let p1 = num(it.param1);
  if (it.command === MAV_CMD.DO_JUMP) {
    if (!Number.isInteger(it.param1) || it.param1 < 0 || it.param1 >= count) {
      throw new MissionFileError('PLAN_JUMP_TARGET_MISSING', `mission[${seq}]: DO_JUMP to item ${it.param1}, but the mission has items 0..${count - 1}`, [{ path: `mission[${seq}].param1`, message: 'no such item' }]);
    }
    p1 = it.param1 + 1;
  }
  const out: QgcSimpleItem = {
    type: 'SimpleItem', command: it.command, frame: qgcFrame(it.frame),
    params: [p1, num(it.param2), num(it.param3), num(it.param4), pos ? fromE7(it.x) : it.x, pos ? fromE7(it.y) : it.y, num(it.z)],
    autoContinue: it.autocontinue !== 0, doJumpId: seq + 1,
  };
  const mode = altitudeModeOfFrame(it.frame);
  if (mode === undefined) return out;
  if (kept?.mode === ALTITUDE_MODE.CalcAboveTerrain && mode === ALTITUDE_MODE.Absolute) {
    return { ...out, AltitudeMode: kept.mode, Altitude: num(kept.altitudeM), AMSLAltAboveTerrain: num(kept.amslAltAboveTerrainM) };
  }
  return { ...out, AltitudeMode: mode, Altitude: num(it.z), AMSLAltAboveTerrain: null };
}

/** The items' common altitude mode, or 0 (Mixed) when they differ. */
function planAltitudeMode(items: readonly QgcSimpleItem[], fallback: number | undefined): number {
  const modes = new Set(items.flatMap((i) => (i.AltitudeMode === undefined ? [] : [i.AltitudeMode])));
  if (modes.size === 0) return fallback ?? ALTITUDE_MODE.Relative;
  return modes.size === 1 ? [...modes][0]! : ALTITUDE_MODE.Mixed;
}

function geoFence(fence: readonly MissionItem[], breach: readonly [number, number, number] | undefined): QgcPlanDocument['geoFence'] {
  const out: QgcPlanDocument['geoFence'] = { version: 2, polygons: [], circles: [] };
  for (let i = 0; i < fence.length; ) {
    const it = fence[i]!;
    if (it.command === MAV_CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION || it.command === MAV_CMD.NAV_FENCE_POLYGON_VERTEX_EXCLUSION) {
      const n = it.param1;
      const run = fence.slice(i, i + n);
      if (!Number.isInteger(n) || n < 3 || run.length < n || run.some((v) => v.command !== it.command || v.param1 !== n)) {
        throw new MissionFileError('PLAN_INVALID', `fence[${i}]: a polygon of ${n} vertices needs ${n} consecutive ${it.command} items with param1 ${n}`, [{ path: `fence[${i}].param1`, message: 'vertex count does not match the run' }]);
      }
      out.polygons.push({ inclusion: it.command === MAV_CMD.NAV_FENCE_POLYGON_VERTEX_INCLUSION, polygon: run.map((v) => [fromE7(v.x), fromE7(v.y)]), version: 1 });
      i += n;
    } else if (it.command === MAV_CMD.NAV_FENCE_CIRCLE_INCLUSION || it.command === MAV_CMD.NAV_FENCE_CIRCLE_EXCLUSION) {
      out.circles.push({ inclusion: it.command === MAV_CMD.NAV_FENCE_CIRCLE_INCLUSION, circle: { center: [fromE7(it.x), fromE7(it.y)], radius: it.param1 }, version: 1 });
      i += 1;
    } else if (it.command === MAV_CMD.NAV_FENCE_RETURN_POINT) {
      out.breachReturn = [fromE7(it.x), fromE7(it.y), it.z];
      i += 1;
    } else {
      throw new MissionFileError('PLAN_UNSUPPORTED_ITEM', `fence[${i}]: command ${it.command} is not a fence item (5000–5004)`, [{ path: `fence[${i}].command`, message: 'not a fence command' }]);
    }
  }
  if (breach && !out.breachReturn) out.breachReturn = [...breach];
  return out;
}

/**
 * The `.plan` document (an object; see `writeQgcPlan` for text).
 * @example toQgcPlan({ plannedHome: { lat: 53.5508, lon: 9.9925, altAmslM: 10 }, mission: items }).mission.items[0].doJumpId // → 1
 * @throws MissionFileError PLAN_JUMP_TARGET_MISSING for a DO_JUMP to a missing item, PLAN_INVALID /
 *   PLAN_UNSUPPORTED_ITEM for fence items that do not form polygons/circles
 */
export function toQgcPlan(plan: PlanExportInput): QgcPlanDocument {
  const h = plan.plannedHome;
  const items = plan.mission.map((it, seq) => simpleItem(it, seq, plan.mission.length, plan.altitudes?.[seq]));
  return {
    fileType: 'Plan', version: 1, groundStation: plan.groundStation ?? 'elbflug',
    mission: {
      version: 2, firmwareType: plan.firmwareType ?? 12, vehicleType: plan.vehicleType ?? 2,
      cruiseSpeed: plan.cruiseSpeedMps ?? 15, hoverSpeed: plan.hoverSpeedMps ?? 5, globalPlanAltitudeMode: planAltitudeMode(items, plan.globalPlanAltitudeMode),
      plannedHomePosition: [h.lat, h.lon, h.altAmslM],
      items,
    },
    geoFence: geoFence(plan.fence ?? [], plan.breachReturn),
    rallyPoints: { version: 2, points: (plan.rally ?? []).map((r) => [fromE7(r.x), fromE7(r.y), r.z]) },
  };
}

/**
 * The `.plan` file text (JSON, 4-space indent as QGC writes it, trailing newline).
 * @example writeFileSync('delivery.plan', writeQgcPlan(parseQgcPlan(text)))
 */
export function writeQgcPlan(plan: PlanExportInput): string {
  return `${JSON.stringify(toQgcPlan(plan), null, 4)}\n`;
}
