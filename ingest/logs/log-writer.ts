import "server-only";
import { CoalescedInserts } from "../writer/batch-writer";
import type { LogRow } from "./normalize-log";

// Log records need no lookup before their insert (copies share a content hash and collapse in
// reads), so concurrent requests simply share inserts; a request is answered once its rows are in.
const holder = globalThis as unknown as { __logInserts?: CoalescedInserts<LogRow> };
export function logInserts(): CoalescedInserts<LogRow> {
  holder.__logInserts ??= new CoalescedInserts<LogRow>("logs");
  return holder.__logInserts;
}
