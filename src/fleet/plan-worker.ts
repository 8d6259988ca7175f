/**
 * The planning worker thread (plan-pool.ts): builds the airspace index once from the zones it is
 * given, then answers plan requests with planAlone and mission validations (POST
 * /api/missions/validate) with validateMission against the same index and structures. A thrown error goes back as its name, code,
 * message and details, so the pool can throw the same typed error on the main thread.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { createAirspaceIndex } from '../airspace/query/create-index.js';
import type { OperationProfile } from '../airspace/profile.js';
import type { Zone } from '../airspace/types.js';
import type { LatLon } from '../geo/types.js';
import type { PlannerObstacles } from '../planner/obstacles.js';
import type { PlanRequest } from '../planner/types.js';
import type { MissionItem } from '../../firmware-bridge/mission/types.js';
import { validateMission, type MissionValidation, type ValidateMissionOptions } from '../mission/validate-mission.js';
import { planAlone, type PlanOut } from './plan-alone.js';

export interface PlanWorkerData {
  readonly zones: readonly Zone[];
  readonly origin: LatLon;
  readonly groundAmslM: number;
  readonly obstacles?: PlannerObstacles;
}

/** A mission to validate: the worker adds its own index and structures (the service's). */
export interface ValidateJob {
  readonly items: readonly MissionItem[];
  readonly profile: OperationProfile;
  readonly options: Omit<ValidateMissionOptions, 'obstacles' | 'terrain'>;
}

/** What the pool asks a worker. */
export type PlanWorkerJob = { readonly kind: 'plan'; readonly request: PlanRequest; readonly temporary?: PlannerObstacles } | ({ readonly kind: 'validate' } & ValidateJob);

export type PlanWorkerReply =
  | { readonly id: number; readonly threadId: number; readonly out: PlanOut | MissionValidation }
  | { readonly id: number; readonly threadId: number; readonly error: { name: string; code?: string; message: string; details?: unknown } };

const data = workerData as PlanWorkerData;
const deps = {
  index: createAirspaceIndex(data.zones, { origin: data.origin }),
  groundAmslM: data.groundAmslM,
  ...(data.obstacles ? { obstacles: data.obstacles } : {}),
};

parentPort?.on('message', (msg: { id: number; job: PlanWorkerJob }) => {
  let reply: PlanWorkerReply;
  try {
    const { job } = msg;
    const out = job.kind === 'plan'
      ? planAlone(job.request, deps, job.temporary)
      : validateMission(job.items, deps.index, job.profile, { ...job.options, ...(deps.obstacles ? { obstacles: deps.obstacles } : {}) });
    reply = { id: msg.id, threadId, out };
  } catch (e) {
    const err = e as { name?: unknown; code?: unknown; message?: unknown; details?: unknown };
    reply = {
      id: msg.id, threadId,
      error: { name: String(err.name ?? 'Error'), message: String(err.message ?? e), ...(typeof err.code === 'string' ? { code: err.code } : {}), ...(err.details !== undefined ? { details: err.details } : {}) },
    };
  }
  parentPort!.postMessage(reply);
});
