// `npm run evidence -- --stack dev --out <dir>` in-process: the four files, a valid SBOM, usage errors.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { validateSbom } from "../../compliance/platform-sbom";
import { EXIT_OK, EXIT_USAGE, main } from "../../cli/evidence";

function io() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (t: string) => (out.stdout += `${t}\n`), stderr: (t: string) => (out.stderr += `${t}\n`) } };
}

it("writes the report in Markdown, HTML and JSON and a valid platform SBOM", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "evidence-"));
  const { out, io: cliIo } = io();
  expect(await main(["--stack", "dev", "--out", dir], cliIo, () => new Date("2026-11-26T12:00:00Z"))).toBe(EXIT_OK);
  expect(out.stderr).toBe("");
  expect(out.stdout).toMatch(/stack 'dev' \(dev\): \d+ controls: \d+ met, \d+ partial, \d+ not covered/);
  const report = JSON.parse(readFileSync(path.join(dir, "evidence.json"), "utf8")) as { generatedAt: string; stack: string };
  expect(report).toMatchObject({ stack: "dev", generatedAt: "2026-11-26T12:00:00.000Z" });
  expect(readFileSync(path.join(dir, "evidence.md"), "utf8")).toContain("## Control matrix");
  expect(readFileSync(path.join(dir, "evidence.html"), "utf8")).toMatch(/^<!DOCTYPE html>/);
  const sbom = JSON.parse(readFileSync(path.join(dir, "platform.cdx.json"), "utf8")) as {
    serialNumber: string;
    metadata: { timestamp: string };
  };
  expect(sbom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  expect(sbom.metadata.timestamp).toBe("2026-11-26T12:00:00.000Z");
  expect(await validateSbom(sbom)).toBeNull();
  // The manifest checks with coreutils' sha256sum, and the report names the stack file it was built from.
  const check = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: dir, encoding: "utf8" });
  expect(check.stdout.trim().split("\n").sort()).toEqual(
    ["evidence.md", "evidence.html", "evidence.json", "platform.cdx.json"].map((f) => `${f}: OK`).sort(),
  );
  expect(check.status).toBe(0);
  const stackFile = readFileSync(path.join(__dirname, "..", "..", "stacks", "Pulumi.dev.yaml"));
  expect((report as unknown as { provenance: { stackConfigSha256: string } }).provenance.stackConfigSha256).toBe(
    createHash("sha256").update(stackFile).digest("hex"),
  );
});

it("rejects a missing stack name and an unknown stack with usage errors", async () => {
  const missing = io();
  expect(await main([], missing.io)).toBe(EXIT_USAGE);
  expect(missing.out.stderr).toContain("--stack is required");
  const unknown = io();
  expect(await main(["--stack", "nope"], unknown.io)).toBe(EXIT_USAGE);
  expect(unknown.out.stderr).toContain("no stack file");
});
