// For React event props, which ignore what a handler returns: the promise of an async handler
// would be dropped, and a failure with it. The handlers show their own expected errors; what
// escapes them is a bug, reported to the browser's console.
export function handled<Args extends unknown[]>(handler: (...args: Args) => Promise<unknown>): (...args: Args) => void {
  return (...args) => {
    handler(...args).catch((error: unknown) => console.error(error));
  };
}
