/**
 * `npm run plan -- --check FILE`: validate a QGC `.plan` or WPL file against the airspace.
 * Pure: file text in, output text and exit code out.
 */
import type { MissionObstacles } from '../mission/obstacle-check.js';
import type { AirspaceIndex, OperationProfile } from '../airspace/index.js';
import { parseQgcPlan } from '../mission/qgc-plan.js';
import { validateMission } from '../mission/validate-mission.js';
import { parseWpl } from '../mission/wpl.js';
import type { Terrain } from '../planner/types.js';
import { CliUsageError } from './plan-args.js';
import { prettyJson } from './plan-output.js';

export interface CheckContext {
  readonly index: AirspaceIndex;
  readonly profile: OperationProfile;
  readonly groundSpeedMps: number;
  readonly groundAmslM: number;
  readonly terrain: Terrain;
  readonly departAt: string;
  readonly obstacles?: MissionObstacles;
}

/**
 * Validate the mission in a file's text (format by content: JSON → `.plan`, `QGC WPL` → WPL).
 * Home is on the ground at `groundAmslM` (flat terrain): the file's home altitude is not used.
 * The file's import warnings (item and field named) go to stdout (`fileWarnings`) and stderr.
 * @example checkMissionText(readFileSync(path, 'utf8'), path, ctx).code // 0 legal, 2 obstacle
 * @throws CliUsageError when the text is neither; MissionFileError for a malformed file
 */
export function checkMissionText(text: string, path: string, ctx: CheckContext): { code: number; stdout: string; stderr: string } {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  let format: 'plan' | 'wpl';
  let items, home, fileWarnings;
  if (head.startsWith('{')) {
    const p = parseQgcPlan(text);
    [format, items, home, fileWarnings] = ['plan' as const, p.mission, p.plannedHome, p.warnings];
  } else if (head.startsWith('QGC WPL')) {
    const w = parseWpl(text);
    [format, items, home, fileWarnings] = ['wpl' as const, w.mission, w.home, w.warnings];
  } else {
    throw new CliUsageError(`--check ${path}: neither a QGC .plan (JSON) nor a QGC WPL file`);
  }
  const v = validateMission(items, ctx.index, ctx.profile, {
    homeAmslM: ctx.groundAmslM, groundSpeedMps: ctx.groundSpeedMps, departAt: ctx.departAt, terrain: ctx.terrain,
    ...(ctx.obstacles ? { obstacles: ctx.obstacles } : {}),
    ...(home ? { home: { lat: home.lat, lon: home.lon } } : {}),
  });
  const stdout = prettyJson({
    file: path, format, items: items.length, ok: v.ok, kind: v.kind,
    violations: v.violations.map((x) => ({ seq: x.seq, kind: x.kind, ruleId: x.ruleId, zoneId: x.zoneId, sentence: x.sentence })),
    legs: v.legs.map((l) => ({ seq: l.seq, command: l.command, from: [l.from.lat, l.from.lon, l.from.altAglM], to: [l.to.lat, l.to.lon, l.to.altAglM], violations: l.violations.length })),
    fileWarnings,
    warnings: v.warnings,
  });
  const warned = fileWarnings.map((w) => `warning: ${w.message}\n`).join('');
  const seen = new Set<string>();
  const lines = v.violations.filter((x) => x.kind === 'obstacle').flatMap((x) => {
    const key = `${x.seq} ${x.zoneId} ${x.ruleId}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [`item ${x.seq}: ${x.zoneId ?? ''} ${x.ruleId}: ${x.sentence}\n`];
  });
  return { code: v.ok ? 0 : 2, stdout, stderr: warned + (lines.length ? `not flyable: ${lines.length} obstacle violation(s)\n${lines.join('')}` : '') };
}
