/**
 * Path and query numbers as the API accepts them: plain decimal digits only. `z.coerce.number()`
 * alone also takes "0x1", "1e0", " 1" and "" (→ 0), so one vehicle had many spellings and the audit
 * log recorded a sysid of "0x1" for a command sent to sim/1.
 */
import { z } from 'zod';

/**
 * A decimal integer in [min, max] given as a string (path or query), e.g. `decimalInt(1, 255)` for a sysid.
 * @example decimalInt(1, 255).parse('17') // → 17; '0x11', '1e1', ' 17' are refused
 */
export function decimalInt(min: number, max: number) {
  return z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/, `expected a decimal integer ${min}…${max} (digits only)`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}
