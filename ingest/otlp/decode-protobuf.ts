import type Long from "long";
import { ExportTraceServiceRequest } from "./schema";
import { DecodeError, type AttributeValue, type Attributes, type DecodedSpan } from "./types";
import { asBuffer } from "./well-formed";

// protobufjs decodes into plain objects shaped like the descriptor; these types describe them.
export type PbLong = Long | number;
export type PbAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: PbLong;
  doubleValue?: number;
  arrayValue?: { values?: PbAnyValue[] };
  kvlistValue?: { values?: PbKeyValue[] };
  bytesValue?: Uint8Array;
};
export type PbKeyValue = { key?: string; value?: PbAnyValue };
type PbEvent = { timeUnixNano?: PbLong; name?: string; attributes?: PbKeyValue[] };
type PbLink = { traceId?: Uint8Array; spanId?: Uint8Array; attributes?: PbKeyValue[] };
type PbSpan = {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  parentSpanId?: Uint8Array;
  name?: string;
  kind?: number;
  startTimeUnixNano?: PbLong;
  endTimeUnixNano?: PbLong;
  attributes?: PbKeyValue[];
  events?: PbEvent[];
  links?: PbLink[];
  status?: { code?: number; message?: string };
};
type PbRequest = {
  resourceSpans?: Array<{
    resource?: { attributes?: PbKeyValue[] };
    scopeSpans?: Array<{ scope?: { name?: string; version?: string }; spans?: PbSpan[] }>;
  }>;
};

const MAX_DEPTH = 16;

export function longToBigInt(value: PbLong | undefined): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === "number") return BigInt(Math.trunc(value));
  return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}

function longToNumber(value: PbLong): number | string {
  if (typeof value === "number") return value;
  // Token counts and the like: |value| < 2^53 is exact as a Number, no BigInt needed.
  if (!value.unsigned && value.high >= -0x200000 && value.high < 0x200000)
    return value.high * 4294967296 + (value.low >>> 0);
  const big = value.unsigned ? longToBigInt(value) : BigInt(value.toString());
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(big)
    : big.toString();
}

// protobufjs hands bytes fields over as Buffers under Node; other Uint8Arrays get a view.
export const hex = (bytes: Uint8Array | undefined) =>
  !bytes || bytes.length === 0
    ? ""
    : Buffer.isBuffer(bytes)
      ? bytes.toString("hex")
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex");

// The oneof's set member is the decoded message's own property (unset fields read their default
// from the prototype). Checked directly: protobufjs' virtual `value` getter lists the keys each time.
const has = (value: object, field: string) => Object.hasOwn(value, field);

export function anyValue(value: PbAnyValue | undefined, depth = 0): AttributeValue {
  if (!value || depth > MAX_DEPTH) return null;
  if (has(value, "stringValue")) return value.stringValue ?? "";
  if (has(value, "intValue")) return longToNumber(value.intValue ?? 0);
  if (has(value, "doubleValue")) return value.doubleValue ?? 0;
  if (has(value, "boolValue")) return value.boolValue ?? false;
  if (has(value, "arrayValue")) return (value.arrayValue?.values ?? []).map((v) => anyValue(v, depth + 1));
  if (has(value, "kvlistValue")) return keyValues(value.kvlistValue?.values, depth + 1);
  if (has(value, "bytesValue")) return Buffer.from(value.bytesValue ?? new Uint8Array()).toString("base64");
  return null;
}

export function keyValues(list: PbKeyValue[] | undefined, depth = 0): Attributes {
  const out: Attributes = {};
  if (!list) return out;
  for (const kv of list) if (kv.key) out[kv.key] = anyValue(kv.value, depth);
  return out;
}

/** Decodes an `ExportTraceServiceRequest`; any malformed byte string raises `DecodeError`. */
export function decodeProtobuf(body: Uint8Array): DecodedSpan[] {
  let message: PbRequest;
  try {
    message = ExportTraceServiceRequest.decode(asBuffer(body)) as unknown as PbRequest;
  } catch (error) {
    throw new DecodeError(`Malformed protobuf: ${(error as Error).message}`);
  }
  const spans: DecodedSpan[] = [];
  for (const rs of message.resourceSpans ?? []) {
    const resource = keyValues(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: hex(s.parentSpanId),
          name: s.name ?? "",
          kind: s.kind ?? 0,
          startNanos: longToBigInt(s.startTimeUnixNano),
          endNanos: longToBigInt(s.endTimeUnixNano),
          attributes: keyValues(s.attributes),
          events: (s.events ?? []).map((e) => ({
            timeNanos: longToBigInt(e.timeUnixNano),
            name: e.name ?? "",
            attributes: keyValues(e.attributes),
          })),
          links: (s.links ?? []).map((l) => ({
            traceId: hex(l.traceId),
            spanId: hex(l.spanId),
            attributes: keyValues(l.attributes),
          })),
          statusCode: s.status?.code ?? 0,
          statusMessage: s.status?.message ?? "",
          resource,
          scopeName: ss.scope?.name ?? "",
          scopeVersion: ss.scope?.version ?? "",
        });
      }
    }
  }
  return spans;
}
