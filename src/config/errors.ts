/** Errors raised while loading the configuration. Codes are listed in docs/errors.md. */
import { codedErrorGuard } from '../../lib/coded-error.js';
export const CONFIG_ERROR_CODES = ['CONFIG_FILE_UNREADABLE', 'CONFIG_FILE_NOT_JSON', 'CONFIG_INVALID'] as const;
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

/** One problem, naming where it came from: `config.json: http.port` or `ELBFLUG_HTTP_PORT`. */
export interface ConfigIssue {
  readonly source: 'file' | 'env' | 'argv' | 'default';
  /** `FILE: json.path` for the file, the variable name for the environment. */
  readonly where: string;
  readonly message: string;
}

/** A typed configuration error; `issues` lists every problem found, not only the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly code: ConfigErrorCode,
    message: string,
    readonly issues: readonly ConfigIssue[] = [],
  ) {
    super(message);
  }
}

/** Narrowing guard, optionally for one code. */
export const isConfigError = codedErrorGuard<ConfigErrorCode, ConfigError>(ConfigError);
