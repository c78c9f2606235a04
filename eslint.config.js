import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import boundaries from "eslint-plugin-boundaries";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "examples/**/node_modules/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // A test file holds one subject's scenarios with their fixtures inline: longer than a module.
    files: ["**/*.test.ts"],
    rules: { "max-lines": ["error", { max: 600, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Promises: one left floating or passed where a void callback is expected loses its
    // failure. A fire-and-forget call says so: `void job().catch(logged(...))`.
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    // The layers (ARCHITECTURE.md, "Layers"): app → components / lib / ingest → lib/domain → db.
    // ingest may use lib's services; lib never imports ingest (lib/bootstrap is the composition
    // root that starts the pipeline). Tests, the test harness and the bench may reach anything.
    files: ["**/*.{ts,tsx}"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { typescript: { alwaysTryTypes: true } },
      "boundaries/include": ["app/**", "components/**", "lib/**", "ingest/**", "db/**"],
      "boundaries/files": [{ category: "test", pattern: ["**/*.test.ts", "**/*.test.tsx"] }],
      "boundaries/elements": [
        {
          type: "tooling",
          partialMatch: false,
          pattern: ["lib/testing/**", "lib/bench/**", "db/**/testing/**", "ingest/compat/**", "ingest/testing/**"],
        },
        { type: "app", partialMatch: false, pattern: ["app/**", "lib/bootstrap/**", "db/cli/**"] },
        { type: "components", partialMatch: false, pattern: "components/**" },
        { type: "config", partialMatch: false, pattern: "lib/config/**" },
        { type: "domain", partialMatch: false, pattern: "lib/domain/**" },
        { type: "lib", partialMatch: false, pattern: "lib/**" },
        { type: "ingest", partialMatch: false, pattern: "ingest/**" },
        { type: "db", partialMatch: false, pattern: "db/**" },
      ],
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",

          policies: [
            {
              from: { file: { categories: "test" } },
              allow: {
                to: {
                  element: {
                    types: { anyOf: ["tooling", "app", "components", "config", "domain", "lib", "ingest", "db"] },
                  },
                },
              },
            },
            {
              from: { element: { type: "tooling" } },
              allow: {
                to: {
                  element: {
                    types: { anyOf: ["tooling", "app", "components", "config", "domain", "lib", "ingest", "db"] },
                  },
                },
              },
            },
            {
              from: { element: { type: "app" } },
              allow: {
                to: { element: { types: { anyOf: ["app", "components", "config", "domain", "lib", "ingest", "db"] } } },
              },
            },
            {
              from: { element: { type: "components" } },
              allow: { to: { element: { types: { anyOf: ["components", "config", "domain", "lib"] } } } },
            },
            {
              from: { element: { type: "lib" } },
              allow: { to: { element: { types: { anyOf: ["lib", "config", "domain", "db"] } } } },
            },
            {
              from: { element: { type: "ingest" } },
              allow: { to: { element: { types: { anyOf: ["ingest", "lib", "config", "domain", "db"] } } } },
            },
            {
              from: { element: { type: "domain" } },
              allow: { to: { element: { types: { anyOf: ["domain", "db"] } } } },
            },
            { from: { element: { type: "db" } }, allow: { to: { element: { types: { anyOf: ["db", "config"] } } } } },
            { from: { element: { type: "config" } }, allow: { to: { element: { types: { anyOf: ["domain"] } } } } },
          ],
        },
      ],
    },
  },
  {
    files: ["examples/**/*.mjs", "server.mjs", "lib/log/*.mjs", "ingest/compat/drivers/**/*.mjs"],
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
      },
    },
  },
  {
    // Compatibility drivers: plain CommonJS, so require-hook instrumentations patch what they load.
    files: ["ingest/compat/drivers/**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        console: "readonly",
        process: "readonly",
        require: "readonly",
        module: "writable",
        Buffer: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // One gateway to ClickHouse: only lib/clickhouse (the gateway), db/ (the client factory, the
    // migration runner, the HTTP test double) and lib/bench (which measures the engine itself,
    // around the gateway) may reach an engine client. lib/testing needs none: it queries through the gateway.
    files: ["**/*.{ts,tsx,mjs}"],
    ignores: ["lib/clickhouse/**", "db/**", "lib/bench/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["chdb", "chdb/*", "@clickhouse/client", "@clickhouse/client/*", "@clickhouse/client-*"],
              message: "Go through lib/clickhouse/query.ts (the gateway) and db/clickhouse/client.ts.",
            },
          ],
        },
      ],
    },
  },
);
