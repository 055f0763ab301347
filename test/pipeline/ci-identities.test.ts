// Which jobs of an app's pipeline run for each kind of ref (gitlab-ci-local evaluates the
// rendered rules), which Vault role each of them logs in with, and whether that role admits the
// ID token GitLab issues for the ref (the planned roles' bound claims against the token's claims).
// Whoever may push to a protected ref also writes the CI file it runs, so the roles are also
// judged on their own: what a job of any ref class could get with any role.
import { parse as parseHcl } from "../../policies/crossguard/hcl-parser";
import { CI_PURPOSES, type CiPurpose } from "../../components/onboarding/ci-purposes";
import { REF_CLASSES, type RefClass, refClassPipeline } from "../../components/onboarding/pipeline/ref-classes";
import { jwtRoleAdmits, type JwtRoleBinding } from "../../components/onboarding/secrets/jwt-role-admission";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { ofType } from "../helpers/plan-component";
import { type CiJobView, jobsOf, runningJobs } from "./pipeline-fixtures";

const JWT_ROLE = "vault:jwt/authBackendRole:AuthBackendRole";
const POLICY = "vault:index/policy:Policy";
const CI_FILE = "gitlab:index/repositoryFile:RepositoryFile";
const FORK_PROJECT_ID = "999999";

interface AppCi {
  app: string;
  /** The project the pipeline file lives in: its ID is what GitLab writes into the tokens. */
  projectId: string;
  content: string;
  /** roleName -> role, for the app's own roles. */
  roles: Map<string, PlanResource>;
}

function appsOf(plan: PlanDocument): AppCi[] {
  return ofType(plan, CI_FILE)
    .filter((file) => file.inputs.filePath === ".gitlab-ci.yml")
    .map((file) => {
      const app = file.name.replace(/-repos-app-ci-config$/, "");
      const roles = ofType(plan, JWT_ROLE).filter((role) => role.name.startsWith(`${app}-secrets-ci-role`));
      return {
        app,
        projectId: `${file.inputs.project as number}`,
        content: file.inputs.content as string,
        roles: new Map(roles.map((role) => [role.inputs.roleName as string, role])),
      };
    });
}

const binding = (role: PlanResource): JwtRoleBinding => role.inputs as unknown as JwtRoleBinding;
const purposeOf = (roleName: string): CiPurpose => roleName.slice(roleName.lastIndexOf(".") + 1) as CiPurpose;

/** The ID token a job of `refClass` gets for Vault (aud = the Vault address the job requests). */
function tokenFor(app: AppCi, refClass: RefClass, aud: string) {
  const { claims } = refClassPipeline(refClass, { projectId: app.projectId, forkProjectId: FORK_PROJECT_ID, defaultBranch: "main" });
  return { aud, ...claims, user_email: "dev@example.test" };
}

/** The role a job logs in with: VAULT_AUTH_ROLE for the runner, and the same `role=` if its script logs in itself. */
function roleOfJob(job: CiJobView): string | undefined {
  if (!job.id_tokens?.VAULT_ID_TOKEN) return undefined;
  const role = job.variables?.VAULT_AUTH_ROLE;
  for (const line of job.script) {
    const scripted = /role='([^']+)'/.exec(line)?.[1];
    if (scripted !== undefined) expect(scripted).toBe(role);
  }
  return role;
}

const PURPOSE_OF_JOB = (name: string): CiPurpose | undefined => {
  // attach-signature pushes what the transit signer signed: push-only, like build.
  if (["build", "registry-scan", "sbom", "attach-signature"].includes(name) || name.startsWith("scan")) return "build";
  if (name === "sign") return "sign";
  // The ledger jobs and emergency-review read the config repository or the review token: deploy's identity.
  // ledger:scan-gate only posts a log line and holds no identity.
  if (name === "ledger:scan-gate") return undefined;
  if (name.startsWith("deploy:") || name.startsWith("ledger:") || name === "emergency-review") return "deploy";
  return undefined;
};

describe("CI identities per ref class", () => {
  let prod: AppCi[];
  let all: AppCi[];
  const vaultAddress = (app: AppCi) => binding([...app.roles.values()][0]!).boundAudiences[0] ?? "";

  beforeAll(async () => {
    const [prodPlan, devPlan] = await Promise.all([examplePlan("prod"), examplePlan("dev")]);
    prod = appsOf(prodPlan);
    all = [...prod, ...appsOf(devPlan)];
    expect(prod.length).toBeGreaterThanOrEqual(2);
    for (const app of all) expect([...app.roles.keys()].map(purposeOf).sort()).toEqual([...CI_PURPOSES].sort());
  });

  // payments-api has no previews (test/pipeline/preview-identity.test.ts covers storefront's preview job).
  describe("jobs that run, and the identity each one gets (gitlab-ci-local on the prod stack's payments-api)", () => {
    const expected: Record<RefClass, "test only" | "none" | "all"> = {
      "merge-request": "test only",
      "fork-merge-request": "test only",
      "unprotected-branch": "none",
      "protected-branch": "none",
      tag: "none",
      "default-branch": "all",
    };

    it.each(REF_CLASSES)("%s", (refClass) => {
      const app = prod.find((a) => a.app === "payments-api")!;
      const jobs = jobsOf(app.content);
      const pipeline = refClassPipeline(refClass, { projectId: app.projectId, forkProjectId: FORK_PROJECT_ID, defaultBranch: "main" });
      const running = runningJobs(app.content, pipeline);
      // emergency-review runs only when someone starts the pipeline with CHANGE_TYPE=emergency.
      const want = { "test only": ["test"], none: [], all: Object.keys(jobs).filter((j) => j !== "emergency-review") }[expected[refClass]];
      expect(running.sort()).toEqual([...want].sort());

      const identities = Object.fromEntries(
        running.flatMap((name) => {
          const role = roleOfJob(jobs[name]!);
          if (role === undefined) return [];
          const admission = jwtRoleAdmits(
            binding(app.roles.get(role)!),
            tokenFor(app, refClass, jobs[name]!.id_tokens!.VAULT_ID_TOKEN!.aud),
          );
          return [[name, { purpose: purposeOf(role), admitted: admission.admitted }]];
        }),
      );
      if (refClass !== "default-branch") {
        // Merge requests, forks, unprotected branches: no job even asks for a Vault identity.
        expect(identities).toEqual({});
        return;
      }
      for (const name of running) {
        const purpose = PURPOSE_OF_JOB(name);
        expect({ name, identity: identities[name] }).toEqual({ name, identity: purpose && { purpose, admitted: true } });
      }
    });
  });

  describe("what a token of each ref class can log in as, whatever the CI file asks for", () => {
    const admits: Record<RefClass, readonly CiPurpose[]> = {
      "merge-request": [],
      "fork-merge-request": [],
      "unprotected-branch": [],
      // A protected branch or tag may push an image (admission refuses it unsigned), never sign or deploy.
      "protected-branch": ["build"],
      tag: ["build"],
      "default-branch": ["build", "sign", "deploy"],
    };

    it.each(REF_CLASSES)("%s", (refClass) => {
      for (const app of all) {
        const admitted = [...app.roles.entries()]
          .filter(([, role]) => jwtRoleAdmits(binding(role), tokenFor(app, refClass, vaultAddress(app))).admitted)
          .map(([name]) => purposeOf(name));
        expect({ app: app.app, admitted: admitted.sort() }).toEqual({ app: app.app, admitted: [...admits[refClass]].sort() });
      }
    });

    it("no app's default branch can log in as another app's role, nor with another audience", () => {
      for (const app of all)
        for (const other of all.filter((o) => o.projectId !== app.projectId))
          for (const role of other.roles.values())
            expect(jwtRoleAdmits(binding(role), tokenFor(app, "default-branch", vaultAddress(other))).admitted).toBe(false);
      const app = all[0]!;
      for (const role of app.roles.values())
        expect(jwtRoleAdmits(binding(role), tokenFor(app, "default-branch", "sigstore")).admitted).toBe(false);
    });
  });

  describe("what each identity may do", () => {
    const grantsOf = async (plan: PlanDocument, role: PlanResource): Promise<string[]> => {
      const [policyName] = role.inputs.tokenPolicies as string[];
      const policy = ofType(plan, POLICY).find((p) => p.inputs.name === policyName)!;
      const parsed = (await parseHcl("policy.hcl", policy.inputs.policy as string)) as { path: Record<string, unknown> };
      return Object.keys(parsed.path).sort();
    };

    it("build reads only the registry credentials, sign only its own transit key, deploy only the GitOps and review tokens", async () => {
      const plan = await examplePlan("prod");
      for (const app of prod) {
        // The KV secrets CiCredentials writes and the transit key AppSecrets creates, as planned.
        const kv = (secret: string) => {
          const { mount, name } = ofType(plan, "vault:kv/secretV2:SecretV2").find((r) => r.name === `${app.app}-ci-credentials-${secret}`)!
            .inputs as { mount: string; name: string };
          return `${mount}/data/${name}`;
        };
        const key = ofType(plan, "vault:transit/secretBackendKey:SecretBackendKey").find(
          (r) => r.name === `${app.app}-secrets-transit-key`,
        );
        const { name: keyName, backend } = (key?.inputs ?? {}) as { name?: string; backend?: string };
        const transit = key ? [`keys/${keyName}`, `sign/${keyName}`, `sign/${keyName}/*`].map((p) => `${backend}/${p}`) : [];
        const role = (purpose: CiPurpose) => [...app.roles.values()].find((r) => purposeOf(r.inputs.roleName as string) === purpose)!;
        expect(await grantsOf(plan, role("build"))).toEqual([kv("registry")]);
        // The review token sits next to the GitOps token; the operator writes it (ci-purposes.ts), no KV resource does.
        expect(await grantsOf(plan, role("deploy"))).toEqual([kv("gitops"), kv("gitops").replace(/\/gitops$/, "/review")]);
        expect(await grantsOf(plan, role("sign"))).toEqual(transit.sort());
      }
      // The example stacks sign with transit: the sign identity is the only one holding the key.
      expect(ofType(plan, "vault:transit/secretBackendKey:SecretBackendKey").length).toBeGreaterThan(0);
    });
  });
});
