/**
 * Which instance owns which vehicle link: a PostgreSQL session advisory lock per link
 * (`pg_try_advisory_lock(LEASE_CLASS, hashtext(name))`) on one dedicated connection.
 *
 * Why an advisory lock and not a JetStream KV lease: the lock lives exactly as long as the owner's
 * database session. A killed owner's socket is closed by its kernel, PostgreSQL ends the session
 * and the lock is free at once — no TTL to wait out, so failover is poll interval + opening the
 * port. And ownership then depends on the store of record only: an instance that cannot reach
 * PostgreSQL cannot record the transitions and alerts of the link it flies, so it must not own it;
 * a NATS outage moves no link.
 *
 * Fencing: the owner checks its session every `pollMs`; when the check fails (partition, PostgreSQL
 * restart) it closes its links at once (onLost) before PostgreSQL's keepalive (2 s idle + 2 × 1 s)
 * ends the session and lets another instance take them. A link that cannot be opened after the lock
 * was won (the port is still bound by a fenced-off owner) is unlocked and tried again later.
 */
import pg from 'pg';
import type { LinkSpec } from '../fleet/fleet.js';

/** Advisory lock class for link leases ("elbl"), the key space separate from the migration lock. */
export const LEASE_CLASS = 0x656c626c;

export interface LinkLeaseOptions {
  url: string;
  /** The store's schema: part of each lease key, so deployments (and test schemas) in one database never collide. */
  schema?: string;
  links: readonly LinkSpec[];
  /** Links this instance takes as soon as they are free; others only once free for takeoverDelayMs. */
  prefer?: readonly string[];
  pollMs?: number;
  takeoverDelayMs?: number;
  /** Open the link (must throw when its port cannot be opened). */
  onAcquired(spec: LinkSpec): Promise<void>;
  /** Close the link now: the lease is gone. */
  onLost(spec: LinkSpec, why: string): Promise<void>;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export class LinkLeases {
  private client: pg.Client | undefined;
  private readonly owned = new Set<string>();
  private readonly freeSince = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private closed = false;

  constructor(private readonly o: LinkLeaseOptions) {}

  /** Starts polling; the first round runs before this resolves (an instance starting alone owns its links at once). */
  async start(): Promise<void> {
    await this.round();
    this.timer = setInterval(() => void this.round(), this.o.pollMs ?? 500);
  }

  /** Advisory locks are per database: the schema is part of the key, so test schemas do not collide. */
  private keyOf(spec: LinkSpec): string {
    return `${this.o.schema ?? 'public'}/${spec.name}`;
  }

  ownedLinks(): string[] {
    return [...this.owned];
  }

  /** Whether the lease session answered on the last round (readiness). */
  healthy(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<pg.Client> {
    // Server-side keepalive ends a partitioned owner's session (and frees its locks) within ~4 s.
    const c = new pg.Client({ connectionString: this.o.url, connectionTimeoutMillis: 2_000, keepAlive: true, options: '-c tcp_keepalives_idle=2 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=2 -c idle_session_timeout=0' });
    c.on('error', () => undefined); // reported by the next query of round()
    await c.connect();
    return c;
  }

  private async round(): Promise<void> {
    if (this.running || this.closed) return;
    this.running = true;
    try {
      try {
        this.client ??= await this.connect();
        const held = await withTimeout(this.client.query<{ objid: number }>(`SELECT objid::int8 AS objid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::oid AND objsubid = 2 AND granted`, [LEASE_CLASS]), 2_000);
        await this.takeFree(new Set(held.rows.map((r) => Number(r.objid) | 0)));
      } catch (e) {
        await this.fence(`the lease session to PostgreSQL failed (${(e as Error).message})`);
      }
    } finally {
      this.running = false;
    }
  }

  private async takeFree(heldKeys: Set<number>): Promise<void> {
    const c = this.client!;
    const now = Date.now();
    for (const spec of this.o.links) {
      if (this.owned.has(spec.name) || this.closed) continue;
      const [{ key }] = (await c.query<{ key: number }>('SELECT hashtext($1) AS key', [this.keyOf(spec)])).rows as [{ key: number }];
      if (heldKeys.has(key)) {
        this.freeSince.delete(spec.name);
        continue;
      }
      if (!this.freeSince.has(spec.name)) this.freeSince.set(spec.name, now);
      const preferred = !this.o.prefer || this.o.prefer.length === 0 || this.o.prefer.includes(spec.name);
      if (!preferred && now - this.freeSince.get(spec.name)! < (this.o.takeoverDelayMs ?? 1_000)) continue;
      const got = (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LEASE_CLASS, this.keyOf(spec)])).rows[0]?.ok;
      if (!got) continue;
      try {
        await this.o.onAcquired(spec);
        this.owned.add(spec.name);
        this.freeSince.delete(spec.name);
        this.o.log?.('link lease acquired', { link: spec.name });
      } catch (e) {
        await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_CLASS, this.keyOf(spec)]);
        this.o.log?.('link lease won but the link did not open; released', { link: spec.name, error: (e as Error).message });
      }
    }
  }

  private async fence(why: string): Promise<void> {
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
    for (const name of [...this.owned]) {
      this.owned.delete(name);
      const spec = this.o.links.find((l) => l.name === name)!;
      this.o.log?.('link lease lost: closing the link', { link: name, why });
      await this.o.onLost(spec, why).catch(() => undefined);
    }
  }

  /** Stops polling and releases every lease (a clean shutdown hands links over at once). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    const c = this.client;
    this.client = undefined;
    this.owned.clear();
    await c?.end().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}
