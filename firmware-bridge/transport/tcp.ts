/** TCP transports: tcpout connects to a server (PX4 SITL's 4560 is not MAVLink; mavlink-router's 5760 is). */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { BridgeError } from '../errors.js';
import { DEFAULT_PEER_POLICY, PeerTable, type PeerPolicy, type PeerVerdict } from '../link/peers.js';
import { BaseTransport } from './base.js';

abstract class TcpTransport extends BaseTransport {
  readonly datagram = false;

  protected write(socket: Socket, bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => socket.write(bytes, (err) => (err ? reject(this.writeFailed(err)) : resolve())));
  }
}

export class TcpOutTransport extends TcpTransport {
  private constructor(
    private readonly socket: Socket,
    readonly description: string,
  ) {
    super();
    socket.on('data', (chunk) => this.emitData(chunk, undefined));
    socket.on('error', (err) => this.finish(err));
    socket.on('close', () => this.finish());
  }

  static open(host: string, port: number): Promise<TcpOutTransport> {
    const description = `tcpout://${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host, port });
      socket.setNoDelay(true);
      socket.once('error', (err) =>
        reject(new BridgeError('TRANSPORT_OPEN_FAILED', `cannot connect ${description}: ${err.message}; is the server running?`, { host, port })),
      );
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve(new TcpOutTransport(socket, description));
      });
    });
  }

  send(bytes: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.write(this.socket, bytes);
  }

  async close(): Promise<void> {
    this.socket.destroy();
    this.finish();
  }
}

/**
 * tcpin: accept up to `maxPeers` clients; each is a peer, routed by the sysid it speaks as — learned
 * from the frames the link admits (CRC-valid), never from raw bytes. See PeerTable.
 */
export class TcpInTransport extends TcpTransport {
  private readonly clients = new Map<string, Socket>();
  readonly peerTable: PeerTable;

  private constructor(
    private readonly server: Server,
    readonly description: string,
    policy: PeerPolicy,
  ) {
    super();
    this.peerTable = new PeerTable(policy);
    server.on('connection', (socket) => {
      if (this.clients.size >= policy.maxPeers) {
        socket.destroy(); // bounded: a flood of connections cannot grow the table
        return;
      }
      socket.setNoDelay(true);
      const key = `${socket.remoteAddress}:${socket.remotePort}`;
      this.clients.set(key, socket);
      socket.on('data', (chunk) => this.emitData(chunk, key));
      const drop = (): void => {
        this.clients.delete(key);
      };
      socket.on('error', drop);
      socket.on('close', drop);
    });
    server.on('error', (err) => this.finish(err));
  }

  admit(peer: string, sysid: number, verified = true): PeerVerdict {
    return this.peerTable.admit(peer, sysid, performance.now(), verified);
  }

  static open(host: string, port: number, policy: Partial<PeerPolicy> = {}): Promise<TcpInTransport> {
    const description = `tcpin://${host}:${port}`;
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', (err) =>
        reject(new BridgeError('TRANSPORT_OPEN_FAILED', `cannot listen on ${description}: ${err.message}; is the port in use?`, { host, port })),
      );
      server.listen(port, host, () => {
        server.removeAllListeners('error');
        resolve(new TcpInTransport(server, description, { ...DEFAULT_PEER_POLICY, ...policy }));
      });
    });
  }

  get localPort(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  hasRoute(sysid: number): boolean {
    const route = this.peerTable.routeOf(sysid, performance.now());
    return route !== undefined && this.clients.has(route);
  }

  async send(bytes: Buffer, sysid?: number, exceptSysids?: ReadonlySet<number>): Promise<void> {
    if (this.closed) throw this.closedError();
    const route = sysid === undefined ? undefined : this.peerTable.routeOf(sysid, performance.now());
    const one = route === undefined ? undefined : this.clients.get(route);
    const except = new Set([...(exceptSysids ?? [])].map((s) => this.peerTable.routeOf(s, performance.now())));
    const targets = one ? [one] : [...this.clients.entries()].filter(([k]) => !except.has(k)).map(([, c]) => c);
    if (this.clients.size === 0) throw new BridgeError('NO_ROUTE_TO_VEHICLE', `${this.description} has no connected client yet; connect the vehicle or router first`);
    await Promise.all(targets.map((s) => this.write(s, bytes)));
  }

  async close(): Promise<void> {
    for (const s of this.clients.values()) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.finish();
  }
}
