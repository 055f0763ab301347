// The preview job of an app with previews (the prod stack's storefront): which ref classes add it
// (gitlab-ci-local evaluates the rendered rules), and which tokens its Vault role admits (the
// planned role's bound claims against GitLab's ID token claims of each ref class). Only a
// same-project merge request gets the push-only preview identity; a fork's pipeline may run the job
// in the fork but its token names the fork's project, which the role refuses.
import { REF_CLASSES, type RefClass, refClassPipeline } from "../../components/onboarding/pipeline/ref-classes";
import { renderAppPipeline } from "../../components/onboarding/pipeline/render-app-pipeline";
import { jwtRoleAdmits, type JwtRoleBinding } from "../../components/onboarding/secrets/jwt-role-admission";
import type { PlanResource } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { ofType } from "../helpers/plan-component";
import { jobsOf, pipelineInput, runningJobs } from "./pipeline-fixtures";

const FORK = "999999";

describe("the preview job and its identity", () => {
  let content: string;
  let projectId: string;
  let role: PlanResource;
  beforeAll(async () => {
    const plan = await examplePlan("prod");
    const file = ofType(plan, "gitlab:index/repositoryFile:RepositoryFile").find((f) => f.name === "storefront-repos-app-ci-config")!;
    content = file.inputs.content as string;
    projectId = `${file.inputs.project as number}`;
    role = ofType(plan, "vault:jwt/authBackendRole:AuthBackendRole").find((r) => r.inputs.roleName === "ci.web.storefront.preview")!;
  });

  const pipeline = (refClass: RefClass) => refClassPipeline(refClass, { projectId, forkProjectId: FORK, defaultBranch: "main" });

  it.each(REF_CLASSES)("%s", (refClass) => {
    const running = runningJobs(content, pipeline(refClass)).includes("preview");
    const token = { aud: (role.inputs as unknown as JwtRoleBinding).boundAudiences[0], ...pipeline(refClass).claims };
    const admitted = jwtRoleAdmits(role.inputs as unknown as JwtRoleBinding, token).admitted;
    // A fork's merge request runs in the fork (its CI_PROJECT_ID is the fork's): the job is added there, the login fails.
    expect({ refClass, running, admitted }).toEqual({
      refClass,
      running: refClass === "merge-request" || refClass === "fork-merge-request",
      admitted: refClass === "merge-request",
    });
  });

  it("a fork's merge request run in the parent project does not add the job (its source project differs)", () => {
    const fork = pipeline("fork-merge-request");
    const inParent = { ...fork, variables: { ...fork.variables, CI_PROJECT_ID: projectId } };
    expect(runningJobs(content, inParent)).not.toContain("preview");
  });

  it("pushes to the preview project with the preview role only, and shows the URL and the TTL on the merge request", () => {
    const job = jobsOf(content).preview!;
    expect(job.variables).toMatchObject({
      VAULT_AUTH_ROLE: "ci.web.storefront.preview",
      IMAGE_REPOSITORY: "harbor.platform.example.com/storefront-preview/storefront",
    });
    expect(job.script.join("\n")).toContain("$IMAGE_REPOSITORY:$CI_COMMIT_SHA");
    expect(job.script.join("\n")).not.toMatch(/cosign|ci\.web\.storefront\.(build|sign|deploy)|gitops/);
    const doc = jobsOf(content).preview as unknown as { environment: Record<string, string> };
    expect(doc.environment).toEqual({
      name: "preview/$CI_MERGE_REQUEST_IID",
      deployment_tier: "development",
      url: "https://storefront-preview-$CI_MERGE_REQUEST_IID.platform.example.com",
      auto_stop_in: "48 hours",
    });
  });

  it("apps without previews get no preview job", () => {
    expect(Object.keys(jobsOf(renderAppPipeline(pipelineInput()).content))).not.toContain("preview");
    expect(Object.keys(jobsOf(renderAppPipeline(pipelineInput({ previews: { enabled: true } })).content))).toContain("preview");
  });
});
