import protobuf from "protobufjs";

// google.rpc.Status with a google.rpc.RetryInfo detail, sent in the `grpc-status-details-bin`
// trailer: how OTLP/gRPC tells an exporter how long to wait before retrying (the gRPC twin of
// HTTP's Retry-After).
const root = protobuf.Root.fromJSON({
  nested: {
    rpc: {
      nested: {
        Any: { fields: { typeUrl: { type: "string", id: 1 }, value: { type: "bytes", id: 2 } } },
        Duration: { fields: { seconds: { type: "int64", id: 1 }, nanos: { type: "int32", id: 2 } } },
        RetryInfo: { fields: { retryDelay: { type: "Duration", id: 1 } } },
        Status: {
          fields: {
            code: { type: "int32", id: 1 },
            message: { type: "string", id: 2 },
            details: { rule: "repeated", type: "Any", id: 3 },
          },
        },
      },
    },
  },
});
export const RpcStatusWithDetails = root.lookupType("rpc.Status");
export const RetryInfo = root.lookupType("rpc.RetryInfo");
export const RETRY_INFO_TYPE_URL = "type.googleapis.com/google.rpc.RetryInfo";

/** The `grpc-status-details-bin` value for a failure that should be retried after `seconds`. */
export function retryStatusDetails(code: number, message: string, seconds: number): Buffer {
  const retry = RetryInfo.encode(RetryInfo.fromObject({ retryDelay: { seconds, nanos: 0 } })).finish();
  const status = RpcStatusWithDetails.fromObject({
    code,
    message,
    details: [{ typeUrl: RETRY_INFO_TYPE_URL, value: retry }],
  });
  return Buffer.from(RpcStatusWithDetails.encode(status).finish());
}
