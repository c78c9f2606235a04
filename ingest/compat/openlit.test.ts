import { describeCompat } from "./expectations";

// openlit 1.15.0, given a price file that lists none of the models used, so it reports
// `gen_ai.usage.cost = 0` on every span: the catalog must price them anyway.
describeCompat("openlit", {
  driver: "openlit.cjs",
  metrics: true,
  gaps: {
    // `usingAttributes` attributes are applied on success only; the error path sets none.
    "tenant:fail": "the failing call's span carries no custom attributes (tenant, feature)",
  },
});
