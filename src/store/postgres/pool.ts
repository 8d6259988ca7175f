/**
 * The PostgreSQL connection pool and the one way the store talks to it: {@link PgDb.run}, one
 * transaction per call, resolving only after COMMIT returned (synchronous_commit = on, so the
 * commit record is fsync'ed on the server: an acknowledged write survives kill -9 of the service
 * and a crash of PostgreSQL itself).
 *
 * While PostgreSQL is unreachable or restarting, a call is retried for `retryMs` — but only when it
 * failed BEFORE its COMMIT was sent: then the server rolled it back and running it again cannot
 * store it twice. A connection lost during COMMIT leaves the outcome unknown and is reported, not
 * retried (an alert or audit entry stored twice is as wrong as one lost).
 */
import pg from 'pg';
import { StoreError } from '../errors.js';

export type Q = <R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<R[]>;

export interface PgDbOptions {
  url: string;
  /** Schema for every table (search_path); default the database's default (public). */
  schema?: string;
  /** How long a call keeps retrying while the database is unreachable (default 15 s). */
  retryMs?: number;
  poolSize?: number;
  /** Called once per retry with the reason (the service logs it). */
  onRetry?: (reason: string, attempt: number) => void;
}

const TIMESTAMPTZ = 1184;
const INT8 = 20;
const JSON_OID = 114;
const base = pg.types.getTypeParser.bind(pg.types);
/** Times as ISO 8601 with ms (as the SQLite store), counts and BIGSERIAL ids as numbers, JSON as its text for decodeJson. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMPTZ) {
      const parse = base(TIMESTAMPTZ, 'text') as (s: string) => Date;
      return (s: string) => parse(s).toISOString();
    }
    if (oid === INT8) return (s: string) => Number(s);
    if (oid === JSON_OID) return (s: string) => s;
    return base(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '40001', '40P01']);

/** True when the failure says "the database went away / is restarting", not "this statement is wrong". */
export function isTransient(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  if (CONNECTION_CODES.has(code) || code.startsWith('08')) return true;
  // "timeout exceeded when trying to connect": pg-pool found no free connection in time (a burst, or the server is slow to accept).
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test((e as Error).message ?? '');
}

/** Maps a PostgreSQL failure of a write to the store's codes (nothing was stored). */
export function storeErrorOf(e: unknown, what: string, where: string): StoreError {
  if (e instanceof StoreError) return e;
  const code = (e as { code?: string }).code ?? '';
  const msg = (e as Error).message ?? String(e);
  if (code === '23505') return new StoreError('STORE_DUPLICATE', `${what} already exists; choose another id or omit it to get a new one`, { postgres: code });
  // 22021: a NUL character (PostgreSQL text cannot hold U+0000); 22P02/22003: a value PostgreSQL cannot represent.
  if (code === '22021' || code === '22P05' || code === '22P02' || code === '22003') return new StoreError('STORE_INVALID_INPUT', `${what}: ${msg} (PostgreSQL text cannot hold NUL characters)`, { postgres: code });
  return new StoreError('STORE_WRITE_FAILED', `writing ${what} failed (${code || 'error'}: ${msg}); nothing was stored — check ${where}, then retry`, { postgres: code });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PgDb {
  readonly pool: pg.Pool;
  private readonly retryMs: number;

  constructor(
    private readonly o: PgDbOptions,
    /** Where, for messages: the URL without its password. */
    readonly where: string,
  ) {
    const options = [`-c synchronous_commit=on`, ...(o.schema ? [`-c search_path=${o.schema}`] : [])].join(' ');
    this.pool = new pg.Pool({ connectionString: o.url, max: o.poolSize ?? 10, options, types, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
    // An idle client whose server went away emits 'error'; the next checkout gets a fresh one.
    this.pool.on('error', () => undefined);
    this.retryMs = o.retryMs ?? 15_000;
  }

  /**
   * Runs `fn` in one transaction (read-only ones too, so multi-table reads are consistent) and
   * resolves after COMMIT. A StoreError thrown by `fn` rolls back and is rethrown as is.
   */
  async run<T>(what: string, fn: (q: Q) => Promise<T>, mode: 'write' | 'read' = 'write'): Promise<T> {
    const until = Date.now() + this.retryMs;
    for (let attempt = 1; ; attempt++) {
      let committing = false;
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        const c = client;
        const q: Q = async <R>(sql: string, params: readonly unknown[] = []) => (await c.query(sql, params as unknown[])).rows as R[];
        await c.query(mode === 'read' ? 'BEGIN READ ONLY' : 'BEGIN');
        const result = await fn(q);
        committing = true;
        await c.query('COMMIT');
        c.release();
        return result;
      } catch (e) {
        const transient = isTransient(e);
        if (client) {
          if (!transient) await client.query('ROLLBACK').catch(() => undefined);
          client.release(transient ? (e as Error) : undefined);
        }
        if (!transient) throw storeErrorOf(e, what, this.where);
        if (committing && mode === 'write') {
          throw new StoreError('STORE_WRITE_FAILED', `the connection to ${this.where} broke while ${what} was being committed; it may or may not be stored — reload before repeating it`, { outcome: 'unknown' });
        }
        if (Date.now() >= until) {
          throw new StoreError('STORE_UNAVAILABLE', `PostgreSQL at ${this.where} could not be reached for ${Math.round(this.retryMs / 1000)} s (${(e as Error).message}); nothing of ${what} was stored — start PostgreSQL or check store.url, then retry`, { where: this.where });
        }
        this.o.onRetry?.((e as Error).message, attempt);
        await sleep(Math.min(1_000, 50 * 2 ** Math.min(attempt, 5)));
      }
    }
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
