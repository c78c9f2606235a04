import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "examples/**/node_modules/**"] },
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
      "no-restricted-imports": ["error", {
        paths: [{ name: "@clickhouse/client", message: "Go through db/clickhouse/client.ts and lib/clickhouse/query.ts." }],
      }],
    },
  },
  {
    files: ["examples/**/*.mjs", "server.mjs", "ingest/compat/drivers/**/*.mjs"],
    languageOptions: { globals: { console: "readonly", process: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly" } },
  },
  {
    // Compatibility drivers: plain CommonJS, so require-hook instrumentations patch what they load.
    files: ["ingest/compat/drivers/**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { console: "readonly", process: "readonly", require: "readonly", module: "writable", Buffer: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The client's own driver of the ClickHouse HTTP test double.
    files: ["db/clickhouse/client.ts", "db/clickhouse/testing/http-front.test.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
