// @ts-check
/** Side panels: link state (GET /api/links). The planning panel is in plan-panel.js. */
import { isNotFound } from './api.js';

/**
 * Polls GET /api/links every 5 s and shows per-link counters.
 * @param {import('./api.js').Api} api @param {HTMLElement} el
 * @returns {() => void} stop
 */
export function startLinks(api, el) {
  /** @type {Map<string, {rx: number, at: number}>} */
  const prev = new Map();
  const tick = async () => {
    try {
      /** @type {{name: string, url: string, stats: Record<string, number>}[]} */
      const links = await api.get('/links');
      el.replaceChildren(
        ...links.map((l) => {
          const now = performance.now();
          const p = prev.get(l.name);
          const rate = p ? ((l.stats.rxPackets - p.rx) * 1000) / (now - p.at) : undefined;
          prev.set(l.name, { rx: l.stats.rxPackets, at: now });
          const li = document.createElement('li');
          li.className = 'link-row';
          li.dataset.link = l.name;
          const quiet = rate !== undefined && rate < 1;
          li.dataset.state = quiet ? 'quiet' : 'ok';
          li.textContent = `${l.name} (${l.url}): ${rate === undefined ? '…' : `${rate.toFixed(0)} pkt/s`} · rx ${l.stats.rxPackets} · CRC errors ${l.stats.crcErrors} · lost ${l.stats.seqGaps}${quiet ? ' · NO TRAFFIC' : ''}`;
          return li;
        }),
      );
      if (links.length === 0) el.textContent = 'No links configured.';
    } catch (e) {
      el.textContent = isNotFound(e) ? 'Link statistics are not available on this service.' : `Links: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  void tick();
  const t = setInterval(tick, 5000);
  return () => clearInterval(t);
}
