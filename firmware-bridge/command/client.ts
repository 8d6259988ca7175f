/**
 * CommandClient: queues commands with the same id (ACKs carry no sequence number, so two in-flight
 * commands with one id could not be told apart; QGC and MAVSDK queue too) and offers the PX4
 * helpers (arm, takeoff, setMode, reposition, …). Each command runs as a transaction of the pure
 * reducer (command-long.ts) on the one driver every protocol transaction uses (../transaction/driver.ts).
 */
import { systemClock, type Clock } from '../clock.js';
import { common } from '../codec/dialect.js';
import { BridgeError } from '../errors.js';
import type { MessageChannel } from '../link/channel.js';
import { parseModeName, setModeParams, type Px4ModeName } from '../px4/modes.js';
import { abortReason, runTransaction } from '../transaction/driver.js';
import {
  DEFAULT_COMMAND_TIMING,
  commandTransaction,
  type CommandAccepted,
  type CommandContext,
  type CommandLongParams,
  type CommandRequest,
  type CommandTiming,
} from './command-long.js';
import { validateCommandInt } from './command-int.js';

/** Queued commands per command id before COMMAND_BUSY: a UI hammering one button must not build an unbounded backlog. */
export const MAX_QUEUED_PER_COMMAND = 8;
/** PX4's magic param2 for COMPONENT_ARM_DISARM that forces the action (only matters for disarming in flight). */
export const FORCE_ARM_DISARM_MAGIC = 21196;

export interface CommandClientOptions {
  clock?: Clock;
  timing?: Partial<CommandTiming>;
}

export interface CommandCallOptions {
  signal?: AbortSignal;
  /** Called on each IN_PROGRESS: 0–100, or undefined when the vehicle does not know (255). */
  onProgress?: (percent: number | undefined) => void;
  timing?: Partial<CommandTiming>;
}

/** param1..param7 by name; anything left out is sent as NaN ("unused" for PX4). */
export type LongParams = Partial<Record<'p1' | 'p2' | 'p3' | 'p4' | 'p5' | 'p6' | 'p7', number>>;

export interface IntArgs {
  /** MAV_FRAME; 0 = GLOBAL (z AMSL). */
  frame: number;
  p1?: number;
  p2?: number;
  p3?: number;
  p4?: number;
  /** degE7 latitude (int32). */
  x: number;
  /** degE7 longitude (int32). */
  y: number;
  z: number;
}

export interface RepositionTarget {
  lat: number;
  lon: number;
  altAmslM: number;
  /** Ground speed for the move; default: the vehicle's cruise speed. */
  groundSpeedMps?: number;
  /** Heading to fly with, degrees; default: the vehicle's yaw mode. */
  yawDeg?: number;
}

interface Job {
  request: CommandRequest;
  options: CommandCallOptions;
  resolve: (r: CommandAccepted) => void;
  reject: (e: Error) => void;
  /** Set once the job is running; aborting a running job goes through the reducer. */
  abortRunning?: (reason: string) => void;
  onAbort?: () => void;
}

const nan = Number.NaN;

function longParams(p: LongParams): CommandLongParams {
  return [p.p1 ?? nan, p.p2 ?? nan, p.p3 ?? nan, p.p4 ?? nan, p.p5 ?? nan, p.p6 ?? nan, p.p7 ?? nan];
}

function requireFinite(what: string, v: number): void {
  if (!Number.isFinite(v)) throw new BridgeError('COMMAND_INVALID_PARAMS', `${what} must be a finite number, got ${v}`, { [what]: v });
}

export class CommandClient {
  private readonly clock: Clock;
  private readonly timing: CommandTiming;
  /** Per command id: the running job first, then the queued ones. */
  private readonly queues = new Map<number, Job[]>();
  private closed = false;

  constructor(
    readonly channel: MessageChannel,
    options: CommandClientOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.timing = { ...DEFAULT_COMMAND_TIMING, ...options.timing };
  }

  /**
   * Send any command and wait for its final ACK. Resolves on ACCEPTED; rejects with a BridgeError
   * (COMMAND_TIMEOUT, COMMAND_TEMPORARILY_REJECTED, …, COMMAND_ABORTED, COMMAND_BUSY).
   * @example await client.send({ kind: 'long', command: 400, params: [1, 0, NaN, NaN, NaN, NaN, NaN] })
   */
  send(request: CommandRequest, options: CommandCallOptions = {}): Promise<CommandAccepted> {
    return new Promise<CommandAccepted>((resolve, reject) => {
      if (this.closed) return reject(new BridgeError('COMMAND_ABORTED', 'the command client is closed (vehicle session ended)'));
      if (request.kind === 'int') validateCommandInt(request);
      if (options.signal?.aborted) return reject(new BridgeError('COMMAND_ABORTED', `command ${request.command} aborted before it was sent: ${abortReason(options.signal)}`));
      const queue = this.queues.get(request.command) ?? [];
      if (queue.length > MAX_QUEUED_PER_COMMAND) {
        return reject(
          new BridgeError('COMMAND_BUSY', `${queue.length} commands ${request.command} are already waiting; wait for them before sending more`, {
            command: request.command,
          }),
        );
      }
      const job: Job = { request, options, resolve, reject };
      queue.push(job);
      this.queues.set(request.command, queue);
      if (options.signal) {
        job.onAbort = () => this.abort(job, abortReason(options.signal!));
        options.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      if (queue.length === 1) this.run(job);
    });
  }

  /**
   * COMMAND_LONG with named params; unset params are NaN.
   * @example await client.long(common.MavCmd.DO_SET_MODE, { p1: 1, p2: 4, p3: 3 })
   */
  long(command: number, params: LongParams = {}, options?: CommandCallOptions): Promise<CommandAccepted> {
    return this.send({ kind: 'long', command, params: longParams(params) }, options);
  }

  /**
   * COMMAND_INT (positional commands: x/y in degE7, z per frame).
   * @example await client.int(192, { frame: 0, p1: -1, p2: 1, x: 535508000, y: 99925000, z: 40 })
   */
  int(command: number, args: IntArgs, options?: CommandCallOptions): Promise<CommandAccepted> {
    const params = [args.p1 ?? nan, args.p2 ?? nan, args.p3 ?? nan, args.p4 ?? nan] as const;
    return this.send({ kind: 'int', command, frame: args.frame, params, x: args.x, y: args.y, z: args.z }, options);
  }

  /**
   * Arm. PX4 runs its preflight checks even with `force` when the request comes over MAVLink, so a
   * refusal is COMMAND_TEMPORARILY_REJECTED with the reason in STATUSTEXT.
   * @example await vehicle.commands.arm()
   */
  arm(opts: { force?: boolean } & CommandCallOptions = {}): Promise<CommandAccepted> {
    return this.long(common.MavCmd.COMPONENT_ARM_DISARM, { p1: 1, p2: opts.force ? FORCE_ARM_DISARM_MAGIC : 0 }, opts);
  }

  /**
   * Disarm; `force` (21196) makes PX4 disarm even in flight, which drops the vehicle.
   * @example await vehicle.commands.disarm()
   */
  disarm(opts: { force?: boolean } & CommandCallOptions = {}): Promise<CommandAccepted> {
    return this.long(common.MavCmd.COMPONENT_ARM_DISARM, { p1: 0, p2: opts.force ? FORCE_ARM_DISARM_MAGIC : 0 }, opts);
  }

  /**
   * NAV_TAKEOFF to an altitude above MEAN SEA LEVEL: PX4 reads param7 as AMSL, not relative.
   * The vehicle must be armed to climb. See takeoffAboveHome for a relative height.
   * @example await client.takeoff(49.4) // home at 9.4 m AMSL + 40 m
   */
  takeoff(altAmslM: number, opts: { yawDeg?: number } & CommandCallOptions = {}): Promise<CommandAccepted> {
    requireFinite('altAmslM', altAmslM);
    return this.long(common.MavCmd.NAV_TAKEOFF, { p4: opts.yawDeg ?? nan, p7: altAmslM }, opts);
  }

  /**
   * Takeoff to `relAltM` above home, given home's altitude AMSL (HOME_POSITION / VehicleState.home).
   * @example await client.takeoffAboveHome(40, vehicle.state.home!.altAmslM)
   */
  takeoffAboveHome(relAltM: number, homeAltAmslM: number, opts: { yawDeg?: number } & CommandCallOptions = {}): Promise<CommandAccepted> {
    requireFinite('relAltM', relAltM);
    requireFinite('homeAltAmslM', homeAltAmslM);
    return this.takeoff(homeAltAmslM + relAltM, opts);
  }

  /**
   * MISSION_START from item `first`. PX4 also ARMS (running preflight checks) and switches to
   * Mission; DENIED means no valid mission. PX4 ignores `last`; 0 as in the recorded traces.
   * @example await client.missionStart()
   */
  missionStart(first = 0, last = 0, opts?: CommandCallOptions): Promise<CommandAccepted> {
    requireFinite('first', first);
    return this.long(common.MavCmd.MISSION_START, { p1: first, p2: last }, opts);
  }

  /**
   * DO_SET_MODE to a PX4 mode by name ("Hold", "Mission", "RTL", "AUTO.LOITER", "Return", …).
   * Confirm the switch through HEARTBEAT (VehicleState.flightMode); ACCEPTED only means "will do".
   * @example await client.setMode('Hold')
   */
  setMode(name: Px4ModeName | string, opts?: CommandCallOptions): Promise<CommandAccepted> {
    const { param1, param2, param3 } = setModeParams(parseModeName(name));
    return this.long(common.MavCmd.DO_SET_MODE, { p1: param1, p2: param2, p3: param3 }, opts);
  }

  /** NAV_RETURN_TO_LAUNCH. @example await client.returnToLaunch() */
  returnToLaunch(opts?: CommandCallOptions): Promise<CommandAccepted> {
    return this.long(common.MavCmd.NAV_RETURN_TO_LAUNCH, {}, opts);
  }

  /** NAV_LAND at the current position (PX4 switches to AUTO.LAND). @example await client.land() */
  land(opts?: CommandCallOptions): Promise<CommandAccepted> {
    return this.long(common.MavCmd.NAV_LAND, {}, opts);
  }

  /** Hold position (PX4 AUTO.LOITER) via DO_SET_MODE; PX4 has no dedicated hold command. @example await client.hold() */
  hold(opts?: CommandCallOptions): Promise<CommandAccepted> {
    return this.setMode('Hold', opts);
  }

  /**
   * DO_REPOSITION as COMMAND_INT in frame GLOBAL (altitude AMSL), with the CHANGE_MODE flag so PX4
   * flies there (it stays in Hold afterwards).
   * @example await client.reposition({ lat: 53.5513, lon: 9.9925, altAmslM: 29.6 })
   */
  reposition(target: RepositionTarget, opts?: CommandCallOptions): Promise<CommandAccepted> {
    requireFinite('lat', target.lat);
    requireFinite('lon', target.lon);
    requireFinite('altAmslM', target.altAmslM);
    return this.int(
      common.MavCmd.DO_REPOSITION,
      {
        frame: common.MavFrame.GLOBAL,
        p1: target.groundSpeedMps ?? -1, // -1: default speed
        p2: common.MavDoRepositionFlags.CHANGE_MODE,
        p3: 0,
        p4: target.yawDeg ?? nan,
        x: Math.round(target.lat * 1e7),
        y: Math.round(target.lon * 1e7),
        z: target.altAmslM,
      },
      opts,
    );
  }

  /**
   * DO_CHANGE_SPEED (ground speed by default); throttle unchanged (-1).
   * @example await client.changeSpeed(3)
   */
  changeSpeed(speedMps: number, opts: { kind?: 'ground' | 'air' } & CommandCallOptions = {}): Promise<CommandAccepted> {
    requireFinite('speedMps', speedMps);
    return this.long(common.MavCmd.DO_CHANGE_SPEED, { p1: opts.kind === 'air' ? 0 : 1, p2: speedMps, p3: -1, p4: 0 }, opts);
  }

  /**
   * DO_GRIPPER release/grab. PX4 answers IN_PROGRESS then ACCEPTED, but sends NO ACK AT ALL when
   * its payload_deliverer is not running: that ends in COMMAND_TIMEOUT whose message says so.
   * @example await client.gripper('release', { onProgress: (p) => log(p) })
   */
  gripper(action: 'release' | 'grab', opts: { instance?: number } & CommandCallOptions = {}): Promise<CommandAccepted> {
    const p2 = action === 'release' ? common.GripperActions.RELEASE : common.GripperActions.GRAB;
    return this.long(common.MavCmd.DO_GRIPPER, { p1: opts.instance ?? 1, p2 }, opts);
  }

  /**
   * SET_MESSAGE_INTERVAL: `intervalUs` µs between messages, -1 to stop, 0 for the link default.
   * PX4 applies it only to the link it arrived on. p3–p7 are 0 ("default" in the spec).
   * @example await client.setMessageInterval(33, 100_000) // GLOBAL_POSITION_INT at 10 Hz
   */
  setMessageInterval(msgid: number, intervalUs: number, opts?: CommandCallOptions): Promise<CommandAccepted> {
    if (!Number.isInteger(msgid) || msgid < 0) throw new BridgeError('COMMAND_INVALID_PARAMS', `msgid ${msgid} must be a message id`, { msgid });
    if (!Number.isInteger(intervalUs) || intervalUs < -1) {
      throw new BridgeError('COMMAND_INVALID_PARAMS', `intervalUs ${intervalUs} must be an integer ≥ -1 (-1 stop, 0 default)`, { intervalUs });
    }
    return this.long(common.MavCmd.SET_MESSAGE_INTERVAL, { p1: msgid, p2: intervalUs, p3: 0, p4: 0, p5: 0, p6: 0, p7: 0 }, opts);
  }

  /**
   * REQUEST_MESSAGE (one-shot), e.g. 148 AUTOPILOT_VERSION or 242 HOME_POSITION. PX4 sends the
   * message before the ACK, so subscribe first if you need it.
   * @example await client.requestMessage(242)
   */
  requestMessage(msgid: number, opts: { param2?: number } & CommandCallOptions = {}): Promise<CommandAccepted> {
    if (!Number.isInteger(msgid) || msgid < 0) throw new BridgeError('COMMAND_INVALID_PARAMS', `msgid ${msgid} must be a message id`, { msgid });
    return this.long(common.MavCmd.REQUEST_MESSAGE, { p1: msgid, p2: opts.param2 ?? 0, p3: 0, p4: 0, p5: 0, p6: 0, p7: 0 }, opts);
  }

  /** Commands running or queued. */
  get pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Abort everything (COMMAND_ABORTED) and refuse new commands. */
  close(reason = 'the command client was closed'): void {
    this.closed = true;
    for (const queue of [...this.queues.values()]) for (const job of [...queue]) this.abort(job, reason);
  }

  private abort(job: Job, reason: string): void {
    if (job.abortRunning) return job.abortRunning(reason);
    const queue = this.queues.get(job.request.command);
    const i = queue?.indexOf(job) ?? -1;
    if (i < 0) return;
    queue!.splice(i, 1);
    this.release(job);
    job.reject(new BridgeError('COMMAND_ABORTED', `command ${job.request.command} aborted while queued: ${reason}`, { command: job.request.command }));
  }

  /** Run the job's transaction on the shared driver; when it settles, start the next one with its command id. */
  private run(job: Job): void {
    const ctx: CommandContext = {
      request: job.request,
      target: this.channel.target,
      own: this.channel.own,
      timing: { ...this.timing, ...job.options.timing },
    };
    // Aborting a running job goes through the reducer (it sends COMMAND_CANCEL after IN_PROGRESS).
    const running = new AbortController();
    job.abortRunning = (reason) => running.abort(reason);
    const settled = (): void => {
      this.release(job);
      this.next(job);
    };
    runTransaction(this.channel, this.clock, commandTransaction(ctx), { signal: running.signal, onProgress: (p) => job.options.onProgress?.(p.percent) }).then(
      (accepted) => {
        settled();
        job.resolve(accepted);
      },
      (e: unknown) => {
        settled();
        job.reject(e as Error);
      },
    );
  }

  private release(job: Job): void {
    if (job.onAbort) job.options.signal?.removeEventListener('abort', job.onAbort);
  }

  /** Drop the finished job from its queue and start the next one with the same command id. */
  private next(job: Job): void {
    const queue = this.queues.get(job.request.command);
    if (!queue) return;
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
    if (queue.length === 0) this.queues.delete(job.request.command);
    else if (!this.closed && !queue[0]!.abortRunning) this.run(queue[0]!); // close() rejects the rest unsent
  }
}
