// Every pipeline the dev and prod stacks generate is valid GitLab CI (gitlab-ci-local).
import { examplePlan } from "../helpers/example-plans";
import { gitlabCiLocal, jobsOf, listedJobs } from "./pipeline-fixtures";

describe.each(["dev", "prod"])("pipelines of the %s stack", (stack) => {
  it("pass gitlab-ci-local validation, one per app, with every stage's job", async () => {
    const plan = await examplePlan(stack);
    const files = plan.resources.filter(
      (r) => r.type === "gitlab:index/repositoryFile:RepositoryFile" && r.inputs.filePath === ".gitlab-ci.yml",
    );
    // Tenant apps' foundations live here too; their pipelines are the tenant stack's.
    const foundations = Object.values((plan.outputs.tenantClaims ?? {}) as Record<string, { foundations: string[] }>).flatMap(
      (claim) => claim.foundations,
    );
    const apps = plan.resources.filter((r) => r.type === "delivery-platform:onboarding:AppOnboarding" && !foundations.includes(r.name));
    expect(files.length).toBe(apps.length);
    expect(apps.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const content = file.inputs.content as string;
      const result = gitlabCiLocal(content);
      // Schema errors fail the status; stderr confirms the schema check ran (plus notes about the missing git checkout).
      expect({ file: file.name, status: result.status }).toEqual({ file: file.name, status: 0 });
      expect(result.stderr).toContain("json schema validated");
      expect(listedJobs(result).sort()).toEqual(Object.keys(jobsOf(content)).sort());
      expect(new Set(Object.values(jobsOf(content)).map((job) => job.stage))).toEqual(
        new Set(["test", "build", "sbom", "scan", "sign", "deploy", "record"]),
      );
    }
  });
});
