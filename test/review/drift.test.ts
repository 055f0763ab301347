// The scheduled drift check reported like the offline plan: Markdown and JUnit (read back with junit2json).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main } from "../../cli/drift";
import { driftJunit, driftMarkdown } from "../../review/drift-report";
import { parseJunit } from "../helpers/junit";

const DRIFTED = [
  "Previewing update (prod):",
  "    ~ kubernetes:apps/v1:Deployment argocd-server update [diff: ~spec]",
  "      ~ spec: { replicas: 2 => 1 }",
  "error: <no changes were expected> & 1 resource would change",
].join("\n");

describe("the drift report", () => {
  it("passes the stack's test case when the preview found no change", () => {
    const check = { stack: "dev", exitCode: 0, output: "Previewing update (dev):\nResources:\n    278 unchanged\n" };
    const suite = parseJunit(driftJunit(check)).testsuite![0]!;
    expect(suite).toMatchObject({ tests: 1, failures: 0 });
    expect(suite.testcase).toEqual([expect.objectContaining({ classname: "drift.dev", name: "dev: no drift" })]);
    expect(suite.testcase![0]!.failure).toBeUndefined();
    expect(driftMarkdown(check)).toContain("**Passes:** no drift");
  });

  it("fails it on drift, with the end of the preview as written", () => {
    const check = { stack: "prod", exitCode: 255, output: DRIFTED };
    const failure = parseJunit(driftJunit(check)).testsuite![0]!.testcase![0]!.failure![0]!;
    expect(failure.message).toBe("drift or a failed preview (exit 255): see the preview output");
    expect(failure.inner).toBe(DRIFTED);
    const markdown = driftMarkdown(check);
    expect(markdown).toContain("**Fails:** drift or a failed preview (exit 255)");
    expect(markdown).toContain("~ spec: { replicas: 2 => 1 }");
  });

  it("is written by npm run drift from the preview output and its exit code", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "drift-"));
    writeFileSync(path.join(dir, "preview.txt"), DRIFTED);
    const io = { stdout: () => undefined, stderr: () => undefined };
    const files = { markdown: path.join(dir, "d.md"), junit: path.join(dir, "d.junit.xml") };
    const argv = ["--stack", "prod", "--preview", path.join(dir, "preview.txt"), "--exit-code", "1"];
    expect(main([...argv, "--markdown", files.markdown, "--junit", files.junit], io)).toBe(0);
    expect(parseJunit(readFileSync(files.junit, "utf8")).testsuite![0]!.failures).toBe(1);
    expect(readFileSync(files.markdown, "utf8")).toContain("### Drift check of stack `prod`");
    expect(main(["--stack", "prod", "--preview", path.join(dir, "missing.txt"), "--exit-code", "1"], io)).toBe(2);
    expect(main(["--stack", "prod", "--preview", path.join(dir, "preview.txt"), "--exit-code", "x"], io)).toBe(2);
  });
});
