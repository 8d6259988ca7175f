/** PX4-specific knowledge: flight modes (custom_mode) and DO_SET_MODE parameters. */
export * from './modes.js';
