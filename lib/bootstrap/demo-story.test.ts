import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { demoRequests } from "@/ingest/demo/generate-demo";
import { handleExport } from "@/ingest/http/handle-export";
import { listOwners } from "@/lib/alerts/owners";
import { listTickets } from "@/lib/alerts/tickets";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { postJson } from "@/lib/testing/otlp";
import { overview } from "@/lib/overview/overview";
import { tellDemoStory } from "./demo-story";
import { waitApplied } from "@/lib/testing/wait-applied";

// The demo tells its story right after the first command: owners, and a ticket for the owner of
// the failing tool, visible on the Overview.

let ctx: ProjectContext;
const owner = "demo-owner@demo.example";

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const key = (await createApiKey({ ctx, input: { name: "demo" } })).secretKey;
  for (const body of demoRequests({ days: 3, tracesPerDay: 120 })) {
    expect((await handleExport(postJson("http://localhost", key, body))).status).toBe(200);
  }
  await waitApplied();
  await tellDemoStory(ctx, owner);
});

describe("demo story", () => {
  it("gives every demo feature an owner and opens the failing tool's ticket for its owner", async () => {
    const owners = await listOwners({ ctx });
    expect(
      owners.data
        .filter((o) => o.ownerEmail)
        .map((o) => o.feature)
        .sort(),
    ).toEqual(["doc-search", "order-agent", "summarize", "support-chat"]);
    const tickets = await listTickets({ ctx, query: { status: "open" } });
    expect(tickets.data).toEqual([expect.objectContaining({ ruleName: "Order lookups failing", assignee: owner })]);
    const home = await overview({ ctx, period: "24h" });
    expect(home.attention).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "tickets", assignee: owner, open: 1 })]),
    );
    expect(home.features.find((f) => f.feature === "order-agent")?.owner).toBe(owner);
  });
});
