/**
 * `instanceof` that holds across Next's bundles. The server's instrumentation and its route
 * handlers each get their own copy of a module, and singletons (the ingest log) are shared
 * through `globalThis`: an error thrown by one copy's class is not an instance of the other
 * copy's, and the route answered 500 where it meant 429. Instances carry a registered symbol
 * instead, which every copy sees.
 */
export function brandErrors(name: string) {
  const brand = Symbol.for(`observatory.error.${name}`);
  return {
    mark(error: Error): void {
      Object.defineProperty(error, brand, { value: true });
    },
    is(value: unknown): boolean {
      return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
    },
  };
}
