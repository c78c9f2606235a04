// What a project configures about its ingest (Settings → Ingest), as the normalizer reads it.

/** Extra attribute keys the project maps to tenant, feature, session and end user (read before the conventions' own). */
export type AttributionKeys = {
  tenantKeys: string[];
  featureKeys: string[];
  sessionKeys?: string[];
  userKeys?: string[];
};

/** `retrievalLowScore`: the best-document score under which `retrieval_low_score` fires (default 0.5). */
export type ProjectIngestSettings = AttributionKeys & { payloadCapBytes: number; retrievalLowScore?: number };
export const DEFAULT_PAYLOAD_CAP_BYTES = 256 * 1024;

export const DEFAULT_RETRIEVAL_LOW_SCORE = 0.5;
