/**
 * A path segment that carries an application's own id (a session or end-user id may hold any
 * character): percent-decoded once when it is still encoded, as sent when it is not.
 */
export function decodePathParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
