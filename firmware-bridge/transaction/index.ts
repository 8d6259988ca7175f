/** The one driver every protocol transaction runs on (mission, fence, rally, parameters, commands), its types and its queue. */
export * from './types.js';
export * from './driver.js';
export * from './queue.js';
