/** Seeded PRNG so fuzz and loss tests are reproducible: the simulator's mulberry32, one implementation. */
export { mulberry32 } from '../../../sim/protocol/mission-faults.js';
