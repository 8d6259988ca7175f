/**
 * UDP transports. Our own dgram wrapper, not node-mavlink's MavEsp8266: that one ignores the
 * sender's port, supports one remote and only resolves after the first datagram arrives.
 */
import { createSocket, type Socket, type RemoteInfo } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { BridgeError } from '../errors.js';
import { DEFAULT_PEER_POLICY, PeerTable, type PeerPolicy, type PeerVerdict } from '../link/peers.js';
import { BaseTransport } from './base.js';

interface Peer {
  address: string;
  port: number;
}

/** "1.2.3.4:5" / "::1:5" → address and port (the port is after the last colon). */
function parsePeer(key: string): Peer {
  const i = key.lastIndexOf(':');
  return { address: key.slice(0, i), port: Number(key.slice(i + 1)) };
}

abstract class UdpTransport extends BaseTransport {
  readonly datagram = true;

  protected constructor(
    protected readonly socket: Socket,
    readonly description: string,
  ) {
    super();
    socket.on('message', (msg, rinfo) => this.handle(msg, rinfo));
    socket.on('error', (err) => this.finish(err));
    socket.on('close', () => this.finish());
  }

  get localPort(): number {
    return this.socket.address().port;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
    this.finish();
  }

  protected handle(msg: Buffer, rinfo: RemoteInfo): void {
    this.emitData(msg, `${rinfo.address}:${rinfo.port}`);
  }

  protected sendTo(bytes: Buffer, peer: Peer): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => this.socket.send(bytes, peer.port, peer.address, (err) => (err ? reject(this.writeFailed(err)) : resolve())));
  }
}

/** Requested kernel receive buffer for UDP sockets. */
export const RECV_BUFFER_BYTES = 4 * 1024 * 1024;

async function bind(host: string, port: number, description: string): Promise<Socket> {
  const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void =>
      reject(new BridgeError('TRANSPORT_OPEN_FAILED', `cannot bind ${description}: ${err.message}; is the port in use?`, { host, port }));
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      // Telemetry arrives in bursts (PX4 sends seven 50 Hz streams together; a fleet multiplies
      // that): a roomier kernel buffer rides out an event-loop pause instead of dropping packets.
      try {
        socket.setRecvBufferSize(RECV_BUFFER_BYTES);
      } catch {
        // the OS may cap it (net.core.rmem_max); the default then applies
      }
      resolve();
    });
  });
  return socket;
}

/**
 * udpin: listen; learn each vehicle's address from the frames the link admits (CRC-valid, signed
 * when signing is required — never from raw datagrams). Replies go to the address the addressed
 * sysid talks from; messages without a known target go to every live peer. See PeerTable.
 */
export class UdpInTransport extends UdpTransport {
  readonly peerTable: PeerTable;

  private constructor(
    socket: Socket,
    description: string,
    policy: PeerPolicy,
    private readonly now: () => number,
  ) {
    super(socket, description);
    this.peerTable = new PeerTable(policy);
  }

  static async open(host: string, port: number, options: { policy?: Partial<PeerPolicy>; now?: () => number } = {}): Promise<UdpInTransport> {
    const description = `udpin://${host}:${port}`;
    return new UdpInTransport(await bind(host, port, description), description, { ...DEFAULT_PEER_POLICY, ...options.policy }, options.now ?? (() => performance.now()));
  }

  admit(peer: string, sysid: number, verified = true): PeerVerdict {
    return this.peerTable.admit(peer, sysid, this.now(), verified);
  }

  /** Live peers (addresses that sent valid MAVLink and have not expired), keyed "address:port". */
  knownPeers(): string[] {
    return this.peerTable.peers(this.now());
  }

  hasRoute(sysid: number): boolean {
    return this.peerTable.routeOf(sysid, this.now()) !== undefined;
  }

  async send(bytes: Buffer, sysid?: number, exceptSysids?: ReadonlySet<number>): Promise<void> {
    const route = sysid === undefined ? undefined : this.peerTable.routeOf(sysid, this.now());
    if (route) return this.sendTo(bytes, parsePeer(route));
    const peers = this.knownPeers();
    if (peers.length === 0) {
      throw new BridgeError('NO_ROUTE_TO_VEHICLE', `${this.description} has heard no valid MAVLink yet; wait for the vehicle's first packet (is it sending to this port?)`);
    }
    const except = new Set([...(exceptSysids ?? [])].map((s) => this.peerTable.routeOf(s, this.now())));
    await Promise.all(peers.filter((p) => !except.has(p)).map((p) => this.sendTo(bytes, parsePeer(p))));
  }
}

/** udpout: a fixed remote; answers arrive on our ephemeral local port. */
export class UdpOutTransport extends UdpTransport {
  private constructor(
    socket: Socket,
    description: string,
    private readonly remote: Peer,
  ) {
    super(socket, description);
  }

  static async open(host: string, port: number, localPort = 0): Promise<UdpOutTransport> {
    const description = `udpout://${host}:${port}`;
    const bindHost = isIPv6(host) ? '::' : host === 'localhost' || host.startsWith('127.') ? '127.0.0.1' : '0.0.0.0';
    return new UdpOutTransport(await bind(bindHost, localPort, description), description, { address: host, port });
  }

  send(bytes: Buffer): Promise<void> {
    return this.sendTo(bytes, this.remote);
  }
}
