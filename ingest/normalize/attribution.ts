import type { AttributionKeys } from "@/lib/domain/ingest-settings";
import type { Attributes } from "../otlp/types";
import { firstString } from "./attributes";

// Tenant (the customer of the monitored product) and feature, by the keys DESIGN.md lists,
// after any keys the project maps itself. Convention-specific keys (OpenLLMetry association
// properties, Vercel telemetry metadata, OpenInference metadata JSON) come from the normalizers.

export const DEFAULT_TENANT_KEYS = ["tenant.id", "tenant_id", "tenant"];
export const DEFAULT_FEATURE_KEYS = ["feature.name", "feature", "feature_name"];

export function attribution(
  attributes: Attributes,
  resource: Attributes,
  projectKeys: AttributionKeys,
  fromConventions: { tenant?: string; feature?: string },
): { tenant: string; feature: string } {
  const tenant =
    firstString(attributes, projectKeys.tenantKeys) ??
    firstString(attributes, DEFAULT_TENANT_KEYS) ??
    fromConventions.tenant ??
    firstString(resource, [...projectKeys.tenantKeys, ...DEFAULT_TENANT_KEYS]);
  const feature =
    firstString(attributes, projectKeys.featureKeys) ??
    firstString(attributes, DEFAULT_FEATURE_KEYS) ??
    fromConventions.feature ??
    firstString(resource, [...projectKeys.featureKeys, ...DEFAULT_FEATURE_KEYS]);
  return { tenant: tenant ?? "", feature: feature ?? "" };
}
