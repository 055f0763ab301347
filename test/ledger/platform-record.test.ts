import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { main } from "../../cli/release-record";
import { validateReleaseRecord } from "../../compliance/ledger/ledger-file";
import { platformLogLine, platformReleaseRecord } from "../../compliance/ledger/platform-record";

const CI = {
  CI_PROJECT_PATH: "platform/delivery-platform",
  CI_COMMIT_SHA: "e".repeat(40),
  CI_COMMIT_REF_NAME: "main",
  CI_COMMIT_TIMESTAMP: "2026-03-01T08:00:00Z",
  CI_COMMIT_AUTHOR: "Pat <pat@example.test>",
  GITLAB_USER_LOGIN: "pat",
  CI_PIPELINE_ID: "99",
  CI_PIPELINE_URL: "https://gitlab.example.test/platform/delivery-platform/-/pipelines/99",
};
const now = () => new Date("2026-03-01T09:00:00.123Z");

describe("platform release records (pulumi up of platform and tenant stacks)", () => {
  it("a failed up is recorded with the policy pack's verdict, valid against the release record schema", () => {
    const record = platformReleaseRecord({ stack: "prod", status: "failed", changeType: "standard", env: CI, now: now() });
    expect(validateReleaseRecord(record)).toBe(true);
    expect(record).toMatchObject({
      kind: "platform",
      app: "prod",
      image: null,
      guardrails: { policyPack: "failed" },
      recordedAt: "2026-03-01T09:00:00Z",
    });
    expect(JSON.parse(platformLogLine(record, true))).toMatchObject({
      source: "release-ledger",
      kind: "release",
      app: "prod",
      env: "prod",
      phase: "failed",
    });
  });

  it("npm run release-record writes the record; outside CI it names the missing variable (exit 2)", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "platform-record-"));
    const io = { stdout: () => undefined, stderr: jest.fn() };
    expect(
      await main(["--stack", "tenant-payments", "--status", "success", "--out", out], io, { ...CI, CHANGE_TYPE: "emergency" }, now),
    ).toBe(0);
    const written = JSON.parse(readFileSync(path.join(out, "release-record-tenant-payments.json"), "utf8")) as Record<string, unknown>;
    expect(validateReleaseRecord(written)).toBe(true);
    expect(written).toMatchObject({ changeType: "emergency", guardrails: { policyPack: "passed" } });
    expect(await main(["--stack", "dev", "--status", "success", "--out", out], io, {}, now)).toBe(2);
    expect(io.stderr).toHaveBeenCalledWith(expect.stringContaining("CI_PROJECT_PATH is not set"));
  });

  it("every up job of the repository's CI records its change, also when up failed", () => {
    const ci = parse(readFileSync(path.join(__dirname, "../../.gitlab-ci.yml"), "utf8")) as Record<string, { after_script?: string[] }>;
    // Every job that runs pulumi up: the approved deploys and the scheduled credential rotation.
    const ups = Object.keys(ci).filter((name) => name.startsWith("up:") || name === "rotate");
    expect(ups.sort()).toEqual(["rotate", "up:platform", "up:tenants"]);
    for (const name of ups)
      expect(ci[name]?.after_script?.join("\n")).toMatch(/npm run -s release-record -- --stack \S+ .*--status "\$CI_JOB_STATUS"/);
  });
});
