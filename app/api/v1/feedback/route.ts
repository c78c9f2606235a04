import { handleFeedback, handleFeedbackPreflight } from "@/lib/feedback/handle-feedback";

/** End-user thumbs up/down from the monitored product's front end, with a public key: `?key=pk-obs-…`. */
export const POST = handleFeedback;
export const OPTIONS = handleFeedbackPreflight;
