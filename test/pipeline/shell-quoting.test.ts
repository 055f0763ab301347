// Values written into the generated scripts stay one literal word each, even if one slipped past
// the spec boundary: the rendered lines run under /bin/sh with stub tools that record their argv,
// and a marker file shows whether anything injected ran.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { AppSpec } from "../../components/onboarding/app-spec";
import { renderAppPipeline } from "../../components/onboarding/pipeline/render-app-pipeline";
import { shellQuote } from "../../components/onboarding/pipeline/shell-quote";
import { testApp } from "../helpers/onboarding-context";
import { jobsOf, pipelineInput } from "./pipeline-fixtures";

const HOSTILE = [
  "Dockerfile;touch PWNED;#",
  "$(touch PWNED)",
  "`touch PWNED`",
  "Dockerfile\ntouch PWNED",
  "../../etc",
  "it's",
  "a b",
  "${HOME}",
];

const STUBS = ["buildctl-daemonless.sh", "buildah", "kaniko-executor", "cosign"];

/** Runs `line` under /bin/sh in a scratch directory with stub tools; returns each stub call's argv. */
function run(line: string): { calls: Record<string, string[]>; injected: boolean; status: number | null } {
  const dir = mkdtempSync(path.join(tmpdir(), "quote-"));
  try {
    const bin = path.join(dir, "bin");
    spawnSync("mkdir", [bin]);
    for (const stub of STUBS) {
      const file = path.join(bin, stub);
      writeFileSync(file, `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > "$CALLS/${stub}"\n`);
      chmodSync(file, 0o755);
    }
    const result = spawnSync("/bin/sh", ["-c", line.replace("/kaniko/executor", "kaniko-executor")], {
      cwd: dir,
      env: {
        PATH: `${bin}:/usr/bin:/bin`,
        CALLS: dir,
        HOME: "/home/runner",
        CI_PROJECT_DIR: "/builds/app",
        CI_COMMIT_SHA: "0123abcd",
        IMAGE_REPOSITORY: "harbor.example.test/shop/shop",
        IMAGE_REF: "harbor.example.test/shop/shop@sha256:00",
      },
      encoding: "utf8",
    });
    const calls: Record<string, string[]> = {};
    for (const stub of STUBS) {
      const file = path.join(dir, stub);
      if (existsSync(file)) calls[stub] = readFileSync(file, "utf8").split("\0").slice(0, -1);
    }
    return { calls, injected: existsSync(path.join(dir, "PWNED")), status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The spec as the renderer would get it had the boundary let the value through. */
const withBuild = (builder: AppSpec["pipeline"]["builder"], dockerfile: string, context: string): AppSpec => {
  const spec = testApp({ pipeline: { builder } });
  return { ...spec, pipeline: { ...spec.pipeline, dockerfile, context } };
};

const buildLine = (spec: AppSpec): string => {
  const build = jobsOf(renderAppPipeline({ ...pipelineInput(), spec }).content).build!;
  return build.script.find((l) => /^(buildctl-daemonless\.sh|buildah build|\/kaniko\/executor)/.test(l))!;
};

describe("shell quoting of the generated scripts", () => {
  it("shellQuote round-trips through a real shell", () => {
    for (const value of [...HOSTILE, "", "'", "''", "\\", "\n"]) {
      const echoed = spawnSync("/bin/sh", ["-c", `printf '%s' ${shellQuote(value)}`], { encoding: "utf8" });
      expect(echoed.stdout).toBe(value);
    }
  });

  it.each(HOSTILE)("buildkit, buildah and kaniko pass %j to the builder as one literal argument", (value) => {
    for (const builder of ["buildkit", "buildah", "kaniko"] as const) {
      const dockerfile = `docker/${value}`;
      const slash = dockerfile.lastIndexOf("/");
      const { calls, injected, status } = run(buildLine(withBuild(builder, dockerfile, value)));
      expect({ builder, injected, status }).toEqual({ builder, injected: false, status: 0 });
      if (builder === "buildkit")
        expect(calls["buildctl-daemonless.sh"]).toEqual(
          expect.arrayContaining([
            `context=${value}`,
            `dockerfile=${dockerfile.slice(0, slash)}`,
            `filename=${dockerfile.slice(slash + 1)}`,
            "type=image,name=harbor.example.test/shop/shop:0123abcd,push=true",
          ]),
        );
      if (builder === "buildah") {
        const argv = calls.buildah!;
        expect(argv.slice(0, 3)).toEqual(["build", "-f", dockerfile]);
        expect(argv[argv.length - 1]).toBe(value);
      }
      if (builder === "kaniko")
        expect(calls["kaniko-executor"]).toEqual(
          expect.arrayContaining(["--context", `/builds/app/${value}`, "--dockerfile", `/builds/app/${dockerfile}`]),
        );
    }
  });

  it("keeps the repository root as the kaniko context for '.'", () => {
    const { calls } = run(buildLine(withBuild("kaniko", "Dockerfile", ".")));
    expect(calls["kaniko-executor"]!.slice(0, 4)).toEqual(["--context", "/builds/app/", "--dockerfile", "/builds/app/Dockerfile"]);
  });

  it("quotes a private Sigstore's URLs in the keyless sign job", () => {
    const fulcioUrl = "https://fulcio.example.test/$(touch${IFS}PWNED)";
    const input = pipelineInput(
      { pipeline: { signing: "keyless" } },
      { sigstore: { fulcioUrl, rekorUrl: "https://rekor.example.test/`id`" } },
    );
    const sign = jobsOf(renderAppPipeline(input).content).sign!;
    const { calls, injected } = run(sign.script.find((l) => l.startsWith("cosign sign"))!);
    expect(injected).toBe(false);
    expect(calls.cosign).toEqual(expect.arrayContaining(["--fulcio-url", fulcioUrl, "--rekor-url", "https://rekor.example.test/`id`"]));
  });
});
