// pipeline.dockerfile and pipeline.context reach a shell line of the build job: the spec
// boundary takes only safe relative paths inside the repository, one message per problem.
import { appSpecSchema } from "../../components/onboarding/app-spec";
import { repositoryPathProblem } from "../../components/onboarding/repository-path";
import { formatPath } from "../../components/validation/issues";
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

const HOSTILE: [string, RegExp][] = [
  ["Dockerfile;id;#", /not ";"/],
  ["$(id)", /not "\$"/],
  ["`id`", /not "`"/],
  ["Dockerfile\nid", /not "\\n"/],
  ["Docker file", /not " "/],
  ["Dockerfile'", /not "'"/],
  ["../../etc", /no '\.\.' segment/],
  ["app/../../etc", /no '\.\.' segment/],
  ["/etc/passwd", /without a leading '\/'/],
  ["app//Dockerfile", /empty segment/],
  ["app/", /empty segment/],
  ["-f", /starting with '-'/],
  ["app/--output", /starting with '-'/],
  ["", /must not be empty/],
];

const issuesOf = (pipeline: Record<string, string>) => {
  const result = appSpecSchema.safeParse({ name: "shop", team: "web", environments: ["dev"], pipeline });
  return result.success ? [] : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
};

describe("repository paths of the build (pipeline.dockerfile, pipeline.context)", () => {
  it.each(HOSTILE)("refuses %j with one message naming the key", (value, message) => {
    for (const key of ["dockerfile", "context"]) {
      const issues = issuesOf({ [key]: value });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(new RegExp(`^pipeline\\.${key}: `));
      expect(issues[0]).toMatch(message);
    }
  });

  it.each(["Dockerfile", "docker/Dockerfile.prod", "services/api_v2/Containerfile", "a.b-c_d/e"])("takes %j", (value) => {
    expect(issuesOf({ dockerfile: value, context: value })).toEqual([]);
  });

  it("takes '.' as the context but not as the Dockerfile, and keeps the defaults", () => {
    expect(repositoryPathProblem(".", "directory")).toBeUndefined();
    expect(repositoryPathProblem("./app", "directory")).toBeUndefined();
    expect(repositoryPathProblem(".", "file")).toMatch(/must name a file/);
    const parsed = appSpecSchema.parse({ name: "shop", team: "web", environments: ["dev"] });
    expect([parsed.pipeline.dockerfile, parsed.pipeline.context]).toEqual(["Dockerfile", "."]);
  });

  it("a stack that sets one plans nothing and exits 2, naming the app's key", async () => {
    const config = devConfig();
    config["delivery-platform:apps"] = [{ name: "alpha", team: "one", environments: ["dev"], pipeline: { dockerfile: "Dockerfile;id;#" } }];
    const run = await runPlanCli(["--stack", "bad", "--stacks-dir", writeStacks({ bad: { config } })]);
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    expect(run.stderr).toMatch(
      /apps\[0\] \(alpha\)\.pipeline\.dockerfile: must contain only letters, digits, '\.', '_', '-' and '\/', not ";"/,
    );
  });
});
