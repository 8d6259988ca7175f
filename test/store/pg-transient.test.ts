/** Which PostgreSQL failures a store call retries (the database went away or is busy) and which it reports at once. */
import { describe, expect, it } from 'vitest';
import { isTransient } from '../../src/store/postgres/pool.js';

const err = (message: string, code?: string): Error => Object.assign(new Error(message), code ? { code } : {});

describe('isTransient', () => {
  it.each([
    ['connection refused', err('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['server shutting down', err('terminating connection due to administrator command', '57P01'), true],
    ['starting up', err('the database system is starting up', '57P03'), true],
    ['connection lost mid-query', err('Connection terminated unexpectedly'), true],
    // pg-pool: no free connection within connectionTimeoutMillis (300 vehicles discovered at once)
    ['pool checkout timeout', err('timeout exceeded when trying to connect'), true],
    ['serialization failure', err('could not serialize access', '40001'), true],
    ['unique violation', err('duplicate key value violates unique constraint', '23505'), false],
    ['syntax error', err('syntax error at or near "SELEC"', '42601'), false],
    ['NUL in text', err('invalid byte sequence for encoding "UTF8": 0x00', '22021'), false],
  ])('%s → %s', (_what, e, transient) => {
    expect(isTransient(e)).toBe(transient);
  });
});
