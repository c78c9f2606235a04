import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM engines are loaded by Node at run time, never bundled.
  serverExternalPackages: ["chdb", "@chdb/lib-linux-x64-gnu", "@chdb/lib-darwin-arm64", "@electric-sql/pglite", "pg", "@grpc/grpc-js"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
