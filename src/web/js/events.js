// @ts-check
/**
 * The page's one event hub. Each module publishes what happened (a telemetry frame, an alert, a
 * delivery's new state, the websocket's state) and subscribes to what it shows, so main.js only
 * creates the modules and no module holds a callback into another. The topics and their payloads
 * are typed here: a misspelt topic or a wrong payload fails `npm run typecheck`.
 */

/**
 * @typedef {{
 *   telemetry: Record<string, import('./vehicles.js').Telemetry>,
 *   alert: {alert: import('./alerts.js').IncomingAlert, source: 'service' | 'local', history?: boolean},
 *   'alert-shown': {severity: string},
 *   delivery: import('./deliveries.js').DeliveryLike,
 *   connection: {state: 'connecting' | 'live' | 'down', detail?: string},
 * }} Topics
 */

export class EventHub {
  constructor() {
    /** @type {Map<keyof Topics, Set<(payload: any) => void>>} */
    this.subscribers = new Map();
  }

  /**
   * @template {keyof Topics} K
   * @param {K} topic @param {(payload: Topics[K]) => void} fn
   * @returns {() => void} unsubscribe
   */
  on(topic, fn) {
    const set = this.subscribers.get(topic) ?? new Set();
    this.subscribers.set(topic, set);
    set.add(fn);
    return () => void set.delete(fn);
  }

  /**
   * Deliver to every subscriber; one that throws does not keep the others from theirs.
   * @template {keyof Topics} K
   * @param {K} topic @param {Topics[K]} payload
   */
  emit(topic, payload) {
    for (const fn of [...(this.subscribers.get(topic) ?? [])]) {
      try {
        fn(payload);
      } catch (e) {
        console.error(`elbflug: a "${topic}" subscriber failed`, e);
      }
    }
  }
}
