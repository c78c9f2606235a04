import "server-only";
import { env } from "@/lib/config/env";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

// Secrets we must use later (a judge endpoint's API key, alert channel tokens) are stored
// encrypted: AES-256-GCM under a key derived from ENCRYPTION_KEY, else the server's auth secret.
// Format: v1.<iv>.<tag>.<ciphertext>, base64url.

function key(): Buffer {
  return createHash("sha256")
    .update(`secret-box:${env().encryptionKey || authSecret()}`)
    .digest();
}

export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function open(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
