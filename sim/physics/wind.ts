/** Steady wind plus seeded gusts (a first-order Gauss–Markov process), pure and deterministic. */
import { makeRng, type Rng } from './rng.js';

export interface WindConfig {
  /** steady wind speed m/s and the direction it blows FROM, degrees from north */
  speedMps: number;
  fromDeg: number;
  /** gust standard deviation m/s (0 = none) and correlation time s */
  gustStdMps: number;
  gustTauS: number;
}

export interface WindSample {
  /** air velocity (the direction the air moves TO), m/s */
  n: number;
  e: number;
  gustN: number;
  gustE: number;
}

export const NO_WIND: WindSample = { n: 0, e: 0, gustN: 0, gustE: 0 };
export const CALM: WindConfig = { speedMps: 0, fromDeg: 0, gustStdMps: 0, gustTauS: 3 };

export class WindModel {
  private gn = 0;
  private ge = 0;
  /** an extra one-off gust (fault "windGust"): velocity and remaining seconds */
  private burst: { n: number; e: number; leftS: number } | undefined;
  private readonly rng: Rng;

  constructor(
    public config: WindConfig,
    seed: number,
  ) {
    this.rng = makeRng(seed ^ 0x5eed);
  }

  /** Inject a gust of `speedMps` from `fromDeg` lasting `durationS`. */
  gust(speedMps: number, fromDeg: number, durationS: number): void {
    const to = ((fromDeg + 180) * Math.PI) / 180;
    this.burst = { n: speedMps * Math.cos(to), e: speedMps * Math.sin(to), leftS: durationS };
  }

  /** Advance by dt and return the wind now. */
  step(dt: number): WindSample {
    const c = this.config;
    if (c.gustStdMps > 0) {
      const a = Math.exp(-dt / c.gustTauS);
      const s = c.gustStdMps * Math.sqrt(1 - a * a);
      this.gn = a * this.gn + s * this.rng.normal();
      this.ge = a * this.ge + s * this.rng.normal();
    }
    let bn = 0;
    let be = 0;
    if (this.burst) {
      bn = this.burst.n;
      be = this.burst.e;
      this.burst.leftS -= dt;
      if (this.burst.leftS <= 0) this.burst = undefined;
    }
    const to = ((c.fromDeg + 180) * Math.PI) / 180;
    const gustN = this.gn + bn;
    const gustE = this.ge + be;
    return { n: c.speedMps * Math.cos(to) + gustN, e: c.speedMps * Math.sin(to) + gustE, gustN, gustE };
  }
}
