/**
 * firmware-bridge: MAVLink 2 to PX4 over UDP, TCP and serial. Self-contained: imports nothing
 * from src/ or sim/.
 */
export * from './errors.js';
export * from './clock.js';
export * from './codec/dialect.js';
export * from './codec/frame.js';
export * from './codec/decode.js';
export * from './codec/encode.js';
export * from './codec/signing.js';
export * from './transport/transport.js';
export * from './transport/base.js';
export * from './transport/url.js';
export * from './transport/udp.js';
export * from './transport/tcp.js';
export * from './transport/serial.js';
export * from './transport/open.js';
export * from './link/link.js';
export * from './link/channel.js';
export * from './link/stats.js';
export * from './tlog/writer.js';
export * from './tlog/reader.js';
export * from './px4/index.js';
export * from './transaction/index.js';
export * from './command/index.js';
export * from './vehicle/index.js';
export * from './mission/index.js';
export * from './param/index.js';
