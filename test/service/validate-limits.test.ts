/**
 * POST /api/missions/validate is open to viewers and runs in the planning pool the operators' plans
 * share (session 7, redteam): a 7,500-item .plan zigzagging over Hamburg took 43 s of pool time per
 * request, from any viewer token, without limit. Now a mission longer than PX4 stores (2,000 items)
 * is refused before validating, and each token runs one validation at a time (429 for a second).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VALIDATE_ITEMS } from '../../src/server/delivery-routes.js';
import { VIEWER, startTestService, testConfig } from './rig.js';

let svc: Awaited<ReturnType<typeof startTestService>>;
beforeAll(async () => {
  svc = await startTestService(testConfig({ simulator: { enabled: false, vehicles: 0 }, http: { host: '127.0.0.1', port: 0, rateLimit: { windowMs: 60_000, max: 0, anonymousMax: 0 } } }));
}, 60_000);
afterAll(async () => {
  await svc?.close();
});

const zigzag = (n: number): string => JSON.stringify({
  fileType: 'Plan', version: 1, groundStation: 'x',
  mission: { version: 2, plannedHomePosition: [53.55, 9.99, 10], items: Array.from({ length: n }, (_, i) => ({ type: 'SimpleItem', command: 16, frame: 3, params: [0, 0, 0, null, 53.5 + (i % 2) * 0.15, 9.85 + (i % 97) * 0.004, 60], autoContinue: true, doJumpId: i + 1 })) },
});
const validate = (text: string) => fetch(`${svc.url}/api/missions/validate`, { method: 'POST', headers: { authorization: `Bearer ${VIEWER}`, 'content-type': 'application/json' }, body: JSON.stringify({ format: 'plan', text }) });

describe('validation limits', () => {
  it(`more than ${MAX_VALIDATE_ITEMS} items: 400 naming the count, nothing validated`, async () => {
    const r = await validate(zigzag(MAX_VALIDATE_ITEMS + 1));
    const body = (await r.json()) as { code: string; message: string; details: { issues: { path: string }[] } };
    expect([r.status, body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(body.message).toMatch(/2001 items; PX4 stores at most 2000/);
    expect(r.headers.get('x-elbflug-plan-thread')).toBeNull();
  });

  it('one validation at a time per token: of two sent together, one runs and the other gets 429 RATE_LIMITED; afterwards it is accepted', async () => {
    const heavy = zigzag(400); // seconds of pool time: the other arrives while it runs
    const answers = await Promise.all([validate(heavy), validate(heavy)]);
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { code?: string; message?: string }[];
    expect(answers.map((a) => a.status).sort()).toEqual([200, 429]);
    const refused = bodies[answers.findIndex((a) => a.status === 429)]!;
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.message).toMatch(/still running.*one at a time per token/);
    expect((await validate(zigzag(2))).status).toBe(200);
  }, 120_000);
});
