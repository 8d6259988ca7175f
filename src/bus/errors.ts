/** Errors of the cluster layer (src/bus). Codes are listed in docs/errors.md. */
export const CLUSTER_ERROR_CODES = ['CLUSTER_FORWARD_FAILED'] as const;
export type ClusterErrorCode = (typeof CLUSTER_ERROR_CODES)[number];
