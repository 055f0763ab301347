// The scheduled rotation's inputs: the stack's last deployed commit from its update history and the
// rotation clocks from its state, read the way the repository CI's `rotate` job does.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main } from "../../cli/rotation";
import { lastDeployedCommit, ROTATION_CLOCK_TYPE, RotationInputError, rotationTargets } from "../../plan/scheduled-rotation";
import { checkpointFromPlan } from "../helpers/checkpoint-from-plan";
import { examplePlan } from "../helpers/example-plans";

const sha = (c: string) => c.repeat(40);
/** One `pulumi stack history --json` entry (apitype UpdateInfo as the CLI prints it). */
const update = (version: number, kind: string, result: string, environment: Record<string, string> = {}) => ({
  version,
  kind,
  result,
  startTime: `2026-11-${String(version).padStart(2, "0")}T10:00:00Z`,
  message: "",
  environment,
  config: {},
});

describe("the last deployed commit", () => {
  it("is the newest successful update from a clean checkout: previews, refreshes, failures and dirty trees do not count", () => {
    const history = [
      update(9, "preview", "succeeded", { "git.head": sha("9") }),
      update(8, "update", "failed", { "git.head": sha("8") }),
      update(7, "update", "succeeded", { "git.head": sha("7"), "git.dirty": "true" }),
      update(6, "refresh", "succeeded", { "git.head": sha("6") }),
      update(5, "update", "succeeded", { "git.head": sha("5"), "git.dirty": "false" }),
      update(4, "update", "succeeded", { "git.head": sha("4") }),
    ];
    expect(lastDeployedCommit(history)).toEqual({ commit: sha("5"), version: 5, startTime: "2026-11-05T10:00:00Z" });
    // Ordered by version, whatever order the entries come in.
    expect(lastDeployedCommit([...history].reverse())?.commit).toBe(sha("5"));
  });

  it("is undefined for a stack never updated from git, and refuses what is not a history", () => {
    expect(lastDeployedCommit([])).toBeUndefined();
    expect(lastDeployedCommit([update(1, "update", "succeeded", { "git.head": "not-a-commit" })])).toBeUndefined();
    expect(lastDeployedCommit([update(1, "update", "succeeded")])).toBeUndefined();
    expect(() => lastDeployedCommit({ version: 3 })).toThrow(RotationInputError);
  });
});

describe("the rotation targets", () => {
  it("are exactly the rotation clocks of the deployed prod stack, whose dependents are its robots and their credentials", async () => {
    const plan = await examplePlan("prod");
    const clocks = plan.resources.filter((r) => r.type === ROTATION_CLOCK_TYPE).map((r) => r.urn);
    expect(clocks.length).toBeGreaterThan(0);
    const salt = (/^encryptionsalt: (\S+)$/m.exec(readFileSync(path.join(__dirname, "../../stacks/Pulumi.prod.yaml"), "utf8")) ?? [])[1]!;
    const state = checkpointFromPlan(plan, { passphrase: "example-only", salt });
    expect(rotationTargets(state)).toEqual([...clocks].sort());
    // What `--target-dependents` brings along: every robot depends on a clock (their names carry its time).
    const robots = plan.resources.filter((r) => r.type.startsWith("harbor:") && /robot/i.test(r.type));
    expect(robots.length).toBeGreaterThan(0);
    for (const robot of robots)
      expect({ robot: robot.urn, onClock: robot.dependencies.some((d) => clocks.includes(d)) }).toMatchObject({ onClock: true });
    expect(() => rotationTargets({ deployment: {} })).toThrow(RotationInputError);
  });
});

describe("npm run rotation", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "rotation-"));
  const run = (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    return { code, out, err };
  };
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const clock = "urn:pulumi:prod::delivery-platform::time:index/rotating:Rotating::app-push-rotation";
  const state = write("state.json", {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-30T00:00:00Z", magic: "m", version: "v3.276.0" },
      resources: [
        { urn: clock, custom: true, type: ROTATION_CLOCK_TYPE },
        {
          urn: "urn:pulumi:prod::delivery-platform::random:index/randomPassword:RandomPassword::x",
          custom: true,
          type: "random:index/randomPassword:RandomPassword",
        },
      ],
    },
  });

  it("prints the deployed commit and writes one --target line per clock", () => {
    const targets = path.join(dir, "targets.txt");
    const result = run([
      "--history",
      write("h.json", [update(3, "update", "succeeded", { "git.head": sha("a") })]),
      "--state",
      state,
      "--targets",
      targets,
    ]);
    expect(result).toMatchObject({ code: 0, out: [sha("a")] });
    expect(readFileSync(targets, "utf8")).toBe(`--target=${clock}\n`);
  });

  it("prints nothing when there is nothing to rotate, and exits 2 on unreadable input", () => {
    const targets = path.join(dir, "none.txt");
    const never = run(["--history", write("empty.json", []), "--state", state, "--targets", targets]);
    expect(never).toMatchObject({ code: 0, out: [] });
    expect(never.err.join("\n")).toContain("nothing to rotate");
    expect(run(["--history", path.join(dir, "missing.json"), "--state", state, "--targets", targets]).code).toBe(2);
    expect(run(["--history", write("bad.json", { not: "history" }), "--state", state, "--targets", targets]).code).toBe(2);
    expect(run(["--history", write("h2.json", [])]).code).toBe(2);
  });
});
