import { describe, expect, it } from "vitest";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { decodeJson } from "../otlp/decode-json";
import { CLAMPED_ATTRIBUTE, ingestWindow, LAST_STORABLE_NANOS, MAX_GPU_COUNT, MAX_TOKENS_PER_SPAN } from "./bounds";
import { normalizeSpan } from "./normalize-span";
import { DEFAULT_PAYLOAD_CAP_BYTES } from "@/lib/domain/ingest-settings";

// Every typed value is bounded at normalization: what could fail an insert is refused with the
// field named, or set to null with the original kept in the attributes.
const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: DEFAULT_PAYLOAD_CAP_BYTES };
const NOW = Date.UTC(2026, 11, 1, 12);
const window = ingestWindow(NOW, { maxPastDays: 365, maxFutureMinutes: 60 });
const DAY = 86_400_000;

function normalize(partial: Partial<JsonSpan>) {
  const [decoded] = decodeJson(
    JSON.stringify(
      otlpJson([
        { traceId: traceId(), spanId: spanId(), name: "poison", startMs: NOW - 1000, durationMs: 500, ...partial },
      ]),
    ),
  );
  return normalizeSpan("p1", decoded!, settings, window);
}
const reason = (partial: Partial<JsonSpan>) => {
  const result = normalize(partial);
  return result.ok ? "accepted" : result.reason;
};
const llm = (extra: Record<string, string | number>) => ({
  attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", ...extra },
});

describe("ingest window", () => {
  it("is INGEST_MAX_PAST_DAYS before now to INGEST_MAX_FUTURE_MINUTES after", () => {
    expect(window.fromNanos).toBe(BigInt(NOW - 365 * DAY) * 1_000_000n);
    expect(window.toNanos).toBe(BigInt(NOW + 3_600_000) * 1_000_000n);
    // Never past what usage_hourly.hour (a DateTime) holds, whatever the clock says.
    expect(ingestWindow(Date.UTC(2106, 5, 1), { maxPastDays: 1, maxFutureMinutes: 60 }).toNanos).toBe(
      LAST_STORABLE_NANOS,
    );
  });

  it("refuses spans that start or end outside it, naming the field", () => {
    expect(reason({ startMs: Date.UTC(2200, 0, 1) })).toMatch(
      /startTimeUnixNano 2200-01-01T00:00:00.000Z is outside the accepted window \(365 days before now to 60 minutes after\)/,
    );
    expect(reason({ startMs: NOW - 366 * DAY })).toMatch(/startTimeUnixNano .* outside/);
    expect(reason({ durationMs: 2 * 3_600_000 })).toMatch(/endTimeUnixNano .* outside/);
    expect(reason({ startMs: NOW - 365 * DAY + 1000, durationMs: 365 * DAY })).toBe("accepted");
  });
});

describe("usage values", () => {
  it("refuses token counts above 10^9 per span, whatever their size (2^63-1 here)", () => {
    expect(
      reason(llm({ "gen_ai.usage.input_tokens": "9223372036854775807", "gen_ai.usage.output_tokens": 1 })),
    ).toMatch(/input_tokens 9223372036854776000 is above 1000000000 per span/);
    expect(
      reason(llm({ "gen_ai.usage.input_tokens": 1, "gen_ai.usage.output_tokens": MAX_TOKENS_PER_SPAN + 1 })),
    ).toMatch(/output_tokens/);
    const atCeiling = normalize(
      llm({ "gen_ai.usage.input_tokens": MAX_TOKENS_PER_SPAN, "gen_ai.usage.output_tokens": 1 }),
    );
    expect(atCeiling).toMatchObject({ ok: true, row: { input_tokens: MAX_TOKENS_PER_SPAN } });
  });

  it("refuses a GPU count the UInt16 column cannot hold, and a reported cost beyond any price", () => {
    expect(reason({ attributes: { "gpu.type": "H100", "gpu.count": MAX_GPU_COUNT + 1 } })).toMatch(
      /gpu.count 65536 is above 65535/,
    );
    expect(normalize({ attributes: { "gpu.type": "H100", "gpu.count": MAX_GPU_COUNT } })).toMatchObject({
      ok: true,
      row: { gpu_count: MAX_GPU_COUNT },
    });
    expect(reason(llm({ "gen_ai.usage.input_tokens": 10, "gen_ai.usage.cost": 5e9 }))).toMatch(
      /reported cost 5000000000 USD is above/,
    );
  });

  it("sets timings and GPU utilization out of bounds to null, keeping the attribute as sent and naming the columns", () => {
    const result = normalize({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.server.time_to_first_token": 1e12,
        "gpu.type": "H100",
        "gpu.utilization": "1e40",
      },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.row).toMatchObject({ time_to_first_token_ms: null, gpu_utilization: null, gpu_count: 1 });
    expect(result.row.attributes[CLAMPED_ATTRIBUTE]).toBe("time_to_first_token_ms,gpu_utilization");
    expect(result.row.attributes["gen_ai.server.time_to_first_token"]).toBe("1000000000000");
    const fine = normalize({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.server.time_to_first_token": 0.4,
      },
    });
    expect(fine).toMatchObject({ ok: true, row: { time_to_first_token_ms: 400 } });
    if (fine.ok) expect(fine.row.attributes[CLAMPED_ATTRIBUTE]).toBeUndefined();
  });
});
