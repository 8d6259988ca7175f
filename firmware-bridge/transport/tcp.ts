/** TCP transports: tcpout connects to a server (PX4 SITL's 4560 is not MAVLink; mavlink-router's 5760 is). */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { BridgeError } from '../errors.js';
import type { Transport } from './transport.js';

abstract class Handlers {
  protected readonly dataHandlers: ((chunk: Buffer, peer: string | undefined) => void)[] = [];
  protected readonly closeHandlers: ((error?: Error) => void)[] = [];
  protected closed = false;
  readonly datagram = false;

  onData(handler: (chunk: Buffer, peer: string | undefined) => void): void {
    this.dataHandlers.push(handler);
  }

  onClose(handler: (error?: Error) => void): void {
    this.closeHandlers.push(handler);
  }

  protected finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const h of this.closeHandlers) h(error);
  }
}

function write(socket: Socket, bytes: Buffer, description: string): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.write(bytes, (err) => (err ? reject(new BridgeError('TRANSPORT_CLOSED', `write on ${description} failed: ${err.message}`)) : resolve())),
  );
}

export class TcpOutTransport extends Handlers implements Transport {
  private constructor(
    private readonly socket: Socket,
    readonly description: string,
  ) {
    super();
    socket.on('data', (chunk) => {
      for (const h of this.dataHandlers) h(chunk, undefined);
    });
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
    if (this.closed) return Promise.reject(new BridgeError('TRANSPORT_CLOSED', `${this.description} is closed`));
    return write(this.socket, bytes, this.description);
  }

  async close(): Promise<void> {
    this.socket.destroy();
    this.finish();
  }
}

/** tcpin: accept any number of clients; each is a peer, routed by the sysid it speaks as. */
export class TcpInTransport extends Handlers implements Transport {
  private readonly clients = new Map<string, Socket>();
  private readonly clientBySysid = new Map<number, Socket>();

  private constructor(
    private readonly server: Server,
    readonly description: string,
  ) {
    super();
    server.on('connection', (socket) => {
      socket.setNoDelay(true);
      const key = `${socket.remoteAddress}:${socket.remotePort}`;
      this.clients.set(key, socket);
      socket.on('data', (chunk) => {
        if (chunk[0] === 0xfd && chunk.length >= 10) this.clientBySysid.set(chunk[5]!, socket);
        for (const h of this.dataHandlers) h(chunk, key);
      });
      const drop = (): void => {
        this.clients.delete(key);
        for (const [id, s] of this.clientBySysid) if (s === socket) this.clientBySysid.delete(id);
      };
      socket.on('error', drop);
      socket.on('close', drop);
    });
    server.on('error', (err) => this.finish(err));
  }

  static open(host: string, port: number): Promise<TcpInTransport> {
    const description = `tcpin://${host}:${port}`;
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', (err) =>
        reject(new BridgeError('TRANSPORT_OPEN_FAILED', `cannot listen on ${description}: ${err.message}; is the port in use?`, { host, port })),
      );
      server.listen(port, host, () => {
        server.removeAllListeners('error');
        resolve(new TcpInTransport(server, description));
      });
    });
  }

  get localPort(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  async send(bytes: Buffer, sysid?: number): Promise<void> {
    if (this.closed) throw new BridgeError('TRANSPORT_CLOSED', `${this.description} is closed`);
    const one = sysid === undefined ? undefined : this.clientBySysid.get(sysid);
    const targets = one ? [one] : [...this.clients.values()];
    if (targets.length === 0) throw new BridgeError('NO_ROUTE_TO_VEHICLE', `${this.description} has no connected client yet; connect the vehicle or router first`);
    await Promise.all(targets.map((s) => write(s, bytes, this.description)));
  }

  async close(): Promise<void> {
    for (const s of this.clients.values()) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.finish();
  }
}
