/**
 * Mission transfer: plan items, the four transaction reducers and the client (they run on ../transaction/).
 * The message builders are exported as the `missionMessages` namespace (generic names such as
 * `commandLong` would otherwise clash with other modules).
 */
export * from './types.js';
export * from './opaque-id.js';
export * as missionMessages from './messages.js';
export * from './timing.js';
export type { MissionContext } from './transaction.js';
export { startUpload, stepUpload, uploadTransaction, type UploadResult, type UploadState } from './upload.js';
export { startDownload, stepDownload, downloadTransaction, type DownloadResult, type DownloadState } from './download.js';
export { startClear, stepClear, clearTransaction, type ClearState } from './clear.js';
export { startSetCurrent, stepSetCurrent, setCurrentTransaction, MAV_CMD_DO_SET_MISSION_CURRENT, type SetCurrentState } from './set-current.js';
export * from './client.js';
