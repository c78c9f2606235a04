import "server-only";
import { z, type ZodType } from "zod";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { requireScope, type ProjectContext } from "@/lib/auth/context";
import { scopeForMethod, type ApiKeyScope } from "@/lib/domain/api-key-scopes";
import { currentProject, currentUser, type SignedInUser } from "@/lib/auth/session";
import { apiKeyFromRequest } from "@/lib/http/api-key-header";
import { BodyTooLargeError, readLimited } from "@/lib/http/read-body";
import { ServiceError } from "./errors";
import { toErrorResponse } from "./respond";

type RouteParams = { params: Promise<Record<string, string | string[]>> };

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The body as text, refused once it passes 1 MiB while streaming (no need to buffer it all first). */
export async function readBodyText(request: Request): Promise<string> {
  try {
    return (
      await readLimited(request.body, MAX_JSON_BODY_BYTES, Number(request.headers.get("content-length") ?? 0))
    ).toString("utf8");
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new ServiceError("payload_too_large", "Body is larger than 1 MiB");
    throw error;
  }
}

export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError("bad_request", "Body must be valid JSON", "body");
  }
}

async function resolveProjectContext(request: Request, sessionOnly: boolean): Promise<ProjectContext> {
  const secret = apiKeyFromRequest(request);
  // People and keys are managed by signed-in admins only: a machine key is refused outright.
  if (secret && sessionOnly)
    throw new ServiceError("unauthorized", "This route needs a signed-in person; API keys cannot call it");
  if (secret) {
    const key = await verifyApiKey(secret);
    if (!key) throw new ServiceError("unauthorized", "Invalid API key");
    // A key acts for its project alone; people-management routes are session-only.
    return {
      projectId: key.projectId,
      role: "admin",
      actor: { type: "api_key", keyId: key.keyId },
      scopes: key.scopes,
    };
  }
  const user = await currentUser();
  if (!user) throw new ServiceError("unauthorized", "Sign in or send an API key");
  const project = await currentProject(user);
  if (!project) throw new ServiceError("not_found", "No project selected");
  return project;
}

type Handler<Q, B, R> = (args: {
  ctx: ProjectContext;
  query: Q;
  body: B;
  params: Record<string, string>;
  request: Request;
}) => Promise<R>;

/**
 * The one wrapper for project-scoped API routes: auth, the key's scope, zod on input, error
 * mapping. Roles are not checked here: the service the handler calls starts with its own check.
 */
export function withProject<Q = Record<string, never>, B = undefined, R = unknown>(options: {
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** The API key scope the route needs; by default `read` for GET and `write` for the rest. */
  scope?: ApiKeyScope;
  sessionOnly?: boolean;
  status?: number;
  handler: Handler<Q, B, R>;
}) {
  return async (request: Request, route: RouteParams): Promise<Response> => {
    try {
      const ctx = await resolveProjectContext(request, options.sessionOnly ?? false);
      requireScope(ctx, options.scope ?? scopeForMethod(request.method));
      const params = Object.fromEntries(Object.entries((await route?.params) ?? {}).map(([k, v]) => [k, String(v)]));
      const search = Object.fromEntries(new URL(request.url).searchParams);
      const query = (options.query ?? z.object({})).parse(search) as Q;
      const body = options.body ? options.body.parse(await readJsonBody(request)) : (undefined as B);
      const result = await options.handler({ ctx, query, body, params, request });
      if (result instanceof Response) return result;
      return Response.json(result ?? { ok: true }, { status: options.status ?? 200 });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** For routes that act for a signed-in person outside any one project (e.g. creating a project). */
export function withUser<B, R>(options: {
  body?: ZodType<B>;
  status?: number;
  handler: (args: { user: SignedInUser; body: B; request: Request }) => Promise<R>;
}) {
  return async (request: Request): Promise<Response> => {
    try {
      if (apiKeyFromRequest(request))
        throw new ServiceError("unauthorized", "This route needs a signed-in person; API keys cannot call it");
      const user = await currentUser();
      if (!user) throw new ServiceError("unauthorized", "Sign in first");
      const body = options.body ? options.body.parse(await readJsonBody(request)) : (undefined as B);
      const result = await options.handler({ user, body, request });
      if (result instanceof Response) return result;
      return Response.json(result ?? { ok: true }, { status: options.status ?? 200 });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
