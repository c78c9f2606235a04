// Attribute keys that carry prompt, completion, document or tool payloads: hidden from roles
// without `payloads.read` in spans and log records alike.
export const PAYLOAD_KEY = /(message|prompt|completion|content|input|output|document|argument|result|instruction|\.args|\.text|\.object|toolCalls|\.value|metadata)/i;
