/**
 * The error base every layer shares (bridge, airspace, planner, store, API, …). A leaf module: it
 * imports nothing, so the pure cores and the MAVLink library can both use it without depending on
 * each other (the layering test in test/docs/layering.test.ts keeps it that way).
 */

/**
 * The shape every layer's error shares: a stable `code` from that layer's list, a message that
 * says what to do, and details for the API. Each layer subclasses it with its own code type.
 */
export class CodedError<C extends string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/**
 * The narrowing guard for one layer's error class, optionally for one code; each layer exports one.
 * @example export const isStoreError = codedErrorGuard<StoreErrorCode, StoreError>(StoreError);
 */
export function codedErrorGuard<C extends string, E extends Error & { readonly code: C }>(cls: abstract new (...args: never[]) => E): (e: unknown, code?: C) => e is E {
  return (e: unknown, code?: C): e is E => e instanceof cls && (code === undefined || e.code === code);
}
