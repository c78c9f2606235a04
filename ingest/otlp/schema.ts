import protobuf from "protobufjs";

// The OTLP messages (opentelemetry-proto v1) as protobufjs JSON descriptors; field numbers
// follow the .proto files. Common and resource here; each signal adds its own (traces below).

/** AnyValue, KeyValue, Resource, InstrumentationScope: shared by the trace, logs and metrics messages. */
export const commonMessages = {
  AnyValue: {
    oneofs: {
      value: {
        oneof: ["stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue"],
      },
    },
    fields: {
      stringValue: { type: "string", id: 1 },
      boolValue: { type: "bool", id: 2 },
      intValue: { type: "int64", id: 3 },
      doubleValue: { type: "double", id: 4 },
      arrayValue: { type: "ArrayValue", id: 5 },
      kvlistValue: { type: "KeyValueList", id: 6 },
      bytesValue: { type: "bytes", id: 7 },
    },
  },
  ArrayValue: { fields: { values: { rule: "repeated", type: "AnyValue", id: 1 } } },
  KeyValueList: { fields: { values: { rule: "repeated", type: "KeyValue", id: 1 } } },
  KeyValue: { fields: { key: { type: "string", id: 1 }, value: { type: "AnyValue", id: 2 } } },
  InstrumentationScope: {
    fields: {
      name: { type: "string", id: 1 },
      version: { type: "string", id: 2 },
      attributes: { rule: "repeated", type: "KeyValue", id: 3 },
      droppedAttributesCount: { type: "uint32", id: 4 },
    },
  },
  Resource: {
    fields: {
      attributes: { rule: "repeated", type: "KeyValue", id: 1 },
      droppedAttributesCount: { type: "uint32", id: 2 },
    },
  },
};

type FieldDescriptor = { type: string; options?: Record<string, unknown> };

// protobufjs verifies UTF-8 in proto3 strings and throws for the whole message on one bad
// byte; unverified, a string is read with Node's decoder, which replaces bad bytes with U+FFFD.
// One span's broken attribute then costs that attribute, not everyone's request.
function lenientStrings(messages: Record<string, unknown>): Record<string, protobuf.AnyNestedObject> {
  const out: Record<string, protobuf.AnyNestedObject> = {};
  for (const [name, message] of Object.entries(messages)) {
    const { fields, ...rest } = message as { fields?: Record<string, FieldDescriptor> };
    if (!fields) {
      out[name] = message as protobuf.AnyNestedObject;
      continue;
    }
    const lenient = Object.fromEntries(
      Object.entries(fields).map(([key, f]) => [
        key,
        f.type === "string" ? { ...f, options: { ...f.options, features: { utf8_validation: "NONE" } } } : f,
      ]),
    );
    out[name] = { ...rest, fields: lenient } as protobuf.AnyNestedObject;
  }
  return out;
}

/** A protobufjs root holding the common OTLP messages and a signal's own, under package `otlp`. */
export function otlpRoot(messages: Record<string, unknown>): protobuf.Root {
  return protobuf.Root.fromJSON({ nested: { otlp: { nested: lenientStrings({ ...commonMessages, ...messages }) } } });
}

// trace, collector/trace and google.rpc.Status.
const traceMessages = {
  ResourceSpans: {
    fields: {
      resource: { type: "Resource", id: 1 },
      scopeSpans: { rule: "repeated", type: "ScopeSpans", id: 2 },
      schemaUrl: { type: "string", id: 3 },
    },
  },
  ScopeSpans: {
    fields: {
      scope: { type: "InstrumentationScope", id: 1 },
      spans: { rule: "repeated", type: "Span", id: 2 },
      schemaUrl: { type: "string", id: 3 },
    },
  },
  Span: {
    fields: {
      traceId: { type: "bytes", id: 1 },
      spanId: { type: "bytes", id: 2 },
      traceState: { type: "string", id: 3 },
      parentSpanId: { type: "bytes", id: 4 },
      flags: { type: "fixed32", id: 16 },
      name: { type: "string", id: 5 },
      kind: { type: "int32", id: 6 },
      startTimeUnixNano: { type: "fixed64", id: 7 },
      endTimeUnixNano: { type: "fixed64", id: 8 },
      attributes: { rule: "repeated", type: "KeyValue", id: 9 },
      droppedAttributesCount: { type: "uint32", id: 10 },
      events: { rule: "repeated", type: "Event", id: 11 },
      droppedEventsCount: { type: "uint32", id: 12 },
      links: { rule: "repeated", type: "Link", id: 13 },
      droppedLinksCount: { type: "uint32", id: 14 },
      status: { type: "Status", id: 15 },
    },
  },
  Event: {
    fields: {
      timeUnixNano: { type: "fixed64", id: 1 },
      name: { type: "string", id: 2 },
      attributes: { rule: "repeated", type: "KeyValue", id: 3 },
      droppedAttributesCount: { type: "uint32", id: 4 },
    },
  },
  Link: {
    fields: {
      traceId: { type: "bytes", id: 1 },
      spanId: { type: "bytes", id: 2 },
      traceState: { type: "string", id: 3 },
      attributes: { rule: "repeated", type: "KeyValue", id: 4 },
      droppedAttributesCount: { type: "uint32", id: 5 },
      flags: { type: "fixed32", id: 6 },
    },
  },
  Status: { fields: { message: { type: "string", id: 2 }, code: { type: "int32", id: 3 } } },
  ExportTraceServiceRequest: { fields: { resourceSpans: { rule: "repeated", type: "ResourceSpans", id: 1 } } },
  ExportTraceServiceResponse: { fields: { partialSuccess: { type: "ExportTracePartialSuccess", id: 1 } } },
  ExportTracePartialSuccess: {
    fields: { rejectedSpans: { type: "int64", id: 1 }, errorMessage: { type: "string", id: 2 } },
  },
  RpcStatus: { fields: { code: { type: "int32", id: 1 }, message: { type: "string", id: 2 } } },
};

const root = otlpRoot(traceMessages);
export const ExportTraceServiceRequest = root.lookupType("otlp.ExportTraceServiceRequest");
export const ExportTraceServiceResponse = root.lookupType("otlp.ExportTraceServiceResponse");
export const RpcStatus = root.lookupType("otlp.RpcStatus");
