export const settingsKeys = {
  members: () => ["settings", "members"] as const,
  apiKeys: () => ["settings", "api-keys"] as const,
  feedbackKeys: () => ["settings", "feedback-keys"] as const,
};
