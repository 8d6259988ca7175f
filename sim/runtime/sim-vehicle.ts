/**
 * A simulated PX4 on real sockets: the Px4Vehicle state machine, its GCS link(s) with PX4's
 * streams, commands, parameters and STATUSTEXT delivery, the embedded MissionServer, and faults.
 * Time comes only from the injected Clock (the fleet's simulated clock) via `pump()`.
 *
 *   GCS ─UDP─▶ GcsPort (faults) ─▶ HEARTBEAT → vehicle.gcsHeartbeat()
 *                                 ├▶ COMMAND_LONG/INT → message commands here, the rest → commander
 *                                 ├▶ PARAM_* → param-server
 *                                 └▶ MISSION_* → MissionServer → vehicle.setPlan()
 *   pump(): vehicle.step(dt) → streams due, STATUSTEXT queue, param list, boot extras ─▶ GcsPort ─UDP─▶ GCS
 */
import type { Clock } from '../../firmware-bridge/clock.js';
import { common, minimal, standard, type MavLinkData } from '../../firmware-bridge/codec/dialect.js';
import type { InboundMessage } from '../../firmware-bridge/link/link.js';
import { CurrentEventSequence, LinkNodeStatus, MavEvent, ProtocolVersion, TimeEstimateToTarget } from '../../firmware-bridge/codec/px4-extras.js';
import { eventForText, SILENT_EVENTS, type EventSpec } from '../mavlink/events.js';
import { en } from '../mavlink/encode.js';
import { GcsPort } from '../mavlink/gcs-port.js';
import * as M from '../mavlink/messages.js';
import { BOOT_PARAMS, handleParamMessage, paramValue, pumpParamList } from '../mavlink/param-server.js';
import { StatusTextQueue, FIRST_CONNECT_DELAY_S } from '../mavlink/statustext.js';
import { makeRng, type Rng } from '../physics/rng.js';
import { handleCommand, MAV_RESULT, type CommandIn } from '../vehicle/commander.js';
import { MAV_CMD } from '../vehicle/items.js';
import { Px4Vehicle, type VehicleOptions } from '../vehicle/vehicle.js';
import { noLinkFaults, suppressAck, type Fault, type LinkFaultState } from './faults.js';
import { attachMissionServer, type MissionAttachment } from './mission-port.js';

export interface SimVehicleOptions extends VehicleOptions {
  /** rate of the seven 50 Hz streams (PX4 ≈48.85; lower it for big fleets; 0 = off) */
  highRateHz?: number;
  /** The streams start this much later (mavlink/streams.ts streamPhaseMs): a fleet's vehicles do not all send in one step. */
  streamPhaseMs?: number;
  /** The fleet's speed factor, for GCS-facing protocol timers that count wall-clock time (see MissionServerOptions.timeScale). */
  protocolTimeScale?: () => number;
}

export class SimVehicle {
  readonly vehicle: Px4Vehicle;
  readonly ports: GcsPort[] = [];
  readonly linkFaults: LinkFaultState = noLinkFaults();
  private readonly texts = new StatusTextQueue();
  private readonly rng: Rng;
  private firstGcsHeartbeatS: number | undefined;
  private bootParamsSent = false;
  private originSent = false;
  private pingSeq = 0;
  private eventSeq = 65532; // PX4's first EVENT after boot had sequence 65533 (boot-idle)
  private gpsRestoreAtS: number | undefined;
  private lastMs: number;
  private readonly missions: MissionAttachment[] = [];

  constructor(
    readonly options: SimVehicleOptions,
    private readonly clock: Clock,
  ) {
    this.vehicle = new Px4Vehicle(options);
    this.rng = makeRng((options.seed ?? 1) * 7919 + options.sysid);
    this.lastMs = clock.now();
    this.vehicle.events = {
      text: (severity, text) => this.text(severity, text),
      silent: (name) => this.event(SILENT_EVENTS[name]),
      reached: (seq) => this.broadcast(M.missionItemReached(seq)),
      forward: (command, params, repeat) => {
        this.broadcast(forwardedCommand(this.vehicle.s.sysid, command, params, 0));
        // Repeated with confirmation 1, 2, 3 within ≈2.1 s (README "COMMAND_LONG sent by PX4").
        if (repeat) for (const c of [1, 2, 3]) this.clock.setTimer(c * 520, () => this.broadcast(forwardedCommand(this.vehicle.s.sysid, command, params, c)));
      },
    };
  }

  get sysid(): number {
    return this.vehicle.s.sysid;
  }

  /** Attach a GCS link (the vehicle owns and closes it). */
  addLink(link: ConstructorParameters<typeof GcsPort>[0]): GcsPort {
    const port = new GcsPort(link, this.clock, () => this.linkFaults, this.rng, () => this.vehicle.s.t, this.options.highRateHz ?? 48.85, this.options.streamPhaseMs ?? 0);
    this.ports.push(port);
    port.onMessage((m) => this.inbound(port, m));
    this.missions.push(attachMissionServer(port, this.vehicle, this.clock, (sev, text) => this.text(sev, text), this.options.protocolTimeScale));
    return port;
  }

  /** Advance the vehicle to the clock's now and send whatever is due. */
  pump(): void {
    const now = this.clock.now();
    const dt = (now - this.lastMs) / 1000;
    this.lastMs = now;
    if (dt > 0) this.vehicle.step(dt);
    const v = this.vehicle;
    const t = v.s.t;
    if (this.gpsRestoreAtS !== undefined && t >= this.gpsRestoreAtS) {
      v.s.gpsOk = true;
      this.gpsRestoreAtS = undefined;
    }
    const connected = this.firstGcsHeartbeatS !== undefined && !v.s.gcs.lost && t >= this.firstGcsHeartbeatS + FIRST_CONNECT_DELAY_S;
    for (const c of this.texts.take(t, connected)) {
      const m = new common.StatusText();
      m.severity = en(c.severity);
      m.text = c.text;
      m.id = c.id;
      m.chunkSeq = c.chunkSeq;
      this.broadcast(m);
    }
    if (t < v.boot.firstPacketS) return;
    const nowMs = t * 1000;
    if (!this.bootParamsSent && t >= 1.687) {
      this.bootParamsSent = true;
      for (const name of BOOT_PARAMS) {
        const e = v.params.find(name);
        if (e) this.broadcast(paramValue(v.params, e));
      }
    }
    if (!this.originSent && t >= 2.129) {
      this.originSent = true;
      this.broadcast(M.gpsGlobalOrigin(v));
    }
    for (const port of this.ports) {
      for (const id of port.streams.due(nowMs, v.airborne)) {
        const m = this.build(id, port);
        if (m) port.send(m);
      }
      pumpParamList(v.params, port.params, nowMs, (m) => port.send(m));
    }
  }

  /** Apply a named fault now. */
  applyFault(f: Fault): void {
    const lf = this.linkFaults;
    const v = this.vehicle;
    switch (f.fault) {
      case 'linkLoss':
        lf.downUntilS = v.s.t + f.seconds;
        break;
      case 'packetLoss':
        lf.lossPct = f.pct;
        break;
      case 'latency':
        lf.latencyMs = f.ms;
        break;
      case 'gpsLoss':
        v.s.gpsOk = false;
        this.gpsRestoreAtS = f.seconds === undefined ? undefined : v.s.t + f.seconds;
        break;
      case 'batteryDrop': {
        const soc = f.pct / 100;
        v.s.battery = { ...v.s.battery, soc, reportedSoc: soc };
        if (v.params.get('SIM_BAT_MIN_PCT') > f.pct) v.params.set('SIM_BAT_MIN_PCT', f.pct);
        break;
      }
      case 'windGust':
        v.wind.gust(f.speedMps, f.fromDeg, f.seconds);
        break;
      case 'neverAck':
        lf.neverAck = f.commands ? new Set(f.commands) : 'all';
        break;
      case 'mission':
        for (const ms of this.missions) ms.setFaults({ mode: f.mode, firstTryOnly: f.firstTryOnly, lossPct: f.lossPct, seed: f.seed });
        break;
      case 'clear':
        Object.assign(lf, noLinkFaults());
        v.s.gpsOk = true;
        this.gpsRestoreAtS = undefined;
        for (const ms of this.missions) ms.setFaults({ mode: 'none', firstTryOnly: false });
        break;
      default:
        unreachable(f);
    }
  }

  async close(): Promise<void> {
    for (const ms of this.missions) ms.close();
    await Promise.all(this.ports.map((p) => p.close()));
  }

  /** A STATUSTEXT (queued until the GCS is connected) and its EVENT (sent now, connected or not). */
  private text(severity: number, text: string): void {
    this.texts.push(severity, text, this.vehicle.s.t);
    const e = eventForText(text);
    if (e) this.event(e);
  }

  private event(e: EventSpec): void {
    this.eventSeq = (this.eventSeq + 1) & 0xffff;
    const m = new MavEvent();
    m.id = e.id;
    m.eventTimeBootMs = Math.round(this.vehicle.s.t * 1000) >>> 0;
    m.sequence = this.eventSeq;
    m.destinationComponent = 0;
    m.destinationSystem = 0;
    m.logLevels = e.logLevels;
    m.arguments = [...e.args, ...new Array<number>(40).fill(0)].slice(0, 40);
    this.broadcast(m);
  }

  private broadcast(m: MavLinkData): void {
    for (const p of this.ports) p.send(m);
  }

  private inbound(port: GcsPort, m: InboundMessage): void {
    const d = m.data;
    if (!d || m.frame.sysid === this.sysid) return;
    const v = this.vehicle;
    if (d instanceof minimal.Heartbeat) {
      if (Number(d.type) !== minimal.MavType.GCS) return; // only a ground station's heartbeat counts as the GCS link
      this.firstGcsHeartbeatS ??= v.s.t;
      v.gcsHeartbeat();
      return;
    }
    const target = d as { targetSystem?: number; targetComponent?: number };
    if (target.targetSystem !== undefined && target.targetSystem !== this.sysid && target.targetSystem !== 0) return;
    if (d instanceof common.CommandLong || d instanceof common.CommandInt) {
      if (target.targetComponent !== 0 && target.targetComponent !== 1) return;
      this.command(port, m, d);
    } else if (d instanceof common.ParamRequestList || d instanceof common.ParamRequestRead || d instanceof common.ParamSet) {
      handleParamMessage(v.params, port.params, d, v.s.t * 1000 + 0.001, (r) => port.send(r), (ms, fn) => this.clock.setTimer(ms, fn));
    }
  }

  private command(port: GcsPort, m: InboundMessage, d: common.CommandLong | common.CommandInt): void {
    const isInt = d instanceof common.CommandInt;
    const params = [d._param1, d._param2, d._param3, d._param4, d._param5, d._param6, d._param7]; // COMMAND_INT: x, y, z
    const c: CommandIn = { command: Number(d.command), params, isInt, frame: isInt ? Number(d.frame) : 0 };
    const result = this.messageCommand(port, c) ?? (c.command === MAV_CMD.DO_SET_MISSION_CURRENT ? MAV_RESULT.UNSUPPORTED : handleCommand(this.vehicle, c));
    if (result === undefined || suppressAck(this.linkFaults, c.command)) return;
    const ack = new common.CommandAck();
    ack.command = en(c.command);
    ack.result = en(result);
    ack.progress = 0;
    ack.resultParam2 = 0;
    ack.targetSystem = m.frame.sysid;
    ack.targetComponent = m.frame.compid;
    port.send(ack, m.frame.sysid);
  }

  /** Commands answered by the MAVLink layer (per link); undefined = not one of them. */
  private messageCommand(port: GcsPort, c: CommandIn): number | undefined {
    const id = Math.round(c.params[0] ?? -1);
    switch (c.command) {
      case MAV_CMD.SET_MESSAGE_INTERVAL:
        return port.streams.setInterval(id, Math.round(c.params[1] ?? 0), this.vehicle.s.t * 1000) ? MAV_RESULT.ACCEPTED : MAV_RESULT.DENIED;
      case MAV_CMD.GET_MESSAGE_INTERVAL: {
        const mi = new common.MessageInterval();
        mi.messageId = id;
        mi.intervalUs = port.streams.interval(id);
        port.send(mi);
        return MAV_RESULT.ACCEPTED;
      }
      case MAV_CMD.REQUEST_MESSAGE: {
        // The answer goes out before the ACK (commands 5.917 / 5.921).
        const msg = this.build(id, port);
        if (!msg) return MAV_RESULT.DENIED;
        port.send(msg);
        return MAV_RESULT.ACCEPTED;
      }
      case MAV_CMD.REQUEST_AUTOPILOT_CAPABILITIES:
        port.send(M.autopilotVersion());
        return MAV_RESULT.ACCEPTED;
      case MAV_CMD.GET_HOME_POSITION:
        port.send(M.homePosition(this.vehicle));
        return MAV_RESULT.ACCEPTED;
      default:
        return undefined;
    }
  }

  /** Build one message by id (streams and REQUEST_MESSAGE). */
  private build(id: number, port: GcsPort): MavLinkData | undefined {
    const v = this.vehicle;
    switch (id) {
      case minimal.Heartbeat.MSG_ID: return M.heartbeat(v);
      case common.SysStatus.MSG_ID: return M.sysStatus(v);
      case common.Ping.MSG_ID: return M.ping(v, this.pingSeq++);
      case LinkNodeStatus.MSG_ID: return M.linkNodeStatus(v, port.sent, port.received);
      case common.GpsRawInt.MSG_ID: return M.gpsRawInt(v);
      case common.ScaledPressure.MSG_ID: return M.scaledPressure(v);
      case common.Attitude.MSG_ID: return M.attitude(v);
      case common.AttitudeQuaternion.MSG_ID: return M.attitudeQuaternion(v);
      case common.LocalPositionNed.MSG_ID: return M.localPositionNed(v);
      case common.GlobalPositionInt.MSG_ID: return v.s.gpsOk || v.airborne ? M.globalPositionInt(v) : undefined;
      case common.ServoOutputRaw.MSG_ID: return M.servoOutputRaw(v);
      case common.MissionCurrent.MSG_ID: return M.missionCurrent(v);
      case common.GpsGlobalOrigin.MSG_ID: return M.gpsGlobalOrigin(v);
      case common.VfrHud.MSG_ID: return M.vfrHud(v);
      case common.AttitudeTarget.MSG_ID: return M.attitudeTarget(v);
      case common.PositionTargetLocalNed.MSG_ID: return M.positionTargetLocalNed(v);
      case common.PositionTargetGlobalInt.MSG_ID: return M.positionTargetGlobalInt(v);
      case common.Altitude.MSG_ID: return M.altitude(v);
      case common.BatteryStatus.MSG_ID: return M.batteryStatus(v);
      case standard.AutopilotVersion.MSG_ID: return M.autopilotVersion();
      case common.EstimatorStatus.MSG_ID: return M.estimatorStatus(v);
      case common.Vibration.MSG_ID: return M.vibration(v);
      case common.HomePosition.MSG_ID: return v.s.homeValid ? M.homePosition(v) : undefined;
      case common.ExtendedSysState.MSG_ID: return M.extendedSysState(v);
      case ProtocolVersion.MSG_ID: return M.protocolVersion();
      case TimeEstimateToTarget.MSG_ID: return M.timeEstimateToTarget();
      case CurrentEventSequence.MSG_ID: return M.currentEventSequence(this.eventSeq);
      case common.CurrentMode.MSG_ID: return M.currentMode(v);
      case common.DistanceSensor.MSG_ID: return M.distanceSensor(v);
      case common.OpenDroneIdLocation.MSG_ID: return M.odidLocation(v);
      case common.OpenDroneIdSystem.MSG_ID: return M.odidSystem(v);
      default: return undefined;
    }
  }
}

/** A fault added to FaultSchema without a case above does not compile (`f` would not be `never`). */
function unreachable(f: never): never {
  throw new Error(`fault ${JSON.stringify(f)} has no handler in SimVehicle.applyFault`);
}

/** PX4's internal commands forwarded on the GCS link: COMMAND_LONG from 1/1 to target 1/0. */
function forwardedCommand(sysid: number, command: number, p: number[], confirmation: number): MavLinkData {
  const m = new common.CommandLong();
  m.targetSystem = sysid;
  m.targetComponent = 0;
  m.command = en(command);
  m.confirmation = confirmation;
  [m._param1, m._param2, m._param3, m._param4, m._param5, m._param6, m._param7] = [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0, p[4] ?? 0, p[5] ?? 0, p[6] ?? 0];
  return m;
}
