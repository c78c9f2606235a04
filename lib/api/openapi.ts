import { z } from "zod";
import { ROLES } from "@/db/postgres/schema";
import { GRANTS } from "@/lib/auth/permissions";
import { OPERATION_PERMISSIONS } from "./operation-permissions";
import { operations } from "./operations";

// The machine-readable API description, built from the operations list (./operations.ts).

/** Roles and what they grant; each operation names the permission its service checks (`x-permission`). */
function rightsDescription(): string {
  const roles = ROLES.map((role) => `${role}: ${GRANTS[role].join(", ")}`).join("; ");
  return `Each operation's \`x-permission\` is what the caller's role needs (403 naming it otherwise; null: no role involved). Roles: ${roles}. An API key acts with the admin role, bounded by its scopes (ingest, read, write): GET needs read, other methods write, unless the operation says otherwise.`;
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const permission = OPERATION_PERMISSIONS[`${op.method} ${op.path}`] ?? null;
    const entry: Record<string, unknown> = {
      summary: op.summary,
      "x-permission": permission,
      responses: { default: { description: "JSON; errors as { error: { code, message } }" } },
    };
    if (op.body)
      entry.requestBody = { content: { "application/json": { schema: z.toJSONSchema(op.body, { io: "input" }) } } };
    if (op.query) {
      const schema = z.toJSONSchema(op.query, { io: "input" }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      entry.parameters = Object.entries(schema.properties ?? {}).map(([name, s]) => ({
        name,
        in: "query",
        required: schema.required?.includes(name) ?? false,
        schema: s,
      }));
    }
    paths[op.path] = { ...(paths[op.path] ?? {}), [op.method]: entry };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Observatory API", version: "1", description: rightsDescription() },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }],
    paths,
  };
}
