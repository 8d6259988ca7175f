/**
 * The launch sequence of one delivery on one vehicle, as a plain async procedure with each step
 * named (the protocol state machines live in firmware-bridge; this only orders them):
 *
 *   health check → GCS heartbeat to the vehicle → airspace check of the exact items → verified upload
 *   of mission, fence, rally → recommended failsafe parameters set and read back → approval by
 *   opaque_id → (PX4 has counted us as its GCS for GCS_LINK_SETTLE_MS) → arm → mission start
 *
 * Why the heartbeat: PX4's commander starts with `gcs_connection_lost = true` and clears it only on a
 * GCS HEARTBEAT. Our link's 1 Hz heartbeat cannot reach a vehicle on `udpin` before its first packet,
 * so a launch within a second of discovery armed a PX4 that had never heard us; with NAV_DLL_ACT = 2
 * it entered the data-link-loss failsafe on take-off (EVENT commander_failsafe_enter_hold, cause
 * gcs_connection_loss) and disarmed on the ground. See docs/mission.md "Geofence and failsafes".
 *
 * Any failure stops the sequence with a typed error; nothing after it runs.
 */
import type { Clock } from '../../firmware-bridge/clock.js';
import { isBridgeError } from '../../firmware-bridge/errors.js';
import { gcsHeartbeat } from '../../firmware-bridge/link/link.js';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import type { AirspaceIndex } from '../airspace/query/create-index.js';
import type { OperationProfile } from '../airspace/profile.js';
import type { DeliveryPlan } from '../mission/build-plan.js';
import type { MissionObstacles } from '../mission/obstacle-check.js';
import { validateMission } from '../mission/validate-mission.js';
import { OBSTACLE_RULE_ID } from '../obstacles/types.js';
import type { LatLon, Route } from '../planner/types.js';
import type { MissionApprovals } from './approvals.js';
import { FleetError } from './errors.js';
import type { FleetVehicle } from './fleet.js';
import { checkLaunchHealth } from './health.js';

export type LaunchStep = 'health' | 'airspace' | 'upload-mission' | 'upload-fence' | 'upload-rally' | 'parameters' | 'arm' | 'start';

export interface LaunchProgress {
  step: LaunchStep;
  /** Items or parameters done so far in this step, when it has them. */
  done?: number;
  total?: number;
  /** Transfers: 'upload' while items are acknowledged, 'verify' while the vehicle's copy is read back and compared. */
  phase?: 'upload' | 'verify';
}

export interface LaunchInput {
  deliveryId: string;
  vehicle: FleetVehicle;
  route: Route;
  plan: DeliveryPlan;
  index: AirspaceIndex;
  profile: OperationProfile;
  approvals: MissionApprovals;
  approvedBy: string;
  nowMs: () => number;
  /**
   * Wall-clock time (ms) the mission flies from: the airspace check before upload judges zones
   * active then — the launch, not the planned departure (a zone that became active since the plan
   * was made would otherwise be flown through). The vehicle's clock may be a simulator's.
   */
  airspaceAtMs: () => number;
  onProgress?: (p: LaunchProgress) => void;
  /** Structures checked against the exact items (OBSTACLE-CLEARANCE). */
  obstacles?: MissionObstacles;
  /** Called before any upload with the structures' clearances entered under a consent; logs them (a failure stops the launch). */
  onObstaclesAuthorised?: (list: readonly AuthorisedObstacle[]) => Promise<void>;
  /** Called once the plan is on the vehicle and verified (the delivery becomes ready). */
  onUploaded?: () => Promise<void>;
  /** Aborting the delivery aborts the launch: a transfer is cancelled, nothing further is sent, an armed vehicle on the ground is disarmed. */
  signal?: AbortSignal;
}

/** How long to keep asking PX4 to arm while its preflight checks settle after an upload. */
export const ARM_RETRY_WINDOW_MS = 10_000;
const ARM_RETRY_MS = 1_000;
/**
 * Time between our first heartbeat to the vehicle and arming: PX4's commander notices a GCS within a
 * few of its (sim-time) cycles; our own 1 Hz heartbeat has also gone once more by then.
 */
export const GCS_LINK_SETTLE_MS = 1_200;
/** MISSION_CURRENT comes at ~1 Hz; three periods and a margin. */
export const MISSION_ID_WAIT_MS = 4_000;

/** A structure's clearance the mission enters under a consent the delivery carries (logged before upload). */
export interface AuthorisedObstacle {
  readonly obstacleId: string;
  readonly seq: number;
  readonly sentence: string;
}

/**
 * Check the exact items against the airspace and the structures: the mission must never enter an
 * obstacle zone, nor a structure's keep-out volume (OBSTACLE-CLEARANCE) unless the delivery's
 * consents name that structure (like a zone's consent: attached by the operator, stored and
 * audited with the delivery). Returns the structures entered under such a consent.
 * `standing` is where the vehicle stands: PX4 climbs there and then flies to the take-off item's
 * position (the planned start), so that short move is checked too; the planned start keeps the
 * relaxed clearance of a pad, as the planner and conformance give it.
 */
export function assertMissionSafe(items: readonly MissionItem[], index: AirspaceIndex, profile: OperationProfile, route: Route, o: { homeAmslM: number; obstacles?: MissionObstacles | undefined; standing?: LatLon | undefined; departAt?: string | undefined }): AuthorisedObstacle[] {
  const { homeAmslM, obstacles, standing } = o;
  // `o.departAt`: when it flies (a launch: now); else the planned departure
  const departAt = o.departAt ?? route.request.departAt;
  const v = validateMission(items, index, profile, {
    homeAmslM, groundSpeedMps: route.request.vehicle.cruiseSpeedMps,
    ...(departAt ? { departAt } : {}), ...(obstacles ? { obstacles } : {}),
    ...(standing ? { home: { lat: standing.lat, lon: standing.lon }, pads: [route.request.from] } : {}),
  });
  const consented = new Set(profile.consents.map((c) => c.zoneId));
  const isAuthorised = (x: (typeof v.violations)[number]): boolean => x.ruleId === OBSTACLE_RULE_ID && x.zoneId !== undefined && consented.has(x.zoneId);
  const unsafe = v.violations.filter((x) => x.kind === 'obstacle' && !isAuthorised(x));
  if (!v.ok && unsafe.length > 0) {
    const first = unsafe[0]!;
    const how = first.ruleId === OBSTACLE_RULE_ID ? '; add the structure\'s id to the delivery\'s consents only with its owner\'s agreement' : '';
    throw new FleetError('MISSION_UNSAFE', `refused: item ${first.seq} enters ${first.zoneId ?? 'a zone'} (${first.ruleId}): ${first.sentence}${how}`, { violations: v.violations });
  }
  return v.violations.filter(isAuthorised).map((x) => ({ obstacleId: x.zoneId!, seq: x.seq, sentence: x.sentence }));
}

export async function launchDelivery(i: LaunchInput): Promise<{ missionId: number }> {
  const progress = (p: LaunchProgress): void => i.onProgress?.(p);
  const v = i.vehicle;
  const signal = i.signal;
  let armed = false;
  const stopIfAborted = async (): Promise<void> => {
    if (!signal?.aborted) return;
    // Armed but not started: still on the ground, so disarming is the safe way back.
    if (armed) await v.session.commands.disarm().catch(() => undefined);
    throw new FleetError('LAUNCH_ABORTED', `the delivery was aborted during its launch on ${v.id}; ${armed ? 'the vehicle was disarmed and ' : ''}nothing more was sent`);
  };
  try {
    return await launchSteps(i, progress, stopIfAborted, () => (armed = true));
  } catch (e) {
    // A cancelled transfer or a refused command after the abort: report the abort, not its echo.
    if (signal?.aborted && !(e instanceof FleetError && e.code === 'LAUNCH_ABORTED')) await stopIfAborted();
    throw e;
  }
}

async function launchSteps(i: LaunchInput, progress: (p: LaunchProgress) => void, stopIfAborted: () => Promise<void>, markArmed: () => void): Promise<{ missionId: number }> {
  const v = i.vehicle;
  const signal = i.signal;
  progress({ step: 'health' });
  const health = checkLaunchHealth(v.session.state, i.route, i.nowMs());
  if (!health.ok) throw new FleetError('VEHICLE_NOT_HEALTHY', `${v.id} cannot fly this delivery: ${health.problems.map((p) => p.message).join('; ')}`, { problems: health.problems });

  // PX4 must count us as its GCS before it is armed with NAV_DLL_ACT set (see the header).
  await v.session.link.send(gcsHeartbeat(), v.sysid);
  const clock = v.clock;
  const gcsSinceMs = clock.now();

  progress({ step: 'airspace' });
  const at = v.session.state.position; // fresh: the health check requires it
  const authorised = assertMissionSafe(i.plan.mission, i.index, i.profile, i.route, { homeAmslM: i.plan.home.altAmslM, obstacles: i.obstacles, standing: at ? { lat: at.lat, lon: at.lon } : undefined, departAt: new Date(i.airspaceAtMs()).toISOString() });
  if (authorised.length > 0) {
    if (!i.onObstaclesAuthorised) throw new FleetError('MISSION_UNSAFE', `refused: the mission enters the clearance of ${authorised.map((a) => a.obstacleId).join(', ')} and this launch cannot log the authorisation`, { authorised });
    await i.onObstaclesAuthorised(authorised);
  }

  const m = v.session.missions;
  const transfer = signal ? { signal } : {};
  await stopIfAborted();
  progress({ step: 'upload-mission', done: 0, total: i.plan.mission.length });
  const up = await m.uploadVerified('mission', i.plan.mission, { ...transfer, onProgress: (p) => progress({ step: 'upload-mission', done: p.done, total: p.total, phase: p.phase === 'download' ? 'verify' : 'upload' }) });
  progress({ step: 'upload-fence', done: 0, total: i.plan.fence.items.length });
  await m.uploadVerified('fence', i.plan.fence.items, { ...transfer, onProgress: (p) => progress({ step: 'upload-fence', done: p.done, total: p.total, phase: p.phase === 'download' ? 'verify' : 'upload' }) });
  progress({ step: 'upload-rally', done: 0, total: i.plan.rally.items.length });
  await m.uploadVerified('rally', i.plan.rally.items, { ...transfer, onProgress: (p) => progress({ step: 'upload-rally', done: p.done, total: p.total, phase: p.phase === 'download' ? 'verify' : 'upload' }) });

  await stopIfAborted();
  progress({ step: 'parameters', done: 0, total: i.plan.params.length });
  let n = 0;
  for (const p of i.plan.params) {
    await stopIfAborted();
    await v.params.setVerified(p.name, p.value);
    progress({ step: 'parameters', done: ++n, total: i.plan.params.length });
  }
  await i.approvals.approve(up.opaqueId, { deliveryId: i.deliveryId, approvedBy: i.approvedBy, atMs: i.nowMs() });
  await i.onUploaded?.();

  await stopIfAborted();
  progress({ step: 'arm' });
  const settle = GCS_LINK_SETTLE_MS - (clock.now() - gcsSinceMs);
  if (settle > 0) await sleep(clock, settle);
  const end = clock.now() + ARM_RETRY_WINDOW_MS;
  for (;;) {
    await stopIfAborted();
    try {
      await v.session.commands.arm();
      markArmed();
      break;
    } catch (e) {
      if (!isBridgeError(e, 'COMMAND_TEMPORARILY_REJECTED') || clock.now() > end) throw e;
      await sleep(clock, ARM_RETRY_MS);
    }
  }
  progress({ step: 'start' });
  // PX4 announces the stored plan's id in MISSION_CURRENT about once a second; start only once the
  // vehicle itself says it holds the plan we approved (a GCS elsewhere could have replaced it).
  await untilVehicleSays(v, () => v.session.state.mission?.missionId === up.opaqueId, MISSION_ID_WAIT_MS, signal);
  await stopIfAborted();
  i.approvals.assertMissionStartAllowed(v);
  await v.session.commands.missionStart();
  return { missionId: up.opaqueId };
}

/** Wait `ms` on the vehicle's clock (the fleet's: wall time in the service, a FakeClock in tests). */
function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}

/**
 * Resolve once `holds()` is true, checked on every message from the vehicle (its state is updated
 * by then), or after `ms` on the vehicle's clock, or when `signal` aborts; the caller checks which.
 */
function untilVehicleSays(v: FleetVehicle, holds: () => boolean, ms: number, signal?: AbortSignal): Promise<void> {
  if (holds() || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      timer.cancel();
      unsubscribe();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = v.clock.setTimer(ms, done);
    const unsubscribe = v.session.channel.subscribe(() => {
      if (holds()) done();
    });
    signal?.addEventListener('abort', done, { once: true });
  });
}
