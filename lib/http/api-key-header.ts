/** The machine credential of a request, from `Authorization: Bearer` or `x-api-key`. */
export function apiKeyFromRequest(request: Request): string | null {
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) return authorization.slice(7).trim();
  return request.headers.get("x-api-key")?.trim() || null;
}
