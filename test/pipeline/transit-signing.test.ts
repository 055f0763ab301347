// Runs the transit sign job's script (with a Vault stand-in that signs like transit does) and checks
// its output as cosign and Kyverno verify it: the signature over the simple-signing payload, the
// DSSE envelope over the in-toto statement, with the public key of the key that signed.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync, verify } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { dsse } from "@sigstore/core";
import { ciPolicyRules } from "../../components/onboarding/secrets/policies";
import { renderAppPipeline } from "../../components/onboarding/pipeline/render-app-pipeline";
import { globMatches } from "../../policies/crossguard/vault-path-glob";
import { testNames } from "../helpers/onboarding-context";
import { type CiJobView, jobsOf, pipelineInput, REGISTRY } from "./pipeline-fixtures";

const input = pipelineInput({ name: "payments", pipeline: { signing: "vault-transit" } });
const jobs = jobsOf(renderAppPipeline(input).content);
const sign = jobs.sign as CiJobView;
const REPOSITORY = `${REGISTRY}/payments/payments`;
const DIGEST = `sha256:${"ab12".repeat(16)}`;
const SBOM = { bomFormat: "CycloneDX", specVersion: "1.6", components: [{ type: "library", name: "left-pad", version: "1.3.0" }] };

// Vault's transit sign API for an ecdsa-p256 key: input is base64, the default hash sha2-256, the
// default marshaling ASN.1, the answer `vault:v<version>:<base64>` (Vault transit API docs).
const FAKE_VAULT = `#!/usr/bin/env node
const fs = require("node:fs"), crypto = require("node:crypto");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.VAULT_CALLS, JSON.stringify(args) + "\\n");
if (args[0] === "token") process.exit(0);
const field = args[1].replace("-field=", ""), target = args[2];
if (field === "token") { process.stdout.write("hvs.offline"); process.exit(0); }
if (process.env.VAULT_TOKEN !== "hvs.offline") { console.error("permission denied"); process.exit(2); }
const inputArg = args.find((a) => a.startsWith("input="));
const b64 = inputArg.startsWith("input=@") ? fs.readFileSync(inputArg.slice(7), "utf8") : inputArg.slice(6);
const signature = crypto.sign("sha256", Buffer.from(b64, "base64"), fs.readFileSync(process.env.SIGNING_KEY, "utf8"));
process.stdout.write("vault:v1:" + signature.toString("base64"));
`;

interface Run {
  status: number | null;
  stderr: string;
  calls: string[][];
  dir: string;
}

function runSignJob(imageRef: string): Run {
  const dir = mkdtempSync(path.join(tmpdir(), "transit-sign-"));
  const bin = path.join(dir, "bin");
  spawnSync("mkdir", ["-p", bin]);
  writeFileSync(path.join(bin, "vault"), FAKE_VAULT);
  chmodSync(path.join(bin, "vault"), 0o755);
  const { privateKey } = keys;
  writeFileSync(path.join(dir, "key.pem"), privateKey);
  writeFileSync(path.join(dir, "sbom.cdx.json"), `${JSON.stringify(SBOM, null, 2)}\n`);
  writeFileSync(path.join(dir, "calls"), "");
  // What the release record reads (test/pipeline/release-record.test.ts checks the record itself).
  writeFileSync(path.join(dir, "gl-container-scanning-report.json"), '{"vulnerabilities":[]}');
  // GitLab runs the lines in one shell that stops at the first failing one.
  const result = spawnSync("sh", ["-e", "-c", sign.script.join("\n")], {
    cwd: dir,
    encoding: "utf8",
    env: {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      ...sign.variables,
      IMAGE_REPOSITORY: REPOSITORY,
      IMAGE_REF: imageRef,
      VAULT_ID_TOKEN: "eyJ.offline.jwt",
      VAULT_CALLS: path.join(dir, "calls"),
      SIGNING_KEY: path.join(dir, "key.pem"),
      APP_NAME: "payments",
      PIPELINE_TEMPLATE_VERSION: "delivery-platform/app-pipeline@test",
      CHANGE_TYPE: "standard",
      CI_PIPELINE_ID: "7",
      CI_PIPELINE_URL: "https://gitlab.example.test/web/payments/-/pipelines/7",
      CI_COMMIT_SHA: "d".repeat(40),
      CI_COMMIT_TIMESTAMP: "2026-03-01T00:00:00Z",
      CI_COMMIT_AUTHOR: "A <a@example.test>",
      CI_COMMIT_REF_NAME: "main",
      CI_PROJECT_PATH: "web/payments",
      LEDGER_PREV: "0".repeat(64),
      LEDGER_SEQ: "1",
    },
  });
  const calls = readFileSync(path.join(dir, "calls"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as string[]);
  return { status: result.status, stderr: result.stderr, calls, dir };
}

const keys = generateKeyPairSync("ec", {
  namedCurve: "P-256",
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});

describe("transit signing: what the sign job produces is what cosign and Kyverno verify", () => {
  let run: Run;
  beforeAll(() => {
    run = runSignJob(`${REPOSITORY}@${DIGEST}`);
  });
  afterAll(() => rmSync(run.dir, { recursive: true, force: true }));

  it("logs in with the sign role, signs with the app's key (image, SBOM, release record, one ledger line per environment), and revokes its token", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const signatures = 3 + input.spec.environments.length;
    expect(run.calls.map((c) => c.slice(0, 3))).toEqual([
      ["write", "-field=token", "auth/jwt-gitlab/login"],
      ...Array.from({ length: signatures }, () => ["write", "-field=signature", "transit/sign/payments/sha2-256"]),
      ["token", "revoke", "-self"],
    ]);
    expect(run.calls[0]).toContain("role=ci.web.payments.sign");
  });

  it("the sign role's Vault policy grants exactly the path the job writes", () => {
    const rules = ciPolicyRules("secret", testNames(input.spec), "sign", { mountPath: "transit", name: "payments" });
    const grants = (p: string) => rules.some((r) => r.capabilities.includes("update") && globMatches(r.path, p));
    expect(grants("transit/sign/payments/sha2-256")).toBe(true);
    expect(grants("transit/sign/payments-other/sha2-256")).toBe(false);
  });

  it("the signature verifies over the simple-signing payload, which names this digest", () => {
    const payload = readFileSync(path.join(run.dir, "signing/payload.json"));
    const signature = Buffer.from(readFileSync(path.join(run.dir, "signing/payload.sig"), "utf8"), "base64");
    expect(verify("sha256", payload, keys.publicKey, signature)).toBe(true);
    expect(JSON.parse(payload.toString())).toEqual({
      critical: {
        identity: { "docker-reference": REPOSITORY },
        image: { "docker-manifest-digest": DIGEST },
        type: "cosign container image signature",
      },
      optional: null,
    });
  });

  it("the DSSE envelope verifies (sigstore-js PAE) and attests the SBOM to this digest", () => {
    const envelope = JSON.parse(readFileSync(path.join(run.dir, "signing/attestation.json"), "utf8")) as {
      payloadType: string;
      payload: string;
      signatures: { keyid: string; sig: string }[];
    };
    expect(envelope.payloadType).toBe("application/vnd.in-toto+json");
    const body = Buffer.from(envelope.payload, "base64");
    expect(envelope.signatures).toHaveLength(1);
    const pae = dsse.preAuthEncoding(envelope.payloadType, body);
    expect(verify("sha256", pae, keys.publicKey, Buffer.from(envelope.signatures[0]!.sig, "base64"))).toBe(true);
    expect(JSON.parse(body.toString())).toEqual({
      _type: "https://in-toto.io/Statement/v0.1",
      predicateType: "https://cyclonedx.org/bom",
      subject: [{ name: REPOSITORY, digest: { sha256: DIGEST.slice("sha256:".length) } }],
      predicate: SBOM,
    });
  });

  it("attach-signature pushes exactly the files sign leaves as artifacts", () => {
    const attach = jobs["attach-signature"] as CiJobView;
    const pushed = ["signing/payload.json", "signing/payload.sig", "signing/attestation.json", "signing/release-record.attestation.json"];
    expect(sign.artifacts?.paths).toEqual(expect.arrayContaining(pushed));
    for (const file of pushed) {
      expect(existsSync(path.join(run.dir, file))).toBe(true);
      expect(attach.script.some((l) => l.startsWith("cosign attach") && l.includes(` ${file} `))).toBe(true);
    }
  });

  it.each([
    ["another app's repository", `${REGISTRY}/ledger/ledger@${DIGEST}`],
    ["a tag instead of a digest", `${REPOSITORY}:latest`],
    ["a digest with a shell payload", `${REPOSITORY}@sha256:$(id)`],
  ])("refuses %s from a tampered build.env before it talks to Vault", (_what, imageRef) => {
    const refused = runSignJob(imageRef);
    rmSync(refused.dir, { recursive: true, force: true });
    expect(refused.status).not.toBe(0);
    expect(refused.calls).toEqual([]);
  });
});
