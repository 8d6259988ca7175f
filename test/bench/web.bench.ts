/**
 * Web map smoothness (issue 7: "updates stay smooth at 10 Hz for 20 vehicles"), in Debian's
 * chromium against the web rig: 20 vehicles pushed at 10 Hz for 10 s into the page's VehicleLayer.
 * Measured per tick: the script time of the layer's animation-frame pass, the frame interval
 * (median / p99 / worst) and long tasks (> 50 ms). Peer, same run and page: rebuilding every
 * marker and row on each tick (what a page that re-renders from scratch does).
 */
import { chromium } from 'playwright-core';
import { BROWSER_ARGS, CHROMIUM, HAVE_CHROMIUM } from '../e2e/web/browser.js';
import { startWebRig, TOKENS } from '../e2e/web/rig.js';
import { fmt, median, type BenchTable } from './table.js';

const VEHICLES = 20;
const TICKS = 100; // 10 s at 10 Hz

interface Measured {
  flushMs: number[];
  frameMs: number[];
  longTasks: number;
}

function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

export async function run(): Promise<BenchTable[]> {
  if (!HAVE_CHROMIUM) return [{ title: 'Web map: 20 vehicles at 10 Hz', columns: ['skipped'], rows: [[`no chromium at ${CHROMIUM}`]] }];
  const rig = await startWebRig(1);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    // tsx keeps function names with a __name() helper the page does not have
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(`${rig.base}/?token=${TOKENS[1]!.token}`);
    await page.locator('.vehicle-row[data-vehicle="sim/1"]').waitFor();
    const measure = (rebuild: boolean): Promise<Measured> =>
      page.evaluate(
        async ({ rebuild, vehicles, ticks }) => {
          type Layer = { receive(v: Record<string, unknown>): void; flush(): void; destroy(): void };
          const layer = (window as unknown as { elbflug: { vehicles: Layer } }).elbflug.vehicles;
          const ids = Array.from({ length: vehicles }, (_, i) => `load/${i + 1}`);
          const frame = (t: number) => Object.fromEntries(ids.map((id, i) => [id, { id, connected: true, armed: true, mode: 'Mission', lat: 53.55 + i * 0.002 + t * 1e-5, lon: 9.99 + t * 1e-5, relAltM: 60, speedMps: 12, headingDeg: (t * 7 + i * 10) % 360, battery: { pct: 80, v: 15.8 }, updatedAtMs: t * 100 }]));
          const flushMs: number[] = [];
          const original = layer.flush.bind(layer);
          layer.flush = () => {
            const t0 = performance.now();
            original();
            flushMs.push(performance.now() - t0);
          };
          let longTasks = 0;
          const obs = new PerformanceObserver((l) => void (longTasks += l.getEntries().length));
          obs.observe({ type: 'longtask' });
          const frameMs: number[] = [];
          let last = performance.now();
          let running = true;
          const count = (now: number) => {
            frameMs.push(now - last);
            last = now;
            if (running) requestAnimationFrame(count);
          };
          requestAnimationFrame(count);
          for (let t = 1; t <= ticks; t++) {
            if (rebuild) layer.destroy();
            layer.receive(frame(t));
            await new Promise((res) => setTimeout(res, 100));
          }
          running = false;
          obs.disconnect();
          layer.flush = original;
          for (const id of ids) layer.receive({ [id]: { id, connected: false } });
          return { flushMs, frameMs, longTasks };
        },
        { rebuild, vehicles: VEHICLES, ticks: TICKS },
      );
    const inPlace = await measure(false);
    const rebuilt = await measure(true);
    const row = (name: string, m: Measured): (string | number)[] => [name, fmt(median(m.flushMs), 2), fmt(p(m.flushMs, 0.99), 2), fmt(median(m.frameMs), 1), fmt(p(m.frameMs, 0.99), 1), fmt(Math.max(...m.frameMs), 1), m.longTasks];
    return [
      {
        title: `Web map: ${VEHICLES} vehicles at 10 Hz for ${TICKS / 10} s in chromium (headless, 1024×768)`,
        columns: ['page', 'update pass median ms', 'p99 ms', 'frame interval median ms', 'p99 ms', 'worst ms', 'long tasks'],
        rows: [row('elbflug (update in place)', inPlace), row('peer: rebuild every tick', rebuilt)],
        notes: [`Update pass: elbflug ${fmt(median(rebuilt.flushMs) / Math.max(median(inPlace.flushMs), 1e-3), 1)}× cheaper than rebuilding (medians, same run). A frame interval near 16.7 ms means no dropped frames.`],
      },
    ];
  } finally {
    await browser.close();
    await rig.close();
  }
}
