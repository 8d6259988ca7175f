/** PostgresStore: the same Store contract as SQLite (test/store/contract.ts), plus opening, migrating, closing, restarts. */
import { describe, expect, it } from 'vitest';
import { PG_MIGRATIONS, PostgresStore } from '../../src/store/index.js';
import { T0, rejects, request, storeContract } from './contract.js';
import { PG_URL, dropSchema, freshSchema, pgSkipReason } from './postgres-env.js';

describe.skipIf(pgSkipReason !== undefined)('PostgreSQL', () => {
  storeContract('PostgresStore', async (now) => {
    const schema = freshSchema();
    let opened = false;
    const store = await PostgresStore.open({ url: PG_URL!, schema, now: () => (opened ? now() : new Date(T0)) });
    opened = true;
    return { store, dispose: () => dropSchema(schema) };
  });

  describe('open', () => {
    it('migrates a new schema once; a second instance opening it applies nothing', async () => {
      const schema = freshSchema();
      try {
        const [a, b] = await Promise.all([PostgresStore.open({ url: PG_URL!, schema }), PostgresStore.open({ url: PG_URL!, schema })]);
        // Two instances starting together: the advisory lock lets exactly one migrate.
        expect([a.migrationsApplied, b.migrationsApplied]).toContainEqual(PG_MIGRATIONS.map((m) => m.version));
        expect([a.migrationsApplied, b.migrationsApplied]).toContainEqual([]);
        await a.createDelivery({ id: 'D-1', request });
        expect((await b.getDelivery('D-1'))?.state).toBe('planned');
        await a.close();
        await b.close();
      } finally {
        await dropSchema(schema);
      }
    });
    it('two instances racing on one delivery: exactly one transition wins (row lock)', async () => {
      const schema = freshSchema();
      try {
        const [a, b] = [await PostgresStore.open({ url: PG_URL!, schema }), await PostgresStore.open({ url: PG_URL!, schema })];
        await a.createDelivery({ id: 'D-1', request });
        const results = await Promise.allSettled([a.transitionDelivery('D-1', { to: 'uploading', cause: 'a', expectedFrom: 'planned' }), b.transitionDelivery('D-1', { to: 'aborted', cause: 'b', expectedFrom: 'planned' })]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect((await a.getDelivery('D-1'))!.transitions).toHaveLength(2);
        await a.close();
        await b.close();
      } finally {
        await dropSchema(schema);
      }
    });
    it('an unreachable server is STORE_OPEN_FAILED naming the URL without its password', async () => {
      const p = PostgresStore.open({ url: 'postgres://elbflug:secret@127.0.0.1:1/elbflug', retryMs: 200 });
      await rejects(p, 'STORE_OPEN_FAILED', /127\.0\.0\.1:1/);
      await expect(p).rejects.not.toThrow(/secret/);
    });
    it('text PostgreSQL cannot hold (NUL) is STORE_INVALID_INPUT, and the store still works', async () => {
      const schema = freshSchema();
      const store = await PostgresStore.open({ url: PG_URL!, schema });
      try {
        await rejects(store.createDelivery({ request, cause: 'a\u0000b' }), 'STORE_INVALID_INPUT', /NUL/);
        // JSON keeps it (json, not jsonb): the same round trip as SQLite.
        const d = await store.createDelivery({ request: { note: 'a\u0000b' } });
        expect((await store.getDelivery(d.id))!.request).toEqual({ note: 'a\u0000b' });
      } finally {
        await store.close();
        await dropSchema(schema);
      }
    });
    it('after close every call rejects with STORE_CLOSED; close is idempotent; ping says false', async () => {
      const schema = freshSchema();
      const store = await PostgresStore.open({ url: PG_URL!, schema });
      expect(await store.ping()).toBe(true);
      await store.close();
      await store.close();
      await rejects(store.getDelivery('x'), 'STORE_CLOSED');
      await rejects(store.createDelivery({ request }), 'STORE_CLOSED');
      expect(await store.ping()).toBe(false);
      await dropSchema(schema);
    });
  });
});
