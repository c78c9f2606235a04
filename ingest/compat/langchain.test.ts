import { describeCompat } from "./expectations";

// @langchain/openai 1.6.0 (its own openai 7 client) and @langchain/core 1.4.0, traced by
// @arizeai/openinference-instrumentation-langchain 4.1.1.
// LangChain runs callbacks in a background queue by default, which keeps the async context of
// the queue's first run: every later run's spans then hang under the first trace. Waiting for
// callbacks (as LangChain advises where tracing matters) keeps each run under its caller.
describeCompat("langchain", {
  driver: "langchain.cjs",
  toolSpan: true,
  env: { LANGCHAIN_CALLBACKS_BACKGROUND: "false" },
  // LangChain JS embeddings make no callback run, so the instrumentation never sees them.
  gaps: { embeddings: "embeddings make no LangChain run: no span" },
});
