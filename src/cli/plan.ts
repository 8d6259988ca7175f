/**
 * `npm run plan -- --from LAT,LON --to LAT,LON [options]`: plan a delivery and print the route,
 * PX4 mission, corridor fence, rally points and failsafe parameters (json | plan | wpl | geojson);
 * or `--check FILE` to validate a `.plan`/WPL mission against the airspace.
 * The only I/O is here: files in, stdout/stderr out. Exit codes: 0 planned / legal, 1 usage or
 * input error, 2 refused by the planner or an obstacle in the checked mission (reasons on stderr).
 * See docs/mission.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAirspaceIndex, parseOperationProfile } from '../airspace/index.js';
import { loadAirspaceFile } from '../io/airspace-file.js';
import { DEFAULT_OBSTACLES_FILE, loadObstaclesFile } from '../io/obstacles-file.js';
import { buildDeliveryPlan } from '../mission/build-plan.js';
import { validateMission } from '../mission/validate-mission.js';
import { flatTerrain, parseVehicleProfile, planRoute } from '../planner/index.js';
import { checkMissionText } from './check-mission.js';
import { CliUsageError, parsePlanArgs, planProgram } from './plan-args.js';
import { formatPlan, formatRefusal } from './plan-output.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_AIRSPACE = `${REPO}missions/airspace/hamburg.ed269.json`;
const PROFILES = `${REPO}missions/airspace/profiles.json`;
const VEHICLES = `${REPO}missions/vehicles/`;

const readJson = (path: string, what: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliUsageError(`${what} ${path}: ${(e as Error).message}`);
  }
};

function profileInput(ref: string): Record<string, unknown> {
  if (ref.endsWith('.json') || existsSync(ref)) return readJson(ref, '--profile') as Record<string, unknown>;
  const all = (readJson(PROFILES, 'profiles') as { profiles: Record<string, Record<string, unknown>> }).profiles;
  const p = all[ref];
  if (!p) throw new CliUsageError(`--profile "${ref}": no such file and no such name; names: ${Object.keys(all).join(', ')}`);
  return p;
}

function vehiclePath(ref: string): string {
  if (ref.endsWith('.json') || existsSync(ref)) return ref;
  return `${VEHICLES}${ref}.json`;
}

/** Run the CLI; returns the exit code. */
export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(planProgram().helpInformation());
    return 0;
  }
  try {
    const args = parsePlanArgs(argv);
    if (args.at !== undefined && !Number.isFinite(Date.parse(args.at))) throw new CliUsageError(`--at "${args.at}": expected an ISO 8601 instant, e.g. 2026-05-04T08:00:00Z`);
    const input = profileInput(args.profile);
    const consents = [...((input.consents as unknown[] | undefined) ?? []), ...args.consents];
    let profile;
    try {
      profile = parseOperationProfile({ ...input, consents, ...(args.at ? { departureTime: args.at } : {}) });
    } catch (e) {
      throw new CliUsageError(`--profile ${args.profile}: ${(e as Error).message}`);
    }
    let vehicle;
    try {
      vehicle = parseVehicleProfile(readJson(vehiclePath(args.vehicle), '--vehicle'));
    } catch (e) {
      throw new CliUsageError(`--vehicle ${args.vehicle}: ${(e as Error).message}`);
    }
    const airspacePath = args.airspace ?? DEFAULT_AIRSPACE;
    const { zones, issues } = await loadAirspaceFile(airspacePath);
    const errors = issues.filter((i) => i.severity === 'error');
    // as the service: a zone that could not be read is not planned around, so refuse unless told
    if (errors.length && !args.allowSkipped) throw new CliUsageError(`--airspace ${airspacePath}: ${errors.length} problem(s) made features unreadable, so no route would avoid them (first: ${errors[0]!.code} ${errors[0]!.message}); fix the file, or pass --allow-skipped to plan without them`);
    if (errors.length) err(`airspace ${airspacePath}: ${errors.length} feature(s) skipped (first: ${errors[0]!.code} ${errors[0]!.message})\n`);
    if (!zones.length) throw new CliUsageError(`--airspace ${airspacePath}: no usable zones; give an ED-269 or ED-318 file`);
    const index = createAirspaceIndex(zones);
    const terrain = flatTerrain(args.groundAmslM);
    const obstaclesPath = args.obstacles ?? DEFAULT_OBSTACLES_FILE;
    const obstacles = obstaclesPath === 'none' ? undefined : await loadObstaclesFile(obstaclesPath);
    const obstacleIssues = obstacles?.issues.filter((i) => i.severity === 'error') ?? [];
    if (obstacleIssues.length && !args.allowSkipped) throw new CliUsageError(`--obstacles ${obstaclesPath}: ${obstacleIssues.length} problem(s) made records unreadable, so no route would keep clear of them (first: ${obstacleIssues[0]!.code} ${obstacleIssues[0]!.message}); fix the file, or pass --allow-skipped`);
    if (obstacleIssues.length) err(`obstacles ${obstaclesPath}: ${obstacleIssues.length} record(s) skipped (first: ${obstacleIssues[0]!.code} ${obstacleIssues[0]!.message})\n`);
    const structures = obstacles ? { list: obstacles.obstacles } : undefined;
    if (args.check) {
      const r = checkMissionText(readFileSync(args.check, 'utf8'), args.check, {
        index, profile, groundSpeedMps: vehicle.cruiseSpeedMps, groundAmslM: args.groundAmslM, terrain, departAt: args.at ?? profile.departureTime,
        ...(structures ? { obstacles: structures } : {}),
      });
      out(r.stdout);
      err(r.stderr);
      return r.code;
    }
    const result = planRoute({
      from: args.from!, to: args.to!, vehicle, profile, mode: args.mode,
      ...(args.at ? { departAt: args.at } : {}), ...(args.wind ? { wind: args.wind } : {}),
    }, { index, ...(structures ? { obstacles: structures } : {}) }, terrain);
    if (!result.ok) {
      err(formatRefusal(result.refusal));
      return 2;
    }
    const plan = buildDeliveryPlan(result.route, {
      index, profile, homeAmslM: args.groundAmslM, terrain, ...(structures ? { obstacles: structures } : {}),
      ...(args.corridorHalfWidthM ? { fence: { halfWidthM: args.corridorHalfWidthM } } : {}),
    });
    const validation = validateMission(plan.mission, index, profile, {
      homeAmslM: args.groundAmslM, groundSpeedMps: vehicle.cruiseSpeedMps, departAt: args.at ?? profile.departureTime, terrain,
      ...(structures ? { obstacles: structures } : {}),
    });
    for (const w of plan.warnings) err(`warning: ${w}\n`);
    out(formatPlan(args.format, result.route, plan, validation));
    return 0;
  } catch (e) {
    const usage = e instanceof CliUsageError;
    const code = (e as { code?: unknown }).code;
    err(`${usage ? 'usage' : typeof code === 'string' ? code : 'error'}: ${(e as Error).message}${usage ? '\n(see npm run plan -- --help)' : ''}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const code = await main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  process.exitCode = code;
}
