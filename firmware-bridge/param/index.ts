/** Parameters: PX4's bytewise encoding, the read/set transaction and the client. */
export * from './encoding.js';
export * from './param-transaction.js';
export * from './client.js';
