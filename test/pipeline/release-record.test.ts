import { spawnSync } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { renderAppPipeline } from "../../components/onboarding/pipeline/render-app-pipeline";
import { LEDGER_LOG_FIELDS, RELEASE_RECORD_PREDICATE_TYPE } from "../../components/shared/release-record";
import { preAuthEncoding, publicKeys, sha256Hex } from "../../compliance/ledger/dsse";
import { validateReleaseRecord, verifyLedger } from "../../compliance/ledger/ledger-file";
import type { ReleaseRecord } from "../../compliance/ledger/ledger-model";
import { record, release, testKey, writeLedger } from "../ledger/ledger-fixtures";
import { gitlabCiLocal, jobsOf, listedJobs, needNames, pipelineInput } from "./pipeline-fixtures";

/**
 * Runs the `sign` job's own script (as rendered) in a shell, with a stand-in `vault` that signs like
 * Vault transit (ECDSA P-256 over sha256 of the base64-decoded input) with a test key, and checks what
 * it wrote: the release record against compliance/schemas/release-record.schema.json, the ledger
 * lines by the evidence CLI's verifier, the record's DSSE attestation and the VictoriaLogs lines.
 */
const key = testKey();
const DIGEST_HEX = "ab".repeat(32);
const LEDGER_INPUT = { logsIngestUrl: "https://logs.example.test", emergency: { onCallGroup: "platform/on-call", reviewDueDays: 3 } };

const FAKE_VAULT = `
const fs = require("node:fs"), crypto = require("node:crypto");
const args = process.argv.slice(2);
if (args[0] === "token") process.exit(0);
if (args.includes("-field=token")) { process.stdout.write("s.test-token"); process.exit(0); }
const input = args.find((a) => a.startsWith("input=@")).slice(7);
const data = Buffer.from(fs.readFileSync(input, "utf8"), "base64");
process.stdout.write("vault:v1:" + crypto.sign("sha256", data, crypto.createPrivateKey(process.env.FAKE_VAULT_KEY)).toString("base64"));
`;

function workspace(previous: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "record-"));
  const bin = path.join(dir, "bin");
  spawnSync("mkdir", ["-p", bin]);
  writeFileSync(path.join(dir, "fake-vault.js"), FAKE_VAULT);
  writeFileSync(path.join(bin, "vault"), `#!/bin/sh\nexec "${process.execPath}" "${path.join(dir, "fake-vault.js")}" "$@"\n`);
  chmodSync(path.join(bin, "vault"), 0o755);
  writeFileSync(path.join(dir, "sbom.cdx.json"), '{"bomFormat":"CycloneDX","specVersion":"1.6"}');
  writeFileSync(
    path.join(dir, "gl-container-scanning-report.json"),
    '{"vulnerabilities":[{"severity": "High"},{"severity": "Medium"},{"severity": "Medium"},{"severity": "Low"}]}',
  );
  writeFileSync(
    path.join(dir, "trivy-version.json"),
    '{"Version":"0.74.0","VulnerabilityDB":{"Version":2,"NextUpdate":"2026-03-02T00:00:00Z","UpdatedAt":"2026-03-01T06:00:12.5Z"},"JavaDB":{"UpdatedAt":"2020-01-01T00:00:00Z"}}',
  );
  writeFileSync(path.join(dir, "previous.jsonl"), previous);
  return { dir, bin };
}

function runSign(content: string, env: Record<string, string>) {
  const previousLedger = writeLedger(
    [release("2026-02-01T00:00:00Z", record({ n: 9, commitTime: "2026-02-01T00:00:00Z" }))],
    key.privateKey,
  );
  const { dir, bin } = workspace(previousLedger);
  const doc = jobsOf(content);
  const variables = doc.sign?.variables ?? {};
  const global: Record<string, string> = Object.fromEntries(
    (content.match(/^ {2}(APP_NAME|IMAGE_REPOSITORY|PIPELINE_TEMPLATE_VERSION): (.*)$/gm) ?? []).map((l): [string, string] => {
      const [name = "", value = ""] = l.trim().split(": ");
      return [name, value];
    }),
  );
  const script = (doc.sign?.script ?? []).join("\n");
  const result = spawnSync("sh", ["-e", "-c", script], {
    cwd: dir,
    encoding: "utf8",
    env: {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      FAKE_VAULT_KEY: key.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      ...global,
      ...variables,
      IMAGE_REF: `${global.IMAGE_REPOSITORY}@sha256:${DIGEST_HEX}`,
      VAULT_ID_TOKEN: "jwt",
      CI_PROJECT_DIR: dir,
      CI_PROJECT_PATH: "web/shop",
      CI_COMMIT_SHA: "c".repeat(40),
      CI_COMMIT_REF_NAME: "main",
      CI_COMMIT_TIMESTAMP: "2026-03-01T08:00:00+00:00",
      CI_COMMIT_AUTHOR: 'Mallory "$(id)" \\ <mallory@example.test>',
      GITLAB_USER_LOGIN: "mallory",
      CI_PIPELINE_ID: "4242",
      CI_PIPELINE_URL: "https://gitlab.example.test/web/shop/-/pipelines/4242",
      CHANGE_TYPE: "standard",
      LEDGER_PREV: sha256Hex(previousLedger.trimEnd()),
      LEDGER_SEQ: "2",
      ...env,
    },
  });
  const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
  return { result, read, previousLedger };
}

describe("the release record the pipeline writes", () => {
  const content = renderAppPipeline(pipelineInput({ environments: ["dev", "prod"] }, { ledger: LEDGER_INPUT })).content;

  it("gitlab-ci-local accepts the pipeline with the ledger and emergency jobs", () => {
    const result = gitlabCiLocal(content);
    expect(result.status).toBe(0);
    expect(listedJobs(result)).toEqual(expect.arrayContaining(["ledger:prepare", "emergency-review", "ledger:append"]));
    const jobs = jobsOf(content);
    expect(needNames(jobs.sign!)).toEqual(expect.arrayContaining(["ledger:prepare", "emergency-review", "scan"]));
    expect(needNames(jobs["ledger:append"]!)).toEqual(expect.arrayContaining(["sign", "deploy:dev", "deploy:prod"]));
  });

  it("sign writes a schema-valid record, its signed attestation and hash-chained signed ledger lines", () => {
    const { result, read, previousLedger } = runSign(content, { LEDGER_REVIEWS: "1003=2026-03-01T09:00:00+00:00" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);

    const recordJson = JSON.parse(read("signing/release-record.json")) as ReleaseRecord;
    expect(validateReleaseRecord(recordJson)).toBe(true);
    expect(recordJson).toMatchObject({
      app: "shop",
      environments: ["dev", "prod"],
      changeType: "standard",
      image: { digest: `sha256:${DIGEST_HEX}` },
      // The hostile author arrives as data, quotes and backslash intact.
      source: { author: 'Mallory "$(id)" \\ <mallory@example.test>', commit: "c".repeat(40) },
      scan: { critical: 0, high: 1, medium: 2, low: 1, unknown: 0, dbUpdatedAt: "2026-03-01T06:00:12.5Z" },
      guardrails: { scanGate: "passed", productionScanGate: "passed" },
      sync: null,
      emergency: null,
      pipeline: { id: "4242" },
    });
    expect(recordJson.sbom?.digest).toBe(`sha256:${sha256Hex(read("sbom.cdx.json"))}`);
    expect(recordJson.attestations).toEqual([
      { predicateType: "https://cyclonedx.org/bom", digest: `sha256:${sha256Hex(read("signing/attestation.json"))}` },
    ]);

    // The in-toto attestation of the record, signed in Vault, for attach-signature to push.
    const envelope = JSON.parse(read("signing/release-record.attestation.json")) as {
      payloadType: string;
      payload: string;
      signatures: { sig: string }[];
    };
    const statement = Buffer.from(envelope.payload, "base64");
    expect(
      verify(
        "sha256",
        preAuthEncoding(envelope.payloadType, statement),
        createPublicKey(key.publicKeyPem),
        Buffer.from(envelope.signatures[0]!.sig, "base64"),
      ),
    ).toBe(true);
    expect(JSON.parse(statement.toString())).toMatchObject({
      predicateType: RELEASE_RECORD_PREDICATE_TYPE,
      subject: [{ digest: { sha256: DIGEST_HEX } }],
      predicate: recordJson,
    });

    // Appended to the previous ledger, the new lines (a review, then one release per environment) verify.
    const ledger = verifyLedger(previousLedger + read("signing/ledger-lines.jsonl"), publicKeys([key.publicKeyPem]));
    expect(ledger.problems).toEqual([]);
    expect(ledger.entries.map((e) => `${e.seq}:${e.kind}:${e.environment}`)).toEqual([
      "1:release:prod",
      "2:review:prod",
      "3:release:dev",
      "4:release:prod",
    ]);
    expect(ledger.entries[1]?.review).toEqual({
      pipeline: "1003",
      document: "https://gitlab.example.test/delivery/apps/web/shop-config/-/blob/main/reviews/1003.md",
      closedAt: "2026-03-01T09:00:00+00:00",
    });
    expect(ledger.entries[3]?.production).toBe(true);

    // VictoriaLogs lines carry the fields the dashboard and the overdue alert query.
    const logs = read("signing/ledger-log.jsonl")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs).toHaveLength(3);
    for (const line of logs)
      for (const field of [
        LEDGER_LOG_FIELDS.source,
        LEDGER_LOG_FIELDS.kind,
        LEDGER_LOG_FIELDS.app,
        LEDGER_LOG_FIELDS.environment,
        LEDGER_LOG_FIELDS.time,
        LEDGER_LOG_FIELDS.message,
      ])
        expect(line[field]).toEqual(expect.any(String));
    expect(logs[2]).toMatchObject({
      source: "release-ledger",
      kind: "release",
      env: "prod",
      change_type: "standard",
      digest: `sha256:${DIGEST_HEX}`,
      pipeline_id: "4242",
    });
  });

  it("an emergency records its on-call group, review due date and follow-up issue", () => {
    const { result, read } = runSign(content, {
      CHANGE_TYPE: "emergency",
      REVIEW_DUE: "2099-12-31",
      REVIEW_ISSUE_URL: "https://gitlab.example.test/web/shop/-/issues/12",
    });
    expect(result.status).toBe(0);
    const recordJson = JSON.parse(read("signing/release-record.json")) as ReleaseRecord;
    expect(validateReleaseRecord(recordJson)).toBe(true);
    // Due in reviewDueDays (3) from now, whatever REVIEW_DUE a trigger variable claimed.
    const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect(recordJson).toMatchObject({
      changeType: "emergency",
      emergency: {
        onCallGroup: "platform/on-call",
        reviewDue: due,
        reviewIssue: "https://gitlab.example.test/web/shop/-/issues/12",
      },
    });
    expect(read("signing/ledger-log.jsonl")).toContain('"change_type":"emergency"');
  });

  it("refuses an unknown change type, an emergency without emergency-review, and emergencies where none is configured", () => {
    expect(runSign(content, { CHANGE_TYPE: "standard; id" }).result.status).not.toBe(0);
    expect(runSign(content, { CHANGE_TYPE: "emergency" }).result.stderr).toContain("REVIEW_DUE missing");
    const without = renderAppPipeline(pipelineInput({ environments: ["dev", "prod"] })).content;
    expect(jobsOf(without)["emergency-review"]).toBeUndefined();
    expect(runSign(without, { CHANGE_TYPE: "emergency", REVIEW_DUE: "2026-03-04" }).result.stderr).toContain(
      "CHANGE_TYPE must be one of: standard",
    );
  });

  it("refuses a LEDGER_PREV that is not a hash (ledger:prepare did not run)", () => {
    expect(runSign(content, { LEDGER_PREV: "" }).result.stderr).toContain("LEDGER_PREV missing");
  });
});
