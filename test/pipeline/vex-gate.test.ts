// Accepted risks (apps[].vex): the project's OpenVEX schema, expiry at the config boundary (exit 2 naming the
// app), and the pipeline's Trivy gate reading the document the rendered pipeline writes (gitlab-ci-local valid).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { renderAppPipeline } from "../../components/onboarding/pipeline/render-app-pipeline";
import { PRODUCTION_SCAN_JOB, SCAN_JOB } from "../../components/onboarding/pipeline/scan-jobs";
import { VEX_FILE } from "../../components/onboarding/pipeline/vex-file";
import { ACCEPTED_RISKS_FILE, configRepoFiles } from "../../components/onboarding/repositories/config-repo-files";
import { appVexSpec, imageProduct, MAX_VEX_VALIDITY_DAYS } from "../../components/onboarding/vex/accepted-risks";
import { openVexDocumentSchema, openVexStatementSchema } from "../../components/onboarding/vex/openvex";
import { testApp, testNames } from "../helpers/onboarding-context";
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";
import { gitlabCiLocal, jobsOf, listedJobs, pipelineInput } from "./pipeline-fixtures";

const STATEMENT = {
  vulnerability: "CVE-2026-0001",
  status: "not_affected" as const,
  justification: "vulnerable_code_not_in_execute_path" as const,
  subcomponents: ["pkg:npm/example-parser@1.2.3"],
  reviewedBy: "security-team",
  reviewedAt: "2026-12-01",
  expires: "2027-05-30",
};

const at = (iso: string) => () => new Date(iso);

describe("the project's OpenVEX schema", () => {
  it("holds the spec's rules: not_affected needs a justification or impact statement, affected an action statement", () => {
    const base = { vulnerability: { name: "CVE-2026-0001" }, products: [{ "@id": "pkg:oci/app?repository_url=r/app" }] };
    expect(openVexStatementSchema.safeParse({ ...base, status: "not_affected" }).success).toBe(false);
    expect(openVexStatementSchema.safeParse({ ...base, status: "not_affected", impact_statement: "never loaded" }).success).toBe(true);
    expect(openVexStatementSchema.safeParse({ ...base, status: "affected" }).success).toBe(false);
    expect(openVexStatementSchema.safeParse({ ...base, status: "fixed", justification: "component_not_present" }).success).toBe(false);
    expect(openVexStatementSchema.safeParse({ ...base, status: "gone" }).success).toBe(false);
  });
});

describe("accepted risks in the app spec", () => {
  const parse = (statements: unknown[], now = at("2026-12-02T12:00:00Z")) => appVexSpec(now).safeParse({ statements });

  it("accept a reviewed statement until the end of its expiry day", () => {
    expect(parse([STATEMENT]).success).toBe(true);
    expect(parse([STATEMENT], at("2027-05-30T23:59:00Z")).success).toBe(true);
    const expired = parse([STATEMENT], at("2027-05-31T00:00:01Z"));
    expect(expired.success).toBe(false);
    expect(expired.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      [
        "statements.0.expires",
        "the accepted risk CVE-2026-0001 expired on 2027-05-30: review it again (new reviewedAt and expires) or remove it",
      ],
    ]);
  });

  it(`refuse an expiry more than ${MAX_VEX_VALIDITY_DAYS} days after the review, and statements OpenVEX would reject`, () => {
    expect(parse([{ ...STATEMENT, expires: "2027-06-30" }]).error?.issues[0]?.message).toMatch(/at most 180 days after reviewedAt/);
    expect(parse([{ ...STATEMENT, justification: undefined }]).error?.issues[0]?.message).toMatch(/not_affected needs a justification/);
    expect(parse([STATEMENT, STATEMENT]).error?.issues[0]?.message).toMatch(/stated twice/);
  });

  it("stop the plan with exit 2, naming the app, when a statement has expired", async () => {
    const config = devConfig();
    (config["delivery-platform:apps"] as Record<string, unknown>[])[1]!.vex = {
      statements: [{ ...STATEMENT, reviewedAt: "2026-01-01", expires: "2026-02-01" }],
    };
    const run = await runPlanCli(["--stack", "vex", "--stacks-dir", writeStacks({ vex: { config } })]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("apps[1] (beta).vex.statements[0].expires");
    expect(run.stderr).toContain("the accepted risk CVE-2026-0001 expired on 2026-02-01");
  });
});

describe("the scan gate with accepted risks", () => {
  const input = pipelineInput({ vex: { statements: [STATEMENT] } });
  const content = renderAppPipeline(input).content;
  const jobs = jobsOf(content);

  it("is valid GitLab CI (gitlab-ci-local)", () => {
    const result = gitlabCiLocal(content);
    expect(result.status).toBe(0);
    expect(listedJobs(result)).toEqual(expect.arrayContaining([SCAN_JOB]));
  });

  it("passes the document to every trivy scan with --vex, and writes the very document of the config repository", () => {
    const scripts = [SCAN_JOB, PRODUCTION_SCAN_JOB].flatMap((name) => (jobs[name] as { script?: string[] } | undefined)?.script ?? []);
    const scans = scripts.filter((line) => line.startsWith("trivy image --skip-db-update"));
    expect(scans.length).toBeGreaterThanOrEqual(2);
    for (const line of scans) expect(line).toContain(`--vex "$CI_PROJECT_DIR/${VEX_FILE}"`);
    // Run the rendered line in a shell: the quoting must deliver the JSON byte for byte.
    const writer = scripts.find((line) => line.startsWith("printf '%s\\n'"))!;
    const dir = mkdtempSync(path.join(tmpdir(), "vex-"));
    expect(spawnSync("sh", ["-c", writer], { env: { CI_PROJECT_DIR: dir }, encoding: "utf8" }).status).toBe(0);
    const written = JSON.parse(readFileSync(path.join(dir, VEX_FILE), "utf8")) as unknown;
    const document = openVexDocumentSchema.parse(written);
    const app = testApp({ vex: { statements: [STATEMENT] } });
    expect(document.statements[0]?.products[0]?.["@id"]).toBe(imageProduct(testNames(app).registry.repository));
    const configFile = configRepoFiles({ spec: app, names: testNames(app), environments: [] }).find((f) => f.path === ACCEPTED_RISKS_FILE)!;
    expect(JSON.parse(configFile.content)).toEqual(written);
    expect(configFile.owner).toBe("platform");
  });

  it("reads it in the production gate too, when the app's own gate is laxer", () => {
    const lax = jobsOf(
      renderAppPipeline(pipelineInput({ vex: { statements: [STATEMENT] }, pipeline: { scanSeverityThreshold: "CRITICAL" } })).content,
    );
    const script = (lax[PRODUCTION_SCAN_JOB] as { script: string[] }).script;
    expect(script.filter((line) => line.startsWith("trivy image --skip-db-update --exit-code 1"))).toEqual([
      `trivy image --skip-db-update --exit-code 1 --severity HIGH,CRITICAL --vex "$CI_PROJECT_DIR/${VEX_FILE}" --show-suppressed "$IMAGE_REF"`,
    ]);
    expect(script.some((line) => line.includes(`> "$CI_PROJECT_DIR/${VEX_FILE}"`))).toBe(true);
  });

  it("is unchanged for apps without accepted risks", () => {
    const plain = jobsOf(renderAppPipeline(pipelineInput()).content);
    expect(JSON.stringify(plain[SCAN_JOB])).not.toContain("--vex");
    expect(configRepoFiles({ spec: testApp(), names: testNames(testApp()), environments: [] }).map((f) => f.path)).not.toContain(
      ACCEPTED_RISKS_FILE,
    );
  });
});
