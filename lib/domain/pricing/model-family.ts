// The one home of the rule "a served model name that is a dated snapshot belongs to its model":
// gpt-4o-2024-08-06 and gpt-4o are one model, gpt-4o, seen under two served names. A snapshot
// ends in a release date (-2024-08-06, -20250514, Vertex's @20240620) or a release number
// (Gemini's -002, Mistral's -2407, OpenAI's -0613). The catalog prices snapshots through their family's pattern (gpt-4o*), so
// a family is priced as its snapshots are (model-family.test.ts holds the two together).

/** The snapshot suffix, as one pattern for both runtimes (JS RegExp and ClickHouse's re2 agree on it). */
export const SNAPSHOT_SUFFIX = "(-[0-9]{4}-[0-9]{2}-[0-9]{2}|-[0-9]{8}|@[0-9]{8}|-[0-9]{3,4})$";
const suffix = new RegExp(SNAPSHOT_SUFFIX);

/** The model a served name belongs to: the name without its snapshot suffix. */
export function modelFamily(served: string): string {
  const family = served.replace(suffix, "");
  return family === "" ? served : family;
}
