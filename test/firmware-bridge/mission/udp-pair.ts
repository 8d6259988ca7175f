/**
 * A GCS MissionClient and a simulated vehicle's MissionServer on real UDP sockets (127.0.0.1),
 * optionally through the seeded lossy proxy. Time is scaled by the same factor on both sides
 * (client: scaleTiming; server: PX4's 250 ms / 5 s), so hundreds of transfers fit in a test run
 * while keeping PX4's ratios. Callers close what they open.
 */
import { MavlinkLink } from '../../../firmware-bridge/link/link.js';
import { channelTo } from '../../../firmware-bridge/link/channel.js';
import { MissionClient } from '../../../firmware-bridge/mission/client.js';
import { scaleTiming } from '../../../firmware-bridge/mission/timing.js';
import { UdpInTransport, UdpOutTransport } from '../../../firmware-bridge/transport/udp.js';
import { MissionServer, PX4_MISSION_TIMING, type MissionServerOptions } from '../../../sim/protocol/mission-server.js';
import { IdleClock } from '../helpers/idle-clock.js';
import { LossyUdpProxy } from '../helpers/lossy-proxy.js';

export interface UdpPair {
  client: MissionClient;
  server: MissionServer;
  gcsLink: MavlinkLink;
  vehicleLink: MavlinkLink;
  proxy: LossyUdpProxy | undefined;
  /** With `virtualTime`: the shared clock; `clock.run(p)` settles a transfer. */
  clock: IdleClock | undefined;
  close(): Promise<void>;
}

export interface PairOptions {
  /** Time scale for both sides (1 = production). */
  scale?: number;
  server?: MissionServerOptions;
  /** Put a lossy proxy between the two, dropping this share of datagrams each way. */
  loss?: { rate: number; seed: number };
  /** The GCS heartbeat (1 Hz); off by default so loss patterns depend only on the transfer. */
  heartbeat?: boolean;
  /**
   * Production timing on a clock that advances only while no datagram is in flight (IdleClock):
   * retries and timeouts fire for lost datagrams, never for a slow machine. Loss draws are per
   * direction, so a seed always loses the same datagrams. Transfers must be settled via clock.run.
   */
  virtualTime?: boolean;
}

export async function missionPair(options: PairOptions = {}): Promise<UdpPair> {
  const scale = options.virtualTime ? 1 : (options.scale ?? 0.1);
  let traffic = (): { inFlight: number; moved: number; detail?: string } => ({ inFlight: 0, moved: 0 });
  const clock = options.virtualTime ? new IdleClock(() => traffic()) : undefined;
  const vehicleTransport = await UdpInTransport.open('127.0.0.1', 0);
  const vehicleLink = new MavlinkLink(vehicleTransport, { identity: { sysid: 1, compid: 1 }, heartbeat: false });
  const server = new MissionServer(vehicleLink, {
    ...(clock ? { clock } : {}),
    ...options.server,
    timing: {
      retryMs: PX4_MISSION_TIMING.retryMs * scale,
      timeoutMs: PX4_MISSION_TIMING.timeoutMs * scale,
      currentIntervalMs: PX4_MISSION_TIMING.currentIntervalMs * scale,
      ...options.server?.timing,
    },
  });
  const proxy = options.loss ? await LossyUdpProxy.start({ upstreamPort: vehicleTransport.localPort, lossRate: options.loss.rate, seed: options.loss.seed, perDirection: options.virtualTime }) : undefined;
  const gcsTransport = await UdpOutTransport.open('127.0.0.1', proxy ? proxy.port : vehicleTransport.localPort);
  const gcsLink = new MavlinkLink(gcsTransport, options.heartbeat ? {} : { heartbeat: false });
  const client = new MissionClient(channelTo(gcsLink, { system: 1, component: 1 }), { timing: scaleTiming(scale), ...(clock ? { clock } : {}) });
  if (clock) {
    // The vehicle's sends before it has heard the client (first datagram lost) go nowhere
    // (NO_ROUTE_TO_VEHICLE): count only those that reach a socket.
    let vehicleSent = 0;
    const send = vehicleTransport.send.bind(vehicleTransport);
    vehicleTransport.send = (bytes, sysid, except) => {
      if (vehicleTransport.knownPeers().length > 0) vehicleSent++;
      return send(bytes, sysid, except);
    };
    traffic = () => {
      const g = gcsLink.stats();
      const v = vehicleLink.stats();
      const p = proxy?.stats ?? { forwarded: { up: g.txPackets, down: vehicleSent }, dropped: { up: 0, down: 0 }, unroutable: 0 };
      const seenUp = p.forwarded.up + p.dropped.up;
      const seenDown = p.forwarded.down + p.dropped.down + p.unroutable;
      const inFlight = g.txPackets - seenUp + (p.forwarded.up - v.rxPackets) + (vehicleSent - seenDown) + (p.forwarded.down - g.rxPackets);
      return { inFlight, moved: g.txPackets + g.rxPackets + vehicleSent + v.rxPackets + seenUp + seenDown, detail: JSON.stringify({ g: [g.txPackets, g.rxPackets], v: [vehicleSent, v.rxPackets], p }) };
    };
  }
  return {
    client,
    server,
    gcsLink,
    vehicleLink,
    proxy,
    clock,
    async close() {
      server.close();
      await gcsLink.close();
      await vehicleLink.close();
      await proxy?.close();
    },
  };
}
