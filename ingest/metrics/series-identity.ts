import { createHash } from "node:crypto";
import type { DecodedMetricPoint } from "../otlp/metric-types";
import type { AttributeValue, Attributes } from "../otlp/types";

// Who a series is about, read from the OpenTelemetry names and the labels the NVIDIA DCGM
// exporter (through a Prometheus receiver) puts on each point, so that `hw.gpu.*` from an
// OTel host collector and `DCGM_FI_*` from a DCGM exporter describe the same GPU alike.
// The point's own attributes win over its resource's: a DCGM scrape's resource is the
// scraper, its labels are the GPU's.

export type SeriesIdentity = {
  seriesId: string;
  service: string;
  host: string;
  pod: string;
  namespace: string;
  gpuIndex: string;
  gpuUuid: string;
  gpuModel: string;
  model: string;
};

const asText = (value: AttributeValue | undefined): string =>
  value === undefined || value === null
    ? ""
    : typeof value === "string"
      ? value
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);

function first(point: DecodedMetricPoint, pointKeys: string[], resourceKeys: string[] = pointKeys): string {
  for (const key of pointKeys) {
    const value = asText(point.attributes[key]);
    if (value) return value;
  }
  for (const key of resourceKeys) {
    const value = asText(point.resource[key]);
    if (value) return value;
  }
  return "";
}

/** `hw.id` is the GPU's UUID when it looks like one (`GPU-…`, as nvidia-smi and DCGM print it), else its index. */
function gpuIds(point: DecodedMetricPoint): { gpuIndex: string; gpuUuid: string } {
  const hwId = first(point, ["hw.id"], []);
  const looksLikeUuid = /^GPU-|^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(hwId);
  return {
    gpuIndex: first(point, ["gpu", "gpu.index", "hw.gpu.index"], []) || (looksLikeUuid ? "" : hwId),
    gpuUuid: first(point, ["UUID", "uuid", "gpu.uuid", "hw.gpu.uuid"], []) || (looksLikeUuid ? hwId : ""),
  };
}

const sorted = (attributes: Attributes) =>
  Object.keys(attributes)
    .sort()
    .map((key) => [key, attributes[key]]);

/** The series a point belongs to: the same resource, scope and attributes are the same series. */
export function seriesIdentity(point: DecodedMetricPoint): SeriesIdentity {
  const identity = JSON.stringify([point.scopeName, sorted(point.resource), sorted(point.attributes)]);
  return {
    seriesId: createHash("sha256").update(identity).digest("hex").slice(0, 32),
    service: first(point, [], ["service.name"]),
    host: first(point, ["Hostname", "host.name"], ["host.name", "k8s.node.name"]),
    pod: first(point, ["pod", "k8s.pod.name"]),
    namespace: first(point, ["namespace", "k8s.namespace.name"]),
    ...gpuIds(point),
    gpuModel: first(point, ["modelName", "hw.model", "gpu.model", "gpu.type"], ["hw.model", "gpu.model", "gpu.type"]),
    model: first(point, ["gen_ai.response.model", "gen_ai.request.model", "model_name"], ["gen_ai.request.model"]),
  };
}
