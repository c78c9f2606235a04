// The decoded form of an OTLP request, the same whether it came as protobuf or JSON.

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export type DecodedEvent = { timeNanos: bigint; name: string; attributes: Attributes };
export type DecodedLink = { traceId: string; spanId: string; attributes: Attributes };

export type DecodedSpan = {
  /** Lower-case hex as sent; validated by the pipeline, not the decoder. */
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startNanos: bigint;
  endNanos: bigint;
  attributes: Attributes;
  events: DecodedEvent[];
  links: DecodedLink[];
  statusCode: number;
  statusMessage: string;
  /** Shared by every span of one ResourceSpans. */
  resource: Attributes;
  scopeName: string;
  scopeVersion: string;
};

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecodeError";
  }
}
