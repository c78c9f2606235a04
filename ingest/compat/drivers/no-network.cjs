// Preloaded into every driver (`node --require`): any connection or lookup that is not to this
// machine throws and is reported on stderr, so a library that phones home (price files,
// tokenizer encodings, telemetry) fails loudly instead of quietly depending on the internet.
const net = require("node:net");
const dns = require("node:dns");

const LOCAL = new Set(["localhost", "127.0.0.1", "::1", "0.0.0.0", ""]);
const BLOCKED = "[no-network] blocked";

function refuse(what) {
  process.stderr.write(`${BLOCKED} ${what}\n`);
  throw new Error(`${BLOCKED} ${what}: the compatibility suite runs offline`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // Node normalizes (port, host) and (options) into [options, callback] internally.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options =
    typeof first === "object" && first !== null
      ? first
      : { port: first, host: typeof args[1] === "string" ? args[1] : "localhost" };
  if (!options.path && !LOCAL.has(String(options.host ?? "localhost")))
    refuse(`connection to ${options.host}:${options.port}`);
  return connect.apply(this, args);
};

for (const target of [dns, dns.promises]) {
  for (const name of ["lookup", "resolve", "resolve4", "resolve6", "resolveAny"]) {
    const original = target[name];
    if (typeof original !== "function") continue;
    target[name] = function guardedLookup(host, ...rest) {
      if (!LOCAL.has(String(host))) refuse(`DNS ${name} of ${host}`);
      return original.call(this, host, ...rest);
    };
  }
}
