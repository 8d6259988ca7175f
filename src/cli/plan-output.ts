/**
 * The CLI's outputs for a planned delivery, one per `--format`. Pure: data in, text out.
 */
import type { DeliveryPlan } from '../mission/build-plan.js';
import { planGeoJson } from '../mission/geojson.js';
import { writeQgcPlan } from '../mission/qgc-plan-export.js';
import type { MissionValidation } from '../mission/validate-mission.js';
import { writeWpl } from '../mission/wpl.js';
import type { PlanRefusal, Route } from '../planner/types.js';
import type { OutputFormat } from './plan-args.js';

const r1 = (x: number): number => Math.round(x * 10) / 10;
/** JSON with 1-space indent, arrays of numbers/strings kept on one line. */
export const prettyJson = (v: unknown): string => `${JSON.stringify(v, null, 1).replace(/\[\s+([^[\]{}]*?)\s+\]/g, (_, inner: string) => `[${inner.replace(/\s*\n\s*/g, ' ')}]`)}\n`;
const r7 = (x: number): number => Math.round(x * 1e7) / 1e7;

/** The `json` summary: route, mission items, fence, rally points, PX4 parameters, validation. */
export function planSummary(route: Route, plan: DeliveryPlan, validation: MissionValidation): Record<string, unknown> {
  return {
    route: {
      mode: route.request.mode, vehicle: route.request.vehicle.id, departAt: route.request.departAt ?? route.request.profile.departureTime,
      distanceM: r1(route.distanceM), durationS: r1(route.durationS), energyWh: r1(route.energyWh), reservePct: r1(route.reservePct),
      ...(route.pointOfNoReturnM !== undefined ? { pointOfNoReturnM: r1(route.pointOfNoReturnM) } : {}),
      legs: route.legs.map((l) => ({ kind: l.kind, from: [r7(l.from.lat), r7(l.from.lon), r1(l.from.altAglM)], to: [r7(l.to.lat), r7(l.to.lon), r1(l.to.altAglM)], horizontalM: r1(l.horizontalM), durationS: r1(l.durationS), energyWh: r1(l.energyWh) })),
      zones: route.zones.map((z) => ({ zoneId: z.zoneId, name: z.zoneName, legIndex: z.legIndex, verdict: z.verdict.kind, rules: z.verdict.decisions.map((d) => d.ruleId) })),
      warnings: route.warnings,
      ...(route.obstacles ? { obstacles: route.obstacles } : {}),
    },
    home: plan.home,
    mission: plan.mission.map((i) => ({ seq: i.seq, command: i.command, frame: i.frame, params: [i.param1, i.param2, i.param3, i.param4], x: i.x, y: i.y, z: i.z, autocontinue: i.autocontinue })),
    fence: { items: plan.fence.items.length, corridorHalfWidthM: r1(plan.fence.corridor.halfWidthM), shapes: plan.fence.shapes },
    rally: plan.rally.points.map((p) => ({ lat: r7(p.lat), lon: r7(p.lon), relAltM: p.relAltM, alongM: Math.round(p.alongM) })),
    px4Params: plan.params,
    validation: { ok: validation.ok, kind: validation.kind, violations: validation.violations.map((v) => ({ seq: v.seq, kind: v.kind, ruleId: v.ruleId, zoneId: v.zoneId, sentence: v.sentence })) },
    warnings: [...plan.warnings, ...validation.warnings],
  };
}

/**
 * Text for stdout in the chosen format (json: NaN params become null, as in QGC files).
 * @example formatPlan('wpl', route, plan, validation).startsWith('QGC WPL 110') // → true
 */
export function formatPlan(format: OutputFormat, route: Route, plan: DeliveryPlan, validation: MissionValidation): string {
  switch (format) {
    case 'plan':
      return writeQgcPlan({
        plannedHome: plan.home, mission: plan.mission, fence: plan.fence.items, rally: plan.rally.items,
        cruiseSpeedMps: route.request.vehicle.cruiseSpeedMps, hoverSpeedMps: route.request.vehicle.cruiseSpeedMps, groundStation: 'elbflug',
      });
    case 'wpl':
      return writeWpl(plan.mission, { home: plan.home });
    case 'geojson':
      return prettyJson(planGeoJson(route, plan));
    case 'json':
      return prettyJson(planSummary(route, plan, validation));
  }
}

/** The stderr text for a refusal: code, rule and zone, and the planner's sentence. */
export function formatRefusal(r: PlanRefusal): string {
  const where = [r.ruleId && `rule ${r.ruleId}`, r.zoneId && `zone ${r.zoneId}`].filter(Boolean).join(', ');
  return `refused (${r.code}${where ? `; ${where}` : ''}): ${r.message}\n`;
}
