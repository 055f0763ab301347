import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ledgerMain } from "../../cli/evidence-ledger";
import { publicKeys } from "../../compliance/ledger/dsse";
import { verifyLedger } from "../../compliance/ledger/ledger-file";
import { summariseLedger } from "../../compliance/ledger/ledger-summary";
import { approval, record, release, sync, testKey, writeLedger } from "./ledger-fixtures";

const key = testKey();
const keys = publicKeys([key.publicKeyPem]);

// A month of one app, hand-computed below: four production deployments in [03-01, 03-11).
const r1 = record({ n: 1, commitTime: "2026-03-01T00:00:00Z" });
const r2 = record({ n: 2, commitTime: "2026-03-02T00:00:00Z" });
const r3 = record({
  n: 3,
  commitTime: "2026-03-05T00:00:00Z",
  changeType: "emergency",
  emergency: { onCallGroup: "platform/on-call", reviewDue: "2026-03-08", reviewIssue: "https://gitlab.example.test/web/shop/-/issues/7" },
});
const r4 = record({ n: 4, commitTime: "2026-03-06T00:00:00Z" });
const r0 = record({ n: 9, commitTime: "2026-02-20T00:00:00Z" });
const bodies = [
  release("2026-02-20T05:00:00Z", r0),
  sync("2026-02-20T06:00:00Z", "Succeeded", 9),
  release("2026-03-01T09:00:00Z", r1, "dev"),
  release("2026-03-01T10:00:00Z", r1),
  approval("2026-03-01T09:30:00Z", 1, "alice", ["bob"]),
  sync("2026-03-01T12:00:00Z", "Succeeded", 1), // change 1 deployed: lead 12 h
  release("2026-03-02T06:00:00Z", r2),
  approval("2026-03-02T05:00:00Z", 2, "alice", ["alice"]), // approved by its author
  sync("2026-03-02T08:00:00Z", "Succeeded", 2), // lead 8 h
  sync("2026-03-02T09:00:00Z", "Degraded", 2), // change 2 failed...
  sync("2026-03-02T11:00:00Z", "Healthy", 2), // ...restored after 2 h
  release("2026-03-05T01:00:00Z", r3),
  approval("2026-03-05T00:30:00Z", 3, "alice", ["carol"]),
  sync("2026-03-05T02:00:00Z", "Succeeded", 3), // emergency, lead 2 h, never reviewed
  release("2026-03-06T10:00:00Z", r4),
  approval("2026-03-06T09:00:00Z", 4, "alice", ["bob"]),
  sync("2026-03-06T10:30:00Z", "Failed", 4), // a failed attempt of change 4 is not change 3's failure
  sync("2026-03-06T14:00:00Z", "Succeeded", 4), // lead 14 h
];
const from = new Date("2026-03-01T00:00:00Z");
const to = new Date("2026-03-11T00:00:00Z");
const now = new Date("2026-03-20T00:00:00Z");

describe("release ledger summary", () => {
  const ledger = writeLedger(bodies, key.privateKey);
  const verified = verifyLedger(ledger, keys);
  const summary = summariseLedger(verified.entries, verified.problems, from, to, now);

  it("verifies the chain and every signature of the generated ledger", () => {
    expect(verified.problems).toEqual([]);
    expect(verified.entries).toHaveLength(bodies.length);
  });

  it("lists every change of the period, the dev release too, and none before it", () => {
    expect(summary.changes.map((c) => `${c.environment}:${c.commit.slice(-1)}`)).toEqual(["dev:1", "prod:1", "prod:2", "prod:3", "prod:4"]);
    expect(summary.changes.find((c) => c.commit.endsWith("1") && c.production)?.mergeRequest).toEqual({
      iid: 1,
      title: "change 1",
      author: "alice",
      approvers: ["bob"],
    });
  });

  it("flags the author-approved change and the unreviewed emergency, nothing else", () => {
    expect(summary.changes.find((c) => c.commit.endsWith("2"))).toMatchObject({
      independence: "approver-is-author-or-committer",
      selfApprovers: ["alice"],
    });
    expect(summary.emergencies).toEqual([
      expect.objectContaining({
        app: "shop",
        review: "overdue",
        reviewDue: "2026-03-08",
        reviewIssue: "https://gitlab.example.test/web/shop/-/issues/7",
      }),
    ]);
    expect(summary.flagged.map((f) => f.why)).toEqual([
      expect.stringContaining("approved by its author or a committer (alice)"),
      expect.stringContaining("emergency change, retroactive review overdue"),
    ]);
  });

  it("computes the four keys as by hand", () => {
    expect(summary.fourKeys).toEqual({
      deployments: 4, // changes 1-4 reached prod in the period
      days: 10,
      deploymentFrequencyPerDay: 0.4,
      leadTimeHoursMedian: 10, // median of 12, 8, 2, 14
      failedChanges: 1, // change 2 (Degraded before the next deployment)
      changeFailureRate: 0.25,
      restores: 1,
      timeToRestoreHoursMedian: 2, // Degraded 09:00 -> Healthy 11:00
    });
  });

  it("a review merged in time turns the emergency into done, one merged late into a finding", () => {
    const review = (closedAt: string) => ({
      kind: "review" as const,
      time: closedAt,
      app: "shop",
      environment: "prod",
      production: true,
      review: { pipeline: r3.pipeline.id, document: "https://gitlab.example.test/web/shop-config/-/blob/main/reviews/1003.md", closedAt },
    });
    for (const [closedAt, state] of [
      ["2026-03-07T10:00:00Z", "done"],
      ["2026-03-10T10:00:00Z", "done-late"],
    ] as const) {
      const withReview = verifyLedger(writeLedger([...bodies, review(closedAt)], key.privateKey), keys);
      const result = summariseLedger(withReview.entries, withReview.problems, from, to, now);
      expect(result.emergencies[0]?.review).toBe(state);
      expect(result.flagged.some((f) => f.why.includes("overdue"))).toBe(false);
    }
  });
});

describe("tampering", () => {
  const ledger = writeLedger(bodies, key.privateKey);
  const lines = ledger.trimEnd().split("\n");

  it("an edited entry fails its signature and breaks the chain at the next line", () => {
    const envelope = JSON.parse(lines[7]!) as { payload: string };
    const body = JSON.parse(Buffer.from(envelope.payload, "base64").toString()) as { approval: { approvers: string[] } };
    body.approval.approvers = ["bob"]; // hide the self-approval
    const forged = [...lines];
    forged[7] = JSON.stringify({ ...envelope, payload: Buffer.from(JSON.stringify(body)).toString("base64") });
    const result = verifyLedger(`${forged.join("\n")}\n`, keys);
    expect(result.problems).toEqual([
      { line: 8, problem: "no signature verifies with the given public key(s)" },
      { line: 9, problem: expect.stringContaining("is not the SHA-256 of line 8") as string },
    ]);
  });

  it("a removed line is caught by seq and prev", () => {
    const result = verifyLedger(`${[...lines.slice(0, 11), ...lines.slice(12)].join("\n")}\n`, keys);
    // Line 12 (the old 13th) neither follows line 11 in seq nor in hash; every later seq is off by one too.
    expect(result.problems.slice(0, 2)).toEqual([
      { line: 12, problem: "seq 13, expected 12 (a line was removed or inserted)" },
      { line: 12, problem: expect.stringContaining("is not the SHA-256 of line 11") as string },
    ]);
    expect(result.problems.slice(2).every((p) => p.problem.startsWith("seq "))).toBe(true);
  });

  it("a ledger signed with another key does not verify", () => {
    expect(verifyLedger(ledger, publicKeys([testKey().publicKeyPem])).unsigned).toBe(bodies.length);
  });
});

describe("npm run evidence -- --ledger", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ledger-"));
  const file = path.join(dir, "releases.jsonl");
  const pem = path.join(dir, "transit.pem");
  writeFileSync(file, writeLedger(bodies, key.privateKey));
  writeFileSync(pem, key.publicKeyPem);
  const run = (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = ledgerMain(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("summarises a verified ledger (exit 0) with its findings and writes JSON", () => {
    const json = path.join(dir, "summary.json");
    const result = run(
      "--ledger",
      file,
      "--from",
      "2026-03-01",
      "--to",
      "2026-03-11",
      "--public-key",
      pem,
      "--now",
      now.toISOString(),
      "--json",
      json,
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain("Hash chain and signatures: verified.");
    expect(result.out).toContain("approver-is-author-or-committer");
    expect(result.out).toContain("review overdue");
    expect(result.out).toContain("change failure rate: 0.25 (1 failed)");
    expect((JSON.parse(readFileSync(json, "utf8")) as { fourKeys: { deployments: number } }).fourKeys.deployments).toBe(4);
  });

  it("exits 1 on a tampered ledger and 2 without a public key", () => {
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const tampered = path.join(dir, "tampered.jsonl");
    writeFileSync(tampered, `${[lines[1], lines[0], ...lines.slice(2)].join("\n")}\n`);
    expect(run("--ledger", tampered, "--from", "2026-03-01", "--to", "2026-03-11", "--public-key", pem).code).toBe(1);
    expect(run("--ledger", file, "--from", "2026-03-01", "--to", "2026-03-11").code).toBe(2);
  });
});
