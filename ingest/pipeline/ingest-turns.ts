/**
 * Runs export requests' synchronous work (decode, normalize, encode the log record) in slices
 * of about SLICE_MS per event-loop iteration. Many requests' bodies complete in one poll phase;
 * run there, their 10–30 ms of decoding each queue up back to back and every dashboard read
 * waits behind all of them (with 64 exports in flight: p95 over a second for the trace list).
 * Taking turns from `setImmediate` lets the poll phase (reads' queries and answers) run between
 * two slices. One request per iteration was tried: reads were fast but ingest fell to the
 * iteration rate (2.2k spans/s). It changes no request's CPU, only its order.
 */
const SLICE_MS = 20;
const waiting: Array<() => void> = [];
let scheduled = false;

export function ingestTurn<T>(work: () => T): Promise<Awaited<T>> {
  return new Promise<Awaited<T>>((resolve, reject) => {
    waiting.push(() => {
      try {
        // A promise (the log's fsync) is adopted: the caller waits for it, the next turn does not.
        resolve(work() as Awaited<T>);
      } catch (error) {
        reject(error);
      }
    });
    if (!scheduled) {
      scheduled = true;
      setImmediate(takeTurn);
    }
  });
}

function takeTurn(): void {
  const started = performance.now();
  do waiting.shift()?.();
  while (waiting.length && performance.now() - started < SLICE_MS);
  if (waiting.length) setImmediate(takeTurn);
  else scheduled = false;
}
