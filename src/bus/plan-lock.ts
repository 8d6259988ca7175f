/**
 * One delivery creation at a time in the whole cluster: a PostgreSQL session advisory lock held
 * while an instance plans, checks against every intent and stores the delivery. Deconfliction
 * needs it: two instances planning the same airspace at the same moment would each check against
 * an index that does not hold the other's plan yet. Inside the lock the index is first brought up
 * to date from the store (IntentService.exclusive), so the check sees every stored delivery.
 * A holder that dies ends its session, and PostgreSQL frees the lock at once.
 */
import pg from 'pg';
import { StoreError } from '../store/errors.js';

/** Advisory lock class for plan serialisation ("elbp"), apart from the lease and migration keys. */
export const PLAN_LOCK_CLASS = 0x656c6270;

export class PlanLock {
  private client: pg.Client | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    /** Part of the key: deployments (and test schemas) in one database do not wait for each other. */
    private readonly schema = 'public',
    /** How long taking the lock is retried while PostgreSQL is unreachable (the store's store.retryS). */
    private readonly retryMs = 15_000,
  ) {}

  /** Runs `fn` holding the lock; calls of this instance queue up behind each other first. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(() => this.locked(fn));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async session(): Promise<pg.Client> {
    if (this.client) return this.client;
    // lock_timeout: a holder stuck for 30 s is a failure to report, not a reason to hang.
    const c = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000, keepAlive: true, options: '-c lock_timeout=30000' });
    c.on('error', () => {
      if (this.client === c) this.client = undefined;
    });
    await c.connect();
    this.client = c;
    return c;
  }

  /** Takes the lock; while PostgreSQL is unreachable (restarting) it tries again for retryMs, like the store's writes. */
  private async take(): Promise<pg.Client> {
    const until = Date.now() + this.retryMs;
    for (;;) {
      let c: pg.Client | undefined;
      try {
        c = await this.session();
        await c.query('SELECT pg_advisory_lock($1, hashtext($2))', [PLAN_LOCK_CLASS, `${this.schema}/plans`]);
        return c;
      } catch (e) {
        this.client = undefined;
        await c?.end().catch(() => undefined);
        if (Date.now() >= until) throw new StoreError('STORE_UNAVAILABLE', `could not take the cluster's planning lock in PostgreSQL (${(e as Error).message}); nothing was stored — retry when PostgreSQL answers`, {});
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const c = await this.take();
    try {
      return await fn();
    } finally {
      await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [PLAN_LOCK_CLASS, `${this.schema}/plans`]).catch(async () => {
        // the session is broken: ending it frees the lock on the server
        this.client = undefined;
        await c.end().catch(() => undefined);
      });
    }
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
