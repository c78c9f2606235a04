import { createHash, randomBytes } from "node:crypto";

const SECRET_PREFIX = "sk-obs-";

export const generateSecret = () => `${SECRET_PREFIX}${randomBytes(24).toString("base64url")}`;
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");
/** What lists show: enough to tell keys apart, far too little to use. */
export const displayPrefix = (secret: string) => `${secret.slice(0, Math.min(12, Math.max(4, secret.length - 8)))}…`;
