/**
 * The spatial-temporal index of live intents: an R-tree (rbush) over the volumes' footprints, with
 * the time window and altitude band checked on each candidate. Updating one intent (a telemetry-
 * driven change) removes and re-inserts only its volumes. Pure data structure: no I/O, no clock.
 */
import RBush from 'rbush';
import { footprintBounds } from './footprint.js';
import { spatialConflict, timesOverlap } from './conflicts.js';
import { isLive } from './intent-state.js';
import type { Conflict, DeconflictRules, OperationalIntent, Volume } from './types.js';

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  intentId: string;
  volume: Volume;
}

export class IntentIndex {
  private readonly tree = new RBush<Entry>();
  private readonly intents = new Map<string, { intent: OperationalIntent; entries: Entry[] }>();

  constructor(readonly rules: DeconflictRules) {}

  get size(): number {
    return this.intents.size;
  }

  get(id: string): OperationalIntent | undefined {
    return this.intents.get(id)?.intent;
  }

  all(): OperationalIntent[] {
    return [...this.intents.values()].map((e) => e.intent);
  }

  /** Add or replace an intent; an Ended intent is removed (its volumes are released). */
  put(intent: OperationalIntent): void {
    this.remove(intent.id);
    if (!isLive(intent.state)) return;
    const entries = intent.volumes.map((volume) => ({ ...footprintBounds(volume.footprint), intentId: intent.id, volume }));
    this.tree.load(entries);
    this.intents.set(intent.id, { intent, entries });
  }

  remove(id: string): void {
    const old = this.intents.get(id);
    if (!old) return;
    for (const e of old.entries) this.tree.remove(e);
    this.intents.delete(id);
  }

  /**
   * Every volume of another live intent near `v` in space, whose window overlaps [fromMs, toMs].
   * `near` means the bounding boxes are within the horizontal separation.
   */
  candidates(v: Volume, fromMs: number, toMs: number, excludeId: string): Entry[] {
    const b = footprintBounds(v.footprint);
    const s = this.rules.horizontalSeparationM;
    return this.tree.search({ minX: b.minX - s, minY: b.minY - s, maxX: b.maxX + s, maxY: b.maxY + s }).filter((e) => e.intentId !== excludeId && e.volume.tStartMs < toMs && fromMs < e.volume.tEndMs);
  }

  /**
   * Conflicts of `intent` (not itself indexed, or indexed under its own id) with every live intent.
   * @example index.conflicts(candidate).map((c) => `${c.otherId} ${c.other.label}`)
   */
  conflicts(intent: OperationalIntent): Conflict[] {
    const out: Conflict[] = [];
    for (const v of intent.volumes) {
      for (const e of this.candidates(v, v.tStartMs, v.tEndMs, intent.id)) {
        if (!timesOverlap(v, e.volume)) continue;
        const gap = spatialConflict(v, e.volume, this.rules);
        if (!gap) continue;
        out.push({ intentId: intent.id, otherId: e.intentId, volume: v, other: e.volume, otherState: this.intents.get(e.intentId)!.intent.state, fromMs: Math.max(v.tStartMs, e.volume.tStartMs), toMs: Math.min(v.tEndMs, e.volume.tEndMs), ...gap });
      }
    }
    return out;
  }

  /**
   * The delays (seconds, within [0, maxDelayS]) at which `intent` would conflict: one open interval
   * per spatially conflicting pair of volumes, (other.start − v.end, other.end − v.start).
   */
  blockedDelays(intent: OperationalIntent, maxDelayS: number): { fromS: number; toS: number; conflict: Conflict }[] {
    const out: { fromS: number; toS: number; conflict: Conflict }[] = [];
    const maxMs = maxDelayS * 1000;
    for (const v of intent.volumes) {
      for (const e of this.candidates(v, v.tStartMs, v.tEndMs + maxMs, intent.id)) {
        const gap = spatialConflict(v, e.volume, this.rules);
        if (!gap) continue;
        const fromS = (e.volume.tStartMs - v.tEndMs) / 1000;
        const toS = (e.volume.tEndMs - v.tStartMs) / 1000;
        if (toS <= 0 || fromS >= maxDelayS) continue;
        out.push({ fromS, toS, conflict: { intentId: intent.id, otherId: e.intentId, volume: v, other: e.volume, otherState: this.intents.get(e.intentId)!.intent.state, fromMs: Math.max(v.tStartMs, e.volume.tStartMs), toMs: Math.min(v.tEndMs, e.volume.tEndMs), ...gap } });
      }
    }
    return out;
  }
}
