import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { reloadEnv } from "@/lib/config/env";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { firstWorkingDay, mailMonthlyReview } from "./review-mail";
import { listReviewSubscribers, putReviewSubscribers } from "./review-subscribers";

// October 2026 cost $5 (feature "chat", gpt-4o input at $2.50 per million). 1 November 2026 is a
// Sunday, so its review is due on Monday the 2nd. A real SMTP server receives the mail.
const mails: Array<{ to: string[]; raw: string }> = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    let raw = "";
    stream.on("data", (c: Buffer) => (raw += c.toString()));
    stream.on("end", () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});
let ctx: ProjectContext & { userId: string };

/** The message with quoted-printable undone (soft breaks and =XX), enough to read its figures. */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.MAIL_FROM = "review@observatory.test";
  reloadEnv();
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const { rows } = normalizeAll(
    ctx.projectId,
    decodeJson(
      JSON.stringify(
        otlpJson([
          {
            traceId: traceId(),
            spanId: spanId(),
            name: "chat",
            startMs: Date.UTC(2026, 9, 14, 10),
            durationMs: 50,
            attributes: {
              "tenant.id": "acme",
              "feature.name": "chat",
              "gen_ai.request.model": "gpt-4o",
              "gen_ai.usage.input_tokens": 2_000_000,
              "gen_ai.usage.output_tokens": 0,
            },
          },
        ]),
      ),
    ),
    { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 },
  );
  await new BatchWriter({ lingerMs: 0 }).write(rows);
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe("monthly review by e-mail", () => {
  it("keeps subscribers: members by id and e-mail addresses; a stranger's id is a 400", async () => {
    await putReviewSubscribers({ ctx, input: { subscribers: [ctx.userId, "CFO@Shop.test"] } });
    expect((await listReviewSubscribers({ ctx })).subscribers).toEqual([ctx.userId, "cfo@shop.test"].sort());
    await expect(putReviewSubscribers({ ctx, input: { subscribers: ["not-a-member"] } })).rejects.toMatchObject({
      code: "bad_request",
      field: "subscribers",
    });
    await expect(
      putReviewSubscribers({ ctx: { ...ctx, role: "engineer" }, input: { subscribers: [] } }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("finds the month's first working day", () => {
    expect(firstWorkingDay(new Date("2026-11-20T00:00:00Z")).toISOString()).toBe("2026-11-02T00:00:00.000Z");
    expect(firstWorkingDay(new Date("2026-08-09T00:00:00Z")).toISOString()).toBe("2026-08-03T00:00:00.000Z");
    expect(firstWorkingDay(new Date("2026-12-04T00:00:00Z")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("mails last month's review once on the first working day, not on a weekend 1st, not again after a restart", async () => {
    expect(await mailMonthlyReview(ctx.projectId, new Date("2026-11-01T09:00:00Z"))).toBe("not due");
    expect(mails).toHaveLength(0);

    expect(await mailMonthlyReview(ctx.projectId, new Date("2026-11-02T06:00:00Z"))).toBe("sent");
    expect(mails).toHaveLength(1);
    const [me] = await (await db()).select().from(schema.users).where(eq(schema.users.id, ctx.userId));
    expect(mails[0]!.to.sort()).toEqual(["cfo@shop.test", me!.email.toLowerCase()].sort());
    const mail = decoded(mails[0]!.raw);
    expect(mail).toContain("monthly review 2026-10");
    expect(mail).toContain("From: review@observatory.test");
    expect(mail).toContain("Content-Type: text/plain");
    expect(mail).toContain("Content-Type: text/html");
    expect(mail).toMatch(/Cost: \$5\.00/);
    expect(mail).toContain("<td>chat</td><td>$5.00</td>");
    expect(mail).toMatch(/filename=review-2026-10\.csv/);

    // Later passes that day, and a new process (nothing is kept in memory): the row in Postgres stops them.
    expect(await mailMonthlyReview(ctx.projectId, new Date("2026-11-02T06:10:00Z"))).toBe("none");
    expect(await mailMonthlyReview(ctx.projectId, new Date("2026-11-03T06:00:00Z"))).toBe("none");
    expect(mails).toHaveLength(1);
    const sent = await (await db())
      .select()
      .from(schema.reviewMailings)
      .where(eq(schema.reviewMailings.projectId, ctx.projectId));
    expect(sent).toMatchObject([{ month: "2026-10", recipients: 2 }]);
  });

  it("sends once when two passes race, and gives the month back when the SMTP server refuses", async () => {
    const other = await makeProject();
    await putReviewSubscribers({ ctx: other, input: { subscribers: ["ops@shop.test"] } });
    const port = (smtp.server.address() as AddressInfo).port;
    // Nothing listens on port 1: the send fails and no mailing is recorded.
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    reloadEnv();
    await expect(mailMonthlyReview(other.projectId, new Date("2026-12-01T08:00:00Z"))).rejects.toThrow();
    expect(
      await (await db())
        .select()
        .from(schema.reviewMailings)
        .where(eq(schema.reviewMailings.projectId, other.projectId)),
    ).toEqual([]);

    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    reloadEnv();
    const before = mails.length;
    const results = await Promise.all([
      mailMonthlyReview(other.projectId, new Date("2026-12-01T08:10:00Z")),
      mailMonthlyReview(other.projectId, new Date("2026-12-01T08:10:00Z")),
    ]);
    expect(results.sort()).toEqual(["none", "sent"]);
    expect(mails.slice(before).map((m) => m.to)).toEqual([["ops@shop.test"]]);
    expect(decoded(mails.at(-1)!.raw)).toContain("monthly review 2026-11");
  });
});
