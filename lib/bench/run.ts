// `npm run bench`: prints figures; nothing here asserts. Run after `next build`.
import { benchEngineInsert } from "./engine-bench";
import { benchDecode, benchIngest } from "./ingest-bench";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function main() {
  console.log("== ingest ==");
  const decode = benchDecode();
  console.log(`protobuf decode alone:               ${fmt(decode.spansPerSecond)} spans/s`);
  const engine = await benchEngineInsert(200_000);
  console.log(`engine INSERT ... SELECT (same rows): ${fmt(engine.rowsPerSecond)} rows/s`);
  const ingest = await benchIngest({ requests: 160, spansPerRequest: 500, inFlight: 8, port: Number(process.env.BENCH_PORT ?? 3290) });
  console.log(`end to end, 500-span protobuf requests, 8 in flight: ${fmt(ingest.spansPerSecond)} acknowledged spans/s (${fmt(ingest.acknowledged)} spans in ${ingest.seconds.toFixed(1)} s)`);
  console.log(`ratio end to end / engine:           ${(ingest.spansPerSecond / engine.rowsPerSecond).toFixed(2)} (target >= 0.40)`);
  console.log(`server peak RSS:                     ${fmt(ingest.peakRssMb)} MB (target < 1536 MB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
