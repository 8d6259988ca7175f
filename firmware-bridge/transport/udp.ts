/**
 * UDP transports. Our own dgram wrapper, not node-mavlink's MavEsp8266: that one ignores the
 * sender's port, supports one remote and only resolves after the first datagram arrives.
 */
import { createSocket, type Socket, type RemoteInfo } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { BridgeError } from '../errors.js';
import { BaseTransport } from './base.js';

interface Peer {
  address: string;
  port: number;
}

const peerKey = (p: Peer): string => `${p.address}:${p.port}`;

/** sysid of the first frame in a datagram, or undefined if it does not start with a frame. */
function firstSysid(chunk: Buffer): number | undefined {
  if (chunk[0] === 0xfd && chunk.length >= 10) return chunk[5];
  if (chunk[0] === 0xfe && chunk.length >= 6) return chunk[3];
  return undefined;
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
 * udpin: listen, learn each vehicle's address from its datagrams. Replies go to the address the
 * addressed sysid last sent from; messages without a known target go to every peer.
 */
export class UdpInTransport extends UdpTransport {
  private readonly peersBySysid = new Map<number, Peer>();
  private readonly peers = new Map<string, Peer>();

  static async open(host: string, port: number): Promise<UdpInTransport> {
    const description = `udpin://${host}:${port}`;
    return new UdpInTransport(await bind(host, port, description), description);
  }

  protected override handle(msg: Buffer, rinfo: RemoteInfo): void {
    const peer = { address: rinfo.address, port: rinfo.port };
    this.peers.set(peerKey(peer), peer);
    const sysid = firstSysid(msg);
    if (sysid !== undefined) this.peersBySysid.set(sysid, peer);
    super.handle(msg, rinfo);
  }

  /** Peers heard so far, keyed "address:port". */
  knownPeers(): string[] {
    return [...this.peers.keys()];
  }

  async send(bytes: Buffer, sysid?: number): Promise<void> {
    const peer = sysid === undefined ? undefined : this.peersBySysid.get(sysid);
    if (peer) return this.sendTo(bytes, peer);
    if (this.peers.size === 0) {
      throw new BridgeError('NO_ROUTE_TO_VEHICLE', `${this.description} has heard no peer yet; wait for the vehicle's first packet (is it sending to this port?)`);
    }
    await Promise.all([...this.peers.values()].map((p) => this.sendTo(bytes, p)));
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
