import { firstNumber, firstString, type Convention } from "./attributes";

// Self-hosted inference reports its hardware on the span: gpu.type, gpu.count, gpu.utilization,
// gpu.memory.used. Its cost is GPU-seconds × hourly rate; it is a `gpu` span only when it is
// not a model call (classify.ts): a served LLM call stays an LLM step with its GPU shown.
export const gpu: Convention = {
  name: "gpu",
  namespaces: ["gpu"],
  extract(a) {
    const gpuType = firstString(a, ["gpu.type", "gpu.model"]);
    if (!gpuType) return {};
    return {
      gpuType,
      gpuCount: firstNumber(a, ["gpu.count"]) ?? 1,
      gpuUtilization: firstNumber(a, ["gpu.utilization"]),
    };
  },
};
