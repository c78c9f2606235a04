import "server-only";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/config/env";

/** AUTH_SECRET when set; otherwise one generated on first start and kept in DATA_DIR. */
export function authSecret(): string {
  const configured = env().authSecret;
  if (configured) return configured;
  const file = path.join(env().dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(env().dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      // Another worker wrote it first: use theirs so sessions agree.
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
