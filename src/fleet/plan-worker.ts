/**
 * The planning worker thread (plan-pool.ts): builds the airspace index once from the zones it is
 * given, then answers plan requests with planAlone. A thrown error goes back as its name, code,
 * message and details, so the pool can throw the same typed error on the main thread.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { createAirspaceIndex } from '../airspace/query/create-index.js';
import type { Zone } from '../airspace/types.js';
import type { LatLon } from '../geo/types.js';
import type { PlannerObstacles } from '../planner/obstacles.js';
import type { PlanRequest } from '../planner/types.js';
import { planAlone } from './plan-alone.js';

export interface PlanWorkerData {
  readonly zones: readonly Zone[];
  readonly origin: LatLon;
  readonly groundAmslM: number;
  readonly obstacles?: PlannerObstacles;
}

export type PlanWorkerReply =
  | { readonly id: number; readonly threadId: number; readonly out: import('./plan-alone.js').PlanOut }
  | { readonly id: number; readonly threadId: number; readonly error: { name: string; code?: string; message: string; details?: unknown } };

const data = workerData as PlanWorkerData;
const deps = {
  index: createAirspaceIndex(data.zones, { origin: data.origin }),
  groundAmslM: data.groundAmslM,
  ...(data.obstacles ? { obstacles: data.obstacles } : {}),
};

parentPort?.on('message', (msg: { id: number; request: PlanRequest }) => {
  let reply: PlanWorkerReply;
  try {
    reply = { id: msg.id, threadId, out: planAlone(msg.request, deps) };
  } catch (e) {
    const err = e as { name?: unknown; code?: unknown; message?: unknown; details?: unknown };
    reply = {
      id: msg.id, threadId,
      error: { name: String(err.name ?? 'Error'), message: String(err.message ?? e), ...(typeof err.code === 'string' ? { code: err.code } : {}), ...(err.details !== undefined ? { details: err.details } : {}) },
    };
  }
  parentPort!.postMessage(reply);
});
