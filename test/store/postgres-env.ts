/**
 * The PostgreSQL the tests use: ELBFLUG_TEST_POSTGRES_URL (.ci/run starts PostgreSQL and exports
 * it). Each test gets its own schema, dropped afterwards. With CI=true a missing or unreachable
 * PostgreSQL is a failure; elsewhere the PostgreSQL tests skip with the reason printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresStore, SqliteStore, type Store } from '../../src/store/index.js';

export const PG_URL = process.env.ELBFLUG_TEST_POSTGRES_URL;

async function reachable(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (e) {
    return `PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} does not answer (${(e as Error).message})`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Why the PostgreSQL tests cannot run here, or undefined when they can. Throws on CI. */
export const pgSkipReason: string | undefined = await (async () => {
  const why = PG_URL ? await reachable(PG_URL) : 'ELBFLUG_TEST_POSTGRES_URL is not set (.ci/run sets it after starting PostgreSQL)';
  if (why && process.env.CI === 'true') throw new Error(`${why}. CI=true, so this is a failure, not a skip`);
  if (why) console.warn(`skipping the PostgreSQL tests: ${why}`);
  return why;
})();

/** A new unique schema name (created by the store itself on open). */
export const freshSchema = (): string => `t_${randomBytes(6).toString('hex')}`;

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

/**
 * Both stores for a describe.each: [name, open a fresh one (with its disposal), skip] — SQLite in a
 * temporary directory, PostgreSQL in a fresh schema with a pool of `poolSize` connections.
 */
export function bothStores(poolSize: number): [string, () => Promise<{ store: Store; dispose: () => Promise<void> }>, boolean][] {
  return [
    ['SQLite', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'elbflug-store-'));
      const store = SqliteStore.open({ dataDir: dir });
      return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    }, false],
    [`PostgreSQL (pool of ${poolSize})`, async () => {
      const schema = freshSchema();
      const store = await PostgresStore.open({ url: PG_URL!, schema, poolSize });
      return { store, dispose: async () => (await store.close(), await dropSchema(schema)) };
    }, pgSkipReason !== undefined],
  ];
}
