// @ts-check
// Plain JavaScript: a next.config.ts is compiled by SWC at every server start, which loads its
// native binding (~25 MB resident) into the production server for nothing else.

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Native and WASM engines are loaded by Node at run time, never bundled.
  serverExternalPackages: [
    "chdb",
    "@chdb/lib-linux-x64-gnu",
    "@chdb/lib-darwin-arm64",
    "@electric-sql/pglite",
    "pg",
    "@grpc/grpc-js",
    "@node-rs/crc32",
  ],
  poweredByHeader: false,
  // proxy.ts sets these (and the CSP) on everything it sees; these cover what it leaves out.
  async headers() {
    const always = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
    ];
    return [
      { source: "/:path*", headers: always },
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }],
      },
    ];
  },
  typedRoutes: false,
};

export default nextConfig;
