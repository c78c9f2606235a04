import { describeCompat } from "./expectations";

// @traceloop/node-server-sdk 0.27.0 (OpenLLMetry).
describeCompat("traceloop", {
  driver: "traceloop.cjs",
  gaps: {
    // Streams: the usage chunk is ignored; with TRACELOOP_ENRICH_TOKENS (on by default) it counts
    // tokens itself with tiktoken and reports them as usage (8/4 for 13/5 served), unmarked.
    "usage:stream": "stream usage is its own tiktoken count (8/4), not the usage chunk (13/5)",
    stream: "stream usage is its own tiktoken count (8/4), not the usage chunk (13/5)",
    // Its OpenAI instrumentation patches chat and completions only.
    embeddings: "embeddings are not instrumented: no span",
    // A rejected call's span is never ended (`_thenUnwrap` has no rejection path), so it is never exported.
    fail: "the failing call's span is never ended, so never exported",
  },
});
