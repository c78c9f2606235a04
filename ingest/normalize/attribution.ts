import type { AttributionKeys } from "@/lib/domain/ingest-settings";
import { MAX_IDENTITY_LENGTH, SESSION_ID_KEYS, USER_ID_KEYS } from "@/lib/domain/span/identity-keys";
import type { Attributes } from "../otlp/types";
import { firstString } from "./attributes";

// Tenant (the customer of the monitored product), feature, session (conversation) and end
// user, by the keys DESIGN.md and issue 19 list, after any keys the project maps itself.
// Convention-specific keys (OpenLLMetry association properties, Vercel telemetry metadata,
// OpenInference metadata JSON) come from the normalizers.

export const DEFAULT_TENANT_KEYS = ["tenant.id", "tenant_id", "tenant"];
export const DEFAULT_FEATURE_KEYS = ["feature.name", "feature", "feature_name"];

export type SpanAttribution = { tenant: string; feature: string; session_id: string; user_id: string };

function pick(
  attributes: Attributes,
  resource: Attributes,
  projectKeys: readonly string[],
  defaults: readonly string[],
  fromConvention: string | undefined,
): string {
  return (
    firstString(attributes, projectKeys) ??
    firstString(attributes, defaults) ??
    fromConvention ??
    firstString(resource, [...projectKeys, ...defaults]) ??
    ""
  );
}

export function attribution(
  attributes: Attributes,
  resource: Attributes,
  projectKeys: AttributionKeys,
  fromConventions: { tenant?: string; feature?: string; sessionId?: string; userId?: string },
): SpanAttribution {
  return {
    tenant: pick(attributes, resource, projectKeys.tenantKeys, DEFAULT_TENANT_KEYS, fromConventions.tenant),
    feature: pick(attributes, resource, projectKeys.featureKeys, DEFAULT_FEATURE_KEYS, fromConventions.feature),
    session_id: pick(
      attributes,
      resource,
      projectKeys.sessionKeys ?? [],
      SESSION_ID_KEYS,
      fromConventions.sessionId,
    ).slice(0, MAX_IDENTITY_LENGTH),
    user_id: pick(attributes, resource, projectKeys.userKeys ?? [], USER_ID_KEYS, fromConventions.userId).slice(
      0,
      MAX_IDENTITY_LENGTH,
    ),
  };
}
