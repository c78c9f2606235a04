import { z } from "zod";

// The body of a re-run: the editor's messages, model and parameters.

export const rerunParameters = z
  .object({
    temperature: z.number().min(0).max(2),
    top_p: z.number().min(0).max(1),
    max_tokens: z.number().int().min(1).max(200_000),
    frequency_penalty: z.number().min(-2).max(2),
    presence_penalty: z.number().min(-2).max(2),
    seed: z.number().int(),
  })
  .partial();
export type RerunParameters = z.infer<typeof rerunParameters>;

const toolCall = z.object({
  id: z.string().max(200),
  type: z.literal("function").default("function"),
  function: z.object({ name: z.string().min(1).max(200), arguments: z.string().max(100_000) }),
});
const chatMessage = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string().max(500_000).nullable(),
  tool_calls: z.array(toolCall).max(50).optional(),
  tool_call_id: z.string().max(200).optional(),
});

export const rerunInput = z.object({
  model: z.string().trim().min(1).max(200),
  messages: z.array(chatMessage).min(1, "needs at least one message").max(500),
  tools: z.array(z.unknown()).max(100).nullable().default(null),
  parameters: rerunParameters.default({}),
  /** Answer the model's tool calls with the trace's recorded tool results. */
  stubTools: z.boolean().default(true),
});
export type RerunInput = z.infer<typeof rerunInput>;

/** What a re-run answers: the new result beside the recorded one. */
export type RerunResult = {
  replayTraceId: string;
  model: string;
  responseModel: string | null;
  answer: string;
  error: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  latencyMs: number;
  calls: number;
  stubbedToolResults: number;
  recorded: { answer: string; inputTokens: number; outputTokens: number; costUsd: number | null; latencyMs: number };
  diff: Array<{ op: "same" | "added" | "removed"; text: string }>;
};
