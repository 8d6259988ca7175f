/**
 * Planning off the event loop: a small pool of worker threads (plan-worker.ts), each with its own
 * copy of the airspace index, runs planAlone — the route search, mission, fence and rally points
 * with their Return checks — and validateMission for imported missions, so a heavy plan or
 * validation never stalls the HTTP server, the websocket hub or the vehicle links. Requests queue for the first free worker. A typed error thrown in a worker is
 * thrown again here as the same class with the same code and details, so the API maps it to the
 * same HTTP status; a worker that dies fails its request with PLAN_WORKER_FAILED and is replaced.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BridgeError } from '../../firmware-bridge/errors.js';
import { AirspaceError } from '../airspace/errors.js';
import { MissionBuildError } from '../mission/errors.js';
import { FleetError } from './errors.js';
import type { PlannerObstacles } from '../planner/obstacles.js';
import type { PlanRequest } from '../planner/types.js';
import type { PlanOut } from './plan-alone.js';
import type { MissionValidation } from '../mission/validate-mission.js';
import type { PlanWorkerData, PlanWorkerJob, PlanWorkerReply, ValidateJob } from './plan-worker.js';

export interface PlanPoolOptions extends PlanWorkerData {
  /** Worker threads (default: cores − 1, at least 1, at most 2). */
  readonly size?: number;
}

type CodedCtor = new (code: never, message: string, details?: Readonly<Record<string, unknown>>) => Error;
/** The typed errors planning can throw, by name (the worker sends the name across). */
const ERROR_CLASSES: Readonly<Record<string, CodedCtor>> = { AirspaceError, MissionBuildError, BridgeError, FleetError };

/**
 * The error a worker reported, as the class it was thrown as.
 * @example
 * reviveError({ name: 'AirspaceError', code: 'HEIGHT_REFERENCE_MISSING', message: '…' }) instanceof AirspaceError; // → true
 */
export function reviveError(e: { name: string; code?: string; message: string; details?: unknown }): Error {
  const details = (e.details ?? {}) as Readonly<Record<string, unknown>>;
  const Ctor = ERROR_CLASSES[e.name];
  if (Ctor && e.code !== undefined) return new Ctor(e.code as never, e.message, details);
  return Object.assign(new Error(e.message), { name: e.name, ...(e.code !== undefined ? { code: e.code, details } : {}) });
}

interface Task {
  readonly id: number;
  readonly job: PlanWorkerJob;
  readonly resolve: (out: { out: unknown; threadId: number }) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
}

export class PlanPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly o: PlanPoolOptions) {}

  /** Plans in a worker (planAlone, with `temporary` obstacles for this plan only); resolves with the plan and the worker's thread id. */
  async plan(request: PlanRequest, temporary?: PlannerObstacles): Promise<PlanOut & { threadId: number }> {
    const { out, threadId } = await this.run({ kind: 'plan', request, ...(temporary ? { temporary } : {}) });
    return { ...(out as PlanOut), threadId };
  }

  /** validateMission in a worker, against the pool's index and structures; with the worker's thread id. */
  async validate(job: ValidateJob): Promise<MissionValidation & { threadId: number }> {
    const { out, threadId } = await this.run({ kind: 'validate', ...job });
    return { ...(out as MissionValidation), threadId };
  }

  private run(job: PlanWorkerJob): Promise<{ out: unknown; threadId: number }> {
    if (this.closed) return Promise.reject(new FleetError('PLAN_WORKER_FAILED', 'the planning pool is closed (the service is stopping)'));
    // Workers start with the first plan, not with the service: a start (or a restart after a crash,
    // with a drone in the air waiting for its ground station) does not share its CPU with them.
    if (this.slots.length === 0) {
      const size = this.o.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
      for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new FleetError('PLAN_WORKER_FAILED', 'the planning pool closed before this request was planned'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const ts = import.meta.url.endsWith('.ts');
    const url = new URL(ts ? './plan-worker.ts' : './plan-worker.js', import.meta.url).href;
    const workerData = { zones: this.o.zones, origin: this.o.origin, groundAmslM: this.o.groundAmslM, ...(this.o.obstacles ? { obstacles: this.o.obstacles } : {}) } satisfies PlanWorkerData;
    // the TypeScript sources run through tsx, in the worker too (registered before the import)
    const worker = ts
      ? new Worker(`import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href)}).then((m) => { m.register(); return import(${JSON.stringify(url)}); });`, { eval: true, workerData })
      : new Worker(new URL(url), { workerData });
    worker.unref();
    const slot: Slot = { worker, task: undefined };
    worker.on('message', (reply: PlanWorkerReply) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      slot.task = undefined;
      if ('error' in reply) task.reject(reviveError(reply.error));
      else task.resolve({ out: reply.out, threadId: reply.threadId });
      this.dispatch();
    });
    const fail = (why: string): void => {
      const task = slot.task;
      slot.task = undefined;
      task?.reject(new FleetError('PLAN_WORKER_FAILED', `the planning worker failed (${why}); try again`));
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      this.dispatch();
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) fail(`exit ${code}`);
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task || !this.queue.length) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, job: task.job });
    }
  }
}
