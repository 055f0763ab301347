import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { renderAppPipeline } from "../../components/onboarding/pipeline/render-app-pipeline";
import { publicKeys } from "../../compliance/ledger/dsse";
import { verifyLedger } from "../../compliance/ledger/ledger-file";
import { summariseLedger } from "../../compliance/ledger/ledger-summary";
import { testKey } from "../ledger/ledger-fixtures";
import { jobsOf, pipelineInput } from "./pipeline-fixtures";

/**
 * Runs ledger:prepare, sign and ledger:append as rendered, against a local bare repository standing in
 * for the app's config repository (git's url.<base>.insteadOf maps the job's https remote onto it), and
 * a stand-in `vault` that signs like transit: two pipelines, an emergency then a standard one after the
 * review document reached main, give a ledger the evidence CLI verifies and summarises.
 */
const key = testKey();
const REMOTE = "https://pipeline:tok@gitlab.example.test/delivery/apps/web/shop-config.git";
const FAKE_VAULT = `
const fs = require("node:fs"), crypto = require("node:crypto");
const args = process.argv.slice(2);
if (args[0] === "token") process.exit(0);
if (args.includes("-field=token")) { process.stdout.write("s.test"); process.exit(0); }
const input = args.find((a) => a.startsWith("input=@")).slice(7);
process.stdout.write("vault:v1:" + crypto.sign("sha256", Buffer.from(fs.readFileSync(input, "utf8"), "base64"), crypto.createPrivateKey(process.env.FAKE_VAULT_KEY)).toString("base64"));
`;

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@x", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@x" },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

describe("ledger jobs against a config repository", () => {
  const root = mkdtempSync(path.join(tmpdir(), "ledger-jobs-"));
  const bare = path.join(root, "config.git");
  const seed = path.join(root, "seed");
  const bin = path.join(root, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(root, "fake-vault.js"), FAKE_VAULT);
  writeFileSync(path.join(bin, "vault"), `#!/bin/sh\nexec "${process.execPath}" "${path.join(root, "fake-vault.js")}" "$@"\n`, {
    mode: 0o755,
  });
  git(root, "init", "-q", "--bare", "-b", "main", bare);
  git(root, "clone", "-q", bare, seed);
  writeFileSync(path.join(seed, "README.md"), "config\n");
  git(seed, "add", ".");
  git(seed, "commit", "-q", "-m", "base");
  git(seed, "push", "-q", "origin", "HEAD:main");

  const content = renderAppPipeline(
    pipelineInput({ environments: ["dev", "prod"] }, { ledger: { emergency: { onCallGroup: "platform/on-call", reviewDueDays: 3 } } }),
  ).content;
  const jobs = jobsOf(content);
  const globals: Record<string, string> = {
    APP_NAME: "shop",
    IMAGE_REPOSITORY: "harbor.platform.example.test/shop/shop",
    PIPELINE_TEMPLATE_VERSION: "t",
  };

  function run(job: string, dir: string, env: Record<string, string>) {
    return spawnSync("sh", ["-e", "-c", (jobs[job]?.script ?? []).join("\n")], {
      cwd: dir,
      encoding: "utf8",
      env: {
        PATH: `${bin}:${process.env.PATH ?? ""}`,
        HOME: root,
        GIT_CONFIG_COUNT: "1",
        GIT_CONFIG_KEY_0: `url.file://${bare}.insteadOf`,
        GIT_CONFIG_VALUE_0: REMOTE,
        FAKE_VAULT_KEY: key.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        ...globals,
        ...(jobs[job]?.variables ?? {}),
        CONFIG_REPO_TOKEN: "tok",
        CI_PROJECT_DIR: dir,
        IMAGE_REF: `${globals.IMAGE_REPOSITORY}@sha256:${"cd".repeat(32)}`,
        CI_PROJECT_PATH: "web/shop",
        CI_COMMIT_SHA: "f".repeat(40),
        CI_COMMIT_REF_NAME: "main",
        CI_COMMIT_TIMESTAMP: "2026-03-01T08:00:00Z",
        CI_COMMIT_AUTHOR: "Alice <alice@example.test>",
        CI_PIPELINE_URL: "https://gitlab.example.test/web/shop/-/pipelines/1",
        ...env,
      },
    });
  }

  /** One pipeline: prepare -> sign (with prepare's dotenv) -> append, in a fresh build directory. */
  function pipeline(id: string, env: Record<string, string>, appendEnv: Record<string, string> = {}) {
    const dir = mkdtempSync(path.join(root, `p${id}-`));
    writeFileSync(path.join(dir, "sbom.cdx.json"), "{}");
    writeFileSync(path.join(dir, "gl-container-scanning-report.json"), '{"vulnerabilities":[]}');
    const prepare = run("ledger:prepare", dir, { CI_PIPELINE_ID: id });
    expect(prepare.stderr).toBe("");
    const dotenv = Object.fromEntries(
      readFileSync(path.join(dir, "ledger.env"), "utf8")
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    ) as Record<string, string>;
    const sign = run("sign", dir, { CI_PIPELINE_ID: id, ...dotenv, ...env });
    expect(sign.stderr).toBe("");
    const append = run("ledger:append", dir, { CI_PIPELINE_ID: id, ...dotenv, ...env, ...appendEnv });
    return { dotenv, append };
  }

  const ledgerOnBranch = () => git(root, "--git-dir", bare, "show", "ledger:ledger/releases.jsonl");

  it("appends hash-chained signed lines, records a merged review, and refuses a forged one", () => {
    const first = pipeline("4242", {
      CHANGE_TYPE: "emergency",
      REVIEW_DUE: "set",
      REVIEW_ISSUE_URL: "https://gitlab.example.test/web/shop/-/issues/3",
    });
    expect(first.dotenv).toEqual({ LEDGER_PREV: "0".repeat(64), LEDGER_SEQ: "1", LEDGER_REVIEWS: "" });
    expect(first.append.stderr).toBe("");
    expect(first.append.status).toBe(0);

    // The retroactive review lands on main through a merge request (here: a push).
    mkdirSync(path.join(seed, "reviews"));
    writeFileSync(path.join(seed, "reviews", "4242.md"), "Reviewed: the hotfix was right.\n");
    git(seed, "add", ".");
    git(seed, "commit", "-q", "-m", "review of 4242");
    git(seed, "push", "-q", "origin", "HEAD:main");

    // A forged review word (a trigger variable outranks the dotenv) is refused before anything is pushed.
    const forged = pipeline("4243", { CHANGE_TYPE: "standard" }, { LEDGER_REVIEWS: "4242=2026-01-01T00:00:00+00:00" });
    expect(forged.append.status).not.toBe(0);
    expect(forged.append.stderr).toContain("no review document reviews/4242.md on main");

    const second = pipeline("4244", { CHANGE_TYPE: "standard" });
    expect(second.dotenv.LEDGER_SEQ).toBe("3");
    expect(second.dotenv.LEDGER_REVIEWS).toMatch(/^4242=\d{4}-\d\d-\d\dT/);
    expect(second.append.stderr).toBe("");
    expect(second.append.status).toBe(0);

    const verified = verifyLedger(ledgerOnBranch(), publicKeys([key.publicKeyPem]));
    expect(verified.problems).toEqual([]);
    expect(verified.entries.map((e) => `${e.kind}:${e.environment}`)).toEqual([
      "release:dev",
      "release:prod",
      "review:prod",
      "release:dev",
      "release:prod",
    ]);
    const summary = summariseLedger(verified.entries, [], new Date("2000-01-01"), new Date("2100-01-01"), new Date());
    expect(summary.emergencies).toEqual([expect.objectContaining({ review: "done" })]);
    // Appends only: the branch's history is one commit per pipeline, never rewritten.
    expect(git(root, "--git-dir", bare, "log", "--format=%s", "ledger").trim().split("\n")).toEqual([
      "ledger(shop): pipeline 4244",
      "ledger(shop): pipeline 4242",
    ]);
  });
});
