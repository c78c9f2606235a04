import { firstNumber, firstString, type Convention } from "./attributes";

// Self-hosted inference reports its hardware on the span: gpu.type, gpu.count, gpu.utilization,
// gpu.memory.used. Such a span is a `gpu` span: its cost is GPU-seconds × hourly rate.
export const gpu: Convention = {
  name: "gpu",
  namespaces: ["gpu"],
  extract(a) {
    const gpuType = firstString(a, ["gpu.type", "gpu.model"]);
    if (!gpuType) return {};
    return {
      kind: "gpu",
      gpuType,
      gpuCount: firstNumber(a, ["gpu.count"]) ?? 1,
      gpuUtilization: firstNumber(a, ["gpu.utilization"]),
    };
  },
};
