import "server-only";
import dns from "node:dns";
import net from "node:net";
import { env } from "@/lib/config/env";

// Where a channel URL may point. Link-local and cloud metadata addresses are never allowed;
// private and loopback ranges only with ALERT_ALLOW_PRIVATE_URLS=1 (self-hosted receivers).
// Checked when a channel is saved and again when it is sent to, on the addresses the name
// resolves to then (a name may change its answer between the two).

const always = new net.BlockList();
always.addSubnet("169.254.0.0", 16, "ipv4");
always.addSubnet("0.0.0.0", 8, "ipv4");
always.addAddress("fd00:ec2::254", "ipv6");
always.addSubnet("fe80::", 10, "ipv6");
always.addAddress("::", "ipv6");

const privateRanges = new net.BlockList();
for (const [prefix, bits] of [
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["127.0.0.0", 8],
  ["100.64.0.0", 10],
] as const)
  privateRanges.addSubnet(prefix, bits, "ipv4");
privateRanges.addAddress("::1", "ipv6");
privateRanges.addSubnet("fc00::", 7, "ipv6");

/** `::ffff:10.0.0.1` is 10.0.0.1 on the wire. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: "ipv4" };
  return { address, family: net.isIPv4(address) ? "ipv4" : "ipv6" };
}

/** Why an address may not receive notifications, or null when it may. */
export function addressProblem(raw: string, allowPrivate = env().alerts.allowPrivateUrls): string | null {
  const { address, family } = unmapped(raw);
  if (always.check(address, family)) return `${raw} is a link-local or cloud metadata address`;
  if (!allowPrivate && privateRanges.check(address, family))
    return `${raw} is a private or loopback address (set ALERT_ALLOW_PRIVATE_URLS=1 to allow)`;
  return null;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * Why this URL may not receive notifications, or null. A name that does not resolve now is
 * accepted (nothing to refuse yet); the send-time check sees what it resolves to then.
 */
export async function urlProblem(value: string): Promise<string | null> {
  const host = hostOf(new URL(value));
  if (net.isIP(host)) return addressProblem(host);
  const addresses = await dns.promises.lookup(host, { all: true }).catch(() => []);
  for (const a of addresses) {
    const problem = addressProblem(a.address);
    if (problem) return `${host} resolves to ${problem}`;
  }
  return null;
}

/** A `lookup` for node:http(s) that refuses a name resolving to a refused address. */
export const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const bad = addresses.map((a) => addressProblem(a.address)).find(Boolean);
    if (bad || addresses.length === 0)
      return callback(
        Object.assign(new Error(`refused: ${hostname} resolves to ${bad ?? "no address"}`), { code: "EREFUSED" }),
        "",
        4,
      );
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** The literal-address check node's lookup never sees (it is skipped for IPs). */
export function literalProblem(url: URL): string | null {
  const host = hostOf(url);
  return net.isIP(host) ? addressProblem(host) : null;
}
