import type { AirspaceErrorCode, ValidationIssue } from '../errors.js';

/** Collects issues for one feature; `failed` once any error was reported. */
export class FeatureIssues {
  failed = false;
  featureId: string | undefined;
  constructor(
    private readonly sink: ValidationIssue[],
    readonly featureIndex: number,
  ) {}
  error(code: AirspaceErrorCode, field: string, message: string): void {
    this.failed = true;
    this.push('error', code, field, message);
  }
  warn(code: AirspaceErrorCode, field: string, message: string): void {
    this.push('warning', code, field, message);
  }
  private push(severity: 'error' | 'warning', code: AirspaceErrorCode, field: string, message: string): void {
    const who = this.featureId !== undefined ? `feature ${this.featureIndex} (${this.featureId})` : `feature ${this.featureIndex}`;
    this.sink.push({
      severity, code, featureIndex: this.featureIndex, field,
      ...(this.featureId !== undefined ? { featureId: this.featureId } : {}),
      message: `${who}, ${field}: ${message}`,
    });
  }
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
