/** Commands: the COMMAND_LONG / COMMAND_INT transaction (pure reducer) and the CommandClient driver. */
export * from './results.js';
export * from './command-int.js';
export * from './command-long.js';
export * from './client.js';
