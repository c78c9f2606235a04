import "server-only";
import { and, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { stringify } from "csv-stringify/sync";
import { db, schema } from "@/db/postgres/client";
import { env } from "@/lib/config/env";
import { formatPercent, formatUsd } from "@/lib/format/number";
import { log } from "@/lib/log/logger";
import { monthlyReview, REVIEW_CSV_COLUMNS, reviewCsvRows } from "./monthly-review";
import { subscriberEmails } from "./review-subscribers";

// The monthly review e-mailed to the project's subscribers on the first working day (Mon–Fri,
// UTC) of the month, for the month that ended. The job runs every few minutes; from that day on
// to the month's end a project whose review was not mailed yet gets it, so a server down on the
// day sends it the next. `review_mailings` is taken before sending (ON CONFLICT DO NOTHING):
// only one pass and one replica send, and a restart never resends; a failed send gives the row
// back for the next pass. A crash between taking the row and sending loses that month's mail
// (at most once, never twice).

const DAY_MS = 86_400_000;

/** The first Monday-to-Friday day of the month containing `now`, UTC midnight. */
export function firstWorkingDay(now: Date): Date {
  let t = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  while ([0, 6].includes(new Date(t).getUTCDay())) t += DAY_MS;
  return new Date(t);
}

const previousMonth = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

type Review = Awaited<ReturnType<typeof monthlyReview>>;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The figures of the review as lines of a plain-text mail and as an HTML mail, from one list of tables. */
export function reviewMailBodies(review: Review, projectName: string): { subject: string; text: string; html: string } {
  const tables: Array<{ title: string; head: string[]; rows: string[][] }> = [
    {
      title: "Totals",
      head: ["Revenue", "Cost", "Margin"],
      rows: [
        [formatUsd(review.totals.revenueUsd), formatUsd(review.totals.costUsd), formatUsd(review.totals.marginUsd)],
      ],
    },
    {
      title: "Margins by tenant",
      head: ["Tenant", "Revenue", "Cost", "Margin", "Margin %"],
      rows: review.margins.map((m) => [
        m.tenant || "(none)",
        formatUsd(m.revenueUsd),
        formatUsd(m.costUsd),
        formatUsd(m.marginUsd),
        formatPercent(m.marginPct === null ? null : m.marginPct / 100),
      ]),
    },
    {
      title: `Top cost movers against ${review.previousMonth}`,
      head: ["Feature", "Cost", "Before", "Change"],
      rows: review.movers.map((m) => [
        m.feature || "(none)",
        formatUsd(m.costUsd),
        formatUsd(m.previousCostUsd),
        formatUsd(m.changeUsd, { signed: true }),
      ]),
    },
    {
      title: "Budgets overspent",
      head: ["Budget", "Amount", "Spent", "Over"],
      rows: review.budgetMisses.map((b) => [
        `${b.scope} ${b.subject}`.trim(),
        formatUsd(b.amountUsd),
        formatUsd(b.spentUsd),
        formatUsd(b.overUsd),
      ]),
    },
    {
      title: "Owners",
      head: ["Owner", "Feature", "Cost", "Change", "Open tickets", "Cost per request", "Baseline"],
      rows: review.owners.map((o) => [
        o.owner,
        o.feature,
        formatUsd(o.costUsd),
        formatUsd(o.changeUsd, { signed: true }),
        String(o.openTickets),
        formatUsd(o.month.costPerRequestUsd),
        formatUsd(o.baseline?.costPerRequestUsd),
      ]),
    },
  ];
  const subject = `${projectName}: monthly review ${review.month}`;
  const text = [
    `Monthly review of ${projectName}, ${review.month}${review.closed ? " (closed)" : ""}.`,
    "The full review is attached as CSV.",
    ...tables.flatMap((t) => [
      "",
      t.title,
      ...(t.rows.length ? t.rows.map((r) => r.map((c, i) => `${t.head[i]}: ${c}`).join(", ")) : ["none"]),
    ]),
  ].join("\n");
  const html = [
    `<h1>Monthly review of ${escapeHtml(projectName)}, ${review.month}${review.closed ? " (closed)" : ""}</h1>`,
    "<p>The full review is attached as CSV.</p>",
    ...tables.map(
      (t) =>
        `<h2>${escapeHtml(t.title)}</h2>` +
        (t.rows.length
          ? `<table><thead><tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${t.rows
              .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
              .join("")}</tbody></table>`
          : "<p>none</p>"),
    ),
  ].join("\n");
  return { subject, text, html };
}

/** One pass for one project: mails last month's review if it is due and not mailed yet. */
export async function mailMonthlyReview(projectId: string, now = new Date()): Promise<"sent" | "not due" | "none"> {
  if (now.getTime() < firstWorkingDay(now).getTime()) return "not due";
  const month = previousMonth(now);
  const database = await db();
  const done = await database
    .select({ month: schema.reviewMailings.month })
    .from(schema.reviewMailings)
    .where(and(eq(schema.reviewMailings.projectId, projectId), eq(schema.reviewMailings.month, month)));
  if (done.length) return "none";
  const to = await subscriberEmails(projectId);
  if (!to.length) return "none";
  const smtp = env().alerts.smtpUrl;
  if (!smtp) {
    log.warn({ projectId, month }, "monthly review not mailed: SMTP_URL is not set");
    return "none";
  }
  const claimed = await database
    .insert(schema.reviewMailings)
    .values({ projectId, month, recipients: to.length, sentAt: now })
    .onConflictDoNothing()
    .returning({ month: schema.reviewMailings.month });
  if (!claimed.length) return "none";
  try {
    const ctx = { projectId, role: "admin" as const, actor: { type: "system" as const } };
    const review = await monthlyReview({ ctx, month, now });
    const [project] = await database
      .select({ name: schema.projects.name })
      .from(schema.projects)
      .where(eq(schema.projects.id, projectId));
    const { subject, text, html } = reviewMailBodies(review, project?.name ?? projectId);
    await nodemailer.createTransport(smtp).sendMail({
      from: env().reviewMail.from,
      to,
      subject,
      text,
      html,
      attachments: [
        {
          filename: `review-${month}.csv`,
          contentType: "text/csv",
          content: stringify(reviewCsvRows(review), { header: true, columns: REVIEW_CSV_COLUMNS }),
        },
      ],
    });
    return "sent";
  } catch (err) {
    // Give the month back so that the next pass tries again.
    await database
      .delete(schema.reviewMailings)
      .where(and(eq(schema.reviewMailings.projectId, projectId), eq(schema.reviewMailings.month, month)));
    throw err;
  }
}
