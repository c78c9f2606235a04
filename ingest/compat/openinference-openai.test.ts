import { describeCompat } from "./expectations";

// @arizeai/openinference-instrumentation-openai 4.2.7.
describeCompat("openinference-openai", {
  driver: "openinference-openai.cjs",
  // It reads no usage from the stream's usage chunk, and records none for embeddings.
  estimated: ["stream", "embeddings"],
  gaps: {
    // A rejected call's span is never ended (its error hook only sees synchronous throws), so it is never exported.
    fail: "the failing call's span is never ended, so never exported",
  },
});
