/**
 * A seeded lossy UDP proxy on 127.0.0.1: clients send to `port`, the proxy forwards to
 * 127.0.0.1:upstreamPort from its own socket, and answers come back the same way. Each datagram,
 * in either direction, is dropped with probability `lossRate` by a seeded PRNG (mulberry32), so
 * a failing run can be replayed with the same seed. Datagrams are never reordered or delayed.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mulberry32 } from './random.js';

export interface LossyProxyOptions {
  upstreamPort: number;
  upstreamHost?: string;
  /** 0..1 */
  lossRate: number;
  seed: number;
  /**
   * One PRNG per direction (the second seeded with seed + 1): which datagram is lost then does not
   * depend on how datagrams of the two directions interleave at the proxy, so a transfer on a
   * virtual clock loses the same datagrams on every run. Off by default (one PRNG, as recorded runs used).
   */
  perDirection?: boolean;
}

export interface ProxyStats {
  forwarded: { up: number; down: number };
  dropped: { up: number; down: number };
  /** Vehicle datagrams sent before any client had sent (no address to answer to), dropped. */
  unroutable: number;
}

async function bound(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      s.off('error', reject);
      resolve();
    });
  });
  return s;
}

export class LossyUdpProxy {
  readonly stats: ProxyStats = { forwarded: { up: 0, down: 0 }, dropped: { up: 0, down: 0 }, unroutable: 0 };
  private client: { address: string; port: number } | undefined;

  private constructor(
    private readonly front: Socket,
    private readonly back: Socket,
    private readonly options: LossyProxyOptions,
    private readonly random: { up: () => number; down: () => number },
  ) {
    front.on('message', (msg, rinfo) => {
      this.client = { address: rinfo.address, port: rinfo.port };
      if (this.drop('up')) return;
      back.send(msg, options.upstreamPort, options.upstreamHost ?? '127.0.0.1');
    });
    back.on('message', (msg) => {
      if (!this.client) {
        this.stats.unroutable++;
        return;
      }
      if (this.drop('down')) return;
      front.send(msg, this.client.port, this.client.address);
    });
  }

  /** Start a proxy in front of 127.0.0.1:upstreamPort. */
  static async start(options: LossyProxyOptions): Promise<LossyUdpProxy> {
    const up = mulberry32(options.seed);
    const random = { up, down: options.perDirection ? mulberry32(options.seed + 1) : up };
    return new LossyUdpProxy(await bound(), await bound(), options, random);
  }

  /** Where clients send. */
  get port(): number {
    return this.front.address().port;
  }

  private drop(dir: 'up' | 'down'): boolean {
    const lost = this.random[dir]() < this.options.lossRate;
    if (lost) this.stats.dropped[dir]++;
    else this.stats.forwarded[dir]++;
    return lost;
  }

  async close(): Promise<void> {
    await Promise.all([this.front, this.back].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
