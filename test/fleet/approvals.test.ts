/** Mission approvals are stored before the vehicle may arm and survive a restart of the service (real SQLite file). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MissionApprovals } from '../../src/fleet/approvals.js';
import { isStoreError, SqliteStore } from '../../src/store/index.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'elbflug-approvals-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('mission approvals', () => {
  it('are on disk when approve() resolves and are known again after reopening the store', async () => {
    const store = SqliteStore.open({ dataDir: dir });
    await store.createDelivery({ id: 'D-1', request: {} });
    const approvals = await MissionApprovals.restore(store);
    expect(approvals.approvalFor(0xdeadbeef)).toBeUndefined();
    await approvals.approve(0xdeadbeef, { deliveryId: 'D-1', approvedBy: 'olga', atMs: Date.parse('2026-05-04T08:00:00Z') });
    await approvals.approve(42, { deliveryId: 'D-1', approvedBy: 'olga', atMs: Date.parse('2026-05-04T08:01:00Z') });
    await store.close();

    const reopened = SqliteStore.open({ dataDir: dir });
    expect((await reopened.listApprovals()).map((a) => a.opaqueId)).toEqual([42, 0xdeadbeef]); // newest first
    const after = await MissionApprovals.restore(reopened);
    expect(after.approvalFor(0xdeadbeef)).toEqual({ deliveryId: 'D-1', approvedBy: 'olga', atMs: Date.parse('2026-05-04T08:00:00Z') });
    expect(after.approvalFor(7)).toBeUndefined();
    expect(after.approvalFor(0)).toBeUndefined(); // PX4's "no plan"
    await reopened.close();
  });

  it('a re-upload of the same plan replaces its approval; a bad record is refused naming the field', async () => {
    const store = SqliteStore.open({ dataDir: dir });
    await store.saveApproval({ opaqueId: 9, deliveryId: 'D-1', approvedBy: 'olga', at: '2026-05-04T08:00:00.000Z' });
    await store.saveApproval({ opaqueId: 9, deliveryId: 'D-2', approvedBy: 'otto', at: '2026-05-04T09:00:00.000Z' });
    expect(await store.listApprovals()).toEqual([{ opaqueId: 9, deliveryId: 'D-2', approvedBy: 'otto', at: '2026-05-04T09:00:00.000Z' }]);
    const e = await store.saveApproval({ opaqueId: -1, deliveryId: 'D-1', approvedBy: 'olga', at: '2026-05-04T08:00:00.000Z' }).catch((x: unknown) => x);
    expect(isStoreError(e, 'STORE_INVALID_INPUT')).toBe(true);
    expect((e as Error).message).toContain('opaqueId');
    expect(await store.listApprovals()).toHaveLength(1); // nothing of the bad record was stored
    await store.close();
  });
});
