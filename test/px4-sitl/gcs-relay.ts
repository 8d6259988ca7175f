/**
 * A UDP relay between the PX4 instances' GCS links (all send to 127.0.0.1:14550) and the service,
 * so one vehicle's data link can be cut both ways while the others keep flying: the test's way of
 * losing a radio link. Each PX4 peer gets its own upstream socket, so the service still sees one
 * peer per vehicle; PX4 sees our replies come from 14550 as it would from a ground station.
 */
import { createSocket, type Socket } from 'node:dgram';

export const GCS_PORT = 14550;

interface Peer {
  address: string;
  port: number;
  upstream: Socket;
}

export class GcsRelay {
  private readonly peers = new Map<number, Peer>();
  private readonly cutPorts = new Set<number>();

  private constructor(
    private readonly socket: Socket,
    private readonly servicePort: number,
  ) {
    socket.on('message', (msg, rinfo) => {
      if (this.cutPorts.has(rinfo.port)) return;
      this.peer(rinfo.address, rinfo.port).upstream.send(msg, this.servicePort, '127.0.0.1');
    });
  }

  /** Listen on 14550 and forward to the service's udpin port on 127.0.0.1. */
  static async open(servicePort: number): Promise<GcsRelay> {
    const socket = createSocket('udp4');
    await new Promise<void>((res, rej) => {
      socket.once('error', rej);
      socket.bind(GCS_PORT, '0.0.0.0', () => res());
    });
    return new GcsRelay(socket, servicePort);
  }

  private peer(address: string, port: number): Peer {
    let p = this.peers.get(port);
    if (!p) {
      const upstream = createSocket('udp4');
      upstream.bind(0, '127.0.0.1');
      const peer: Peer = { address, port, upstream };
      upstream.on('message', (msg) => {
        if (!this.cutPorts.has(port)) this.socket.send(msg, peer.port, peer.address);
      });
      this.peers.set(port, peer);
      p = peer;
    }
    return p;
  }

  /** Drop everything to and from PX4 instance N (its GCS link sends from 18570+N). */
  cut(instance: number): void {
    this.cutPorts.add(18570 + instance);
  }

  restore(instance: number): void {
    this.cutPorts.delete(18570 + instance);
  }

  close(): void {
    for (const p of this.peers.values()) p.upstream.close();
    this.socket.close();
  }
}
