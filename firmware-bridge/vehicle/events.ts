/** A minimal typed event emitter: `on` returns the unsubscribe; a throwing listener cannot break the emitter. */
type Listener = (...args: unknown[]) => void;

export class TypedEvents<E extends { [K in keyof E]: unknown[] }> {
  private readonly listeners = new Map<keyof E, Set<Listener>>();

  /**
   * Listen to one event; returns the unsubscribe.
   * @example const off = registry.on('vehicleDiscovered', (v) => console.log(v.sysid))
   */
  on<K extends keyof E>(event: K, handler: (...args: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const listener = handler as unknown as Listener;
    set.add(listener);
    return () => void set.delete(listener);
  }

  protected emit<K extends keyof E>(event: K, ...args: E[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const h of [...set]) {
      try {
        h(...args);
      } catch {
        // a consumer's bug must not stop telemetry for everyone else
      }
    }
  }
}
