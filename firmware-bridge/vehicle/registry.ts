/**
 * VehicleRegistry: discovers vehicles on a link and keeps one VehicleSession per (link, sysid).
 *
 *   HEARTBEAT (autopilot ≠ INVALID) from a new sysid ──▶ session + vehicleDiscovered
 *   every message of that sysid ─────────────────────▶ reducer ──▶ stateChanged
 *   no autopilot HEARTBEAT for heartbeatTimeoutMs ───▶ connectionLost
 *   the next one ────────────────────────────────────▶ connectionRegained
 *
 * GCS heartbeats (ours or another ground station's: autopilot INVALID) never create a session.
 */
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { minimal } from '../codec/dialect.js';
import type { CommandTiming } from '../command/command-long.js';
import type { InboundMessage, MavlinkLink } from '../link/link.js';
import type { MissionTiming } from '../mission/timing.js';
import { TypedEvents } from './events.js';
import { VehicleSession } from './session.js';
import type { VehicleState } from './state.js';

/**
 * No autopilot HEARTBEAT for this long = connection lost. PX4 sends 1 Hz; MAVSDK uses 3.0 s, QGC
 * 3.5 s, the spec 4–5 missed beats. 3 s (three missed beats) tells the operator quickly; a single
 * lost packet never trips it.
 */
export const HEARTBEAT_TIMEOUT_MS = 3_000;

export interface VehicleRegistryOptions {
  clock?: Clock;
  /**
   * In the clock's ms; a function is read at every heartbeat (a simulated link at speed × keeps
   * 3 real seconds by returning 3000 × speed).
   */
  heartbeatTimeoutMs?: number | (() => number);
  commandTiming?: Partial<CommandTiming>;
  missionTiming?: Partial<MissionTiming>;
}

export interface VehicleRegistryEvents {
  vehicleDiscovered: [session: VehicleSession];
  connectionLost: [session: VehicleSession];
  connectionRegained: [session: VehicleSession];
  stateChanged: [session: VehicleSession, state: VehicleState, previous: VehicleState];
}

/** Whether a HEARTBEAT comes from a vehicle's autopilot (not a GCS, not a camera). Pure. */
export function isAutopilotHeartbeat(m: Pick<InboundMessage, 'data'>): m is Pick<InboundMessage, 'data'> & { data: minimal.Heartbeat } {
  return m.data instanceof minimal.Heartbeat && Number(m.data.autopilot) !== minimal.MavAutopilot.INVALID;
}

export class VehicleRegistry extends TypedEvents<VehicleRegistryEvents> {
  private readonly clock: Clock;
  private readonly heartbeatTimeoutMs: () => number;
  private readonly sessions = new Map<number, VehicleSession>();
  private readonly timers = new Map<number, TimerHandle>();
  private readonly unsubscribe: (() => void)[];
  private closed = false;

  /**
   * @example
   * const registry = new VehicleRegistry(link)
   * registry.on('vehicleDiscovered', async (v) => { await v.commands.setMode('Hold') })
   */
  constructor(
    readonly link: MavlinkLink,
    private readonly options: VehicleRegistryOptions = {},
  ) {
    super();
    this.clock = options.clock ?? systemClock;
    const timeout = options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
    this.heartbeatTimeoutMs = typeof timeout === 'function' ? timeout : () => timeout;
    this.unsubscribe = [link.onMessage((m) => this.handle(m)), link.onClose(() => this.linkClosed())];
  }

  /** The session of a sysid, if that vehicle has been discovered. */
  get(sysid: number): VehicleSession | undefined {
    return this.sessions.get(sysid);
  }

  /** All sessions, in discovery order. */
  list(): VehicleSession[] {
    return [...this.sessions.values()];
  }

  /** Stop listening, cancel timers and abort pending commands. The link stays open. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe) off();
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    for (const s of this.sessions.values()) s.close('the vehicle registry was closed');
  }

  private handle(m: InboundMessage): void {
    if (this.closed) return;
    const sysid = m.frame.sysid;
    if (sysid === this.link.identity.sysid) return; // our own traffic echoed back
    let session = this.sessions.get(sysid);
    const beat = isAutopilotHeartbeat(m);
    let discovered = false;
    if (!session) {
      if (!beat) return; // nothing to attach telemetry to until the autopilot introduces itself
      const { commandTiming, missionTiming } = this.options;
      session = new VehicleSession(this.link, sysid, m.frame.compid, {
        clock: this.clock,
        ...(commandTiming ? { commandTiming } : {}),
        ...(missionTiming ? { missionTiming } : {}),
      });
      this.sessions.set(sysid, session);
      discovered = true;
    }
    const wasConnected = session.connected;
    const previous = session.apply(m, this.clock.now());
    if (beat && m.frame.compid === session.compid) this.armTimeout(session);
    if (discovered) this.emit('vehicleDiscovered', session);
    else if (!wasConnected && session.connected) this.emit('connectionRegained', session);
    if (previous) this.emit('stateChanged', session, session.state, previous);
  }

  private armTimeout(session: VehicleSession): void {
    this.timers.get(session.sysid)?.cancel();
    this.timers.set(
      session.sysid,
      this.clock.setTimer(this.heartbeatTimeoutMs(), () => {
        this.timers.delete(session.sysid);
        this.lose(session);
      }),
    );
  }

  private lose(session: VehicleSession): void {
    const previous = session.setConnected(false);
    if (!previous) return;
    this.emit('connectionLost', session);
    this.emit('stateChanged', session, session.state, previous);
  }

  private linkClosed(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    for (const s of this.sessions.values()) this.lose(s);
  }
}
