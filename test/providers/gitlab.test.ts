import { offlineMocks } from "../../plan/mock-resources";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  Branch,
  BranchProtection,
  branchProtectionSpec,
  GET_CURRENT_USER_TOKEN,
  GET_GROUP_TOKEN,
  getGroupOutput,
  GITLAB_PLUGIN_VERSION,
  Group,
  groupSpec,
  Project,
  ProjectAccessToken,
  projectAccessTokenSpec,
  ProjectApprovalRule,
  projectApprovalRuleSpec,
  ProjectDeployToken,
  projectDeployTokenSpec,
  branchSpec,
  ProjectHook,
  projectHookSpec,
  ProjectLevelMrApprovals,
  projectLevelMrApprovalsSpec,
  projectSpec,
  ProjectVariable,
  projectVariableSpec,
  Provider,
  providerConfig,
  RepositoryFile,
  repositoryFileSpec,
  type BindingSpec,
  type GetGroupResult,
  type ProjectVariableArgs,
  type RepositoryFileArgs,
} from "../../components/providers/gitlab";
import { invokeOptions } from "../../components/providers/gitlab/binding";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import type { Capture } from "../../plan/registration-capture";
import { planProgram } from "../../plan/run-offline-plan";
import { one } from "../helpers/plan-component";

/**
 * Extracted on 2026-11-26 from the Pulumi GitLab provider schema v10.1.1
 * (pulumi/pulumi-gitlab provider/cmd/pulumi-resource-gitlab/schema.json, identical at tag v10.1.1 and HEAD 3bd7426e
 * apart from descriptions), for the resources bound here only. `outputs` are the output-only properties.
 * Kept as a literal so the tests need no schema file.
 */
const SCHEMA: Record<string, { inputs: string; required: string; secretInputs: string; outputs: string; secretOutputs: string }> = {
  "gitlab:index/group:Group": {
    inputs:
      "allowMergeOnSkippedPipeline allowedEmailDomainsLists archiveOnDestroy autoDevopsEnabled avatar avatarHash defaultBranch defaultBranchProtection defaultBranchProtectionDefaults description emailsEnabled extraSharedRunnersMinutesLimit ipRestrictionRanges lfsEnabled maxArtifactsSize membershipLock mentionsDisabled name onlyAllowMergeIfAllDiscussionsAreResolved onlyAllowMergeIfPipelineSucceeds parentId path permanentlyRemoveOnDelete preventForkingOutsideGroup preventSharingGroupsOutsideHierarchy projectCreationLevel pushRules requestAccessEnabled requireTwoFactorAuthentication shareWithGroupLock sharedRunnersMinutesLimit sharedRunnersSetting subgroupCreationLevel twoFactorGracePeriod visibilityLevel wikiAccessLevel",
    required: "path",
    secretInputs: "",
    outputs: "avatarUrl fullName fullPath runnersToken webUrl",
    secretOutputs: "runnersToken",
  },
  "gitlab:index/project:Project": {
    inputs:
      "allowMergeOnSkippedPipeline allowPipelineTriggerApproveDeployment analyticsAccessLevel archiveOnDestroy archived autoCancelPendingPipelines autoDevopsDeployStrategy autoDevopsEnabled autoDuoCodeReviewEnabled autocloseReferencedIssues avatar avatarHash branches buildGitStrategy buildTimeout buildsAccessLevel ciConfigPath ciDefaultGitDepth ciDeletePipelinesInSeconds ciDisplayPipelineVariables ciForwardDeploymentEnabled ciForwardDeploymentRollbackAllowed ciIdTokenSubClaimComponents ciPipelineVariablesMinimumOverrideRole ciPushRepositoryForJobTokenAllowed ciRestrictPipelineCancellationRole ciSeparatedCaches containerExpirationPolicy containerRegistryAccessLevel defaultBranch description emailsEnabled environmentsAccessLevel externalAuthorizationClassificationLabel featureFlagsAccessLevel forkedFromProjectId forkingAccessLevel groupRunnersEnabled groupWithProjectTemplatesId importUrl importUrlPassword importUrlUsername infrastructureAccessLevel initializeWithReadme issueBranchTemplate issuesAccessLevel issuesTemplate keepLatestArtifact lfsEnabled maxArtifactsSize mergeCommitTemplate mergeMethod mergePipelinesEnabled mergeRequestTitleRegex mergeRequestTitleRegexDescription mergeRequestsAccessLevel mergeRequestsTemplate mergeTrainsEnabled mergeTrainsSkipTrainAllowed modelExperimentsAccessLevel modelRegistryAccessLevel monitorAccessLevel mrDefaultTargetSelf name namespaceId onlyAllowMergeIfAllDiscussionsAreResolved onlyAllowMergeIfPipelineSucceeds packageRegistryAccessLevel packagesEnabled pagesAccessLevel path permanentlyDeleteOnDestroy preReceiveSecretDetectionEnabled preventMergeWithoutJiraIssue printingMergeRequestLinkEnabled protectMergeRequestPipelines publicBuilds publicJobs pushRules releasesAccessLevel removeSourceBranchAfterMerge repositoryAccessLevel repositoryStorage requestAccessEnabled requirementsAccessLevel resolveOutdatedDiffDiscussions resourceGroupDefaultProcessMode securityAndComplianceAccessLevel sharedRunnersEnabled skipWaitForDefaultBranchProtection snippetsAccessLevel squashCommitTemplate squashOption suggestionCommitMessage templateName templateProjectId topics useCustomTemplate visibilityLevel wikiAccessLevel",
    required: "",
    secretInputs: "importUrlPassword",
    outputs: "avatarUrl emptyRepo httpUrlToRepo pathWithNamespace runnersToken sshUrlToRepo webUrl",
    secretOutputs: "runnersToken",
  },
  "gitlab:index/branchProtection:BranchProtection": {
    inputs:
      "allowForcePush allowedToMerges allowedToPushes allowedToUnprotects branch codeOwnerApprovalRequired mergeAccessLevel project pushAccessLevel",
    required: "branch project",
    secretInputs: "",
    outputs: "branchProtectionId",
    secretOutputs: "",
  },
  "gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals": {
    inputs:
      "disableOverridingApproversPerMergeRequest mergeRequestsAuthorApproval mergeRequestsDisableCommittersApproval project requirePasswordToApprove requireReauthenticationToApprove resetApprovalsOnPush selectiveCodeOwnerRemovals",
    required: "project",
    secretInputs: "",
    outputs: "",
    secretOutputs: "",
  },
  "gitlab:index/projectApprovalRule:ProjectApprovalRule": {
    inputs:
      "appliesToAllProtectedBranches approvalsRequired disableImportingDefaultAnyApproverRuleOnCreate groupIds name project protectedBranchIds reportType ruleType userIds",
    required: "approvalsRequired project",
    secretInputs: "",
    outputs: "",
    secretOutputs: "",
  },
  "gitlab:index/repositoryFile:RepositoryFile": {
    inputs:
      "authorEmail authorName branch commitMessage content createCommitMessage deleteCommitMessage encoding executeFilemode filePath overwriteOnCreate project startBranch updateCommitMessage",
    required: "branch content encoding filePath project",
    secretInputs: "",
    outputs: "blobId commitId contentSha256 fileName lastCommitId ref size",
    secretOutputs: "",
  },
  "gitlab:index/projectVariable:ProjectVariable": {
    inputs: "description environmentScope hidden key masked project protected raw value variableType",
    required: "key project value",
    secretInputs: "",
    outputs: "",
    secretOutputs: "",
  },
  "gitlab:index/projectAccessToken:ProjectAccessToken": {
    inputs: "accessLevel description expiresAt name project rotationConfiguration scopes validatePastExpirationDate",
    required: "project scopes",
    secretInputs: "",
    outputs: "active createdAt revoked token userId",
    secretOutputs: "token",
  },
  "gitlab:index/branch:Branch": {
    inputs: "keepOnDestroy name project ref",
    required: "project ref",
    secretInputs: "",
    outputs: "canPush commits default developerCanMerge developerCanPush merged protected webUrl",
    secretOutputs: "",
  },
  "gitlab:index/projectDeployToken:ProjectDeployToken": {
    inputs: "expiresAt name project scopes username validatePastExpirationDate",
    required: "project scopes",
    secretInputs: "",
    outputs: "expired revoked token",
    secretOutputs: "token",
  },
  "gitlab:index/projectHook:ProjectHook": {
    inputs:
      "branchFilterStrategy confidentialIssuesEvents confidentialNoteEvents customHeaders customWebhookTemplate deploymentEvents description emojiEvents enableSslVerification featureFlagEvents issuesEvents jobEvents mergeRequestsEvents milestoneEvents name noteEvents pipelineEvents project pushEvents pushEventsBranchFilter releasesEvents resourceAccessTokenEvents resourceDeployTokenEvents signingToken tagPushEvents token url urlVariables vulnerabilityEvents wikiPageEvents",
    required: "project url",
    secretInputs: "signingToken token",
    outputs: "alertStatus disabledUntil hookId projectId repositoryUpdateEvents signingTokenPresent",
    secretOutputs: "",
  },
};
const SCHEMA_PROVIDER_CONFIG =
  "baseUrl cacertFile clientCert clientKey configFile context earlyAuthCheck enableAutoCiSupport headers insecure retries token";
const SCHEMA_PROVIDER_SECRET_CONFIG = "token";

const BINDINGS_DIR = path.resolve(__dirname, "../../components/providers/gitlab");
const words = (s: string): string[] => (s === "" ? [] : s.split(" "));

const specs: BindingSpec<object>[] = [
  groupSpec,
  projectSpec,
  branchProtectionSpec,
  projectLevelMrApprovalsSpec,
  projectApprovalRuleSpec,
  repositoryFileSpec,
  projectVariableSpec,
  projectAccessTokenSpec,
  projectDeployTokenSpec,
  projectHookSpec,
  branchSpec,
] as BindingSpec<object>[];

// Plain strings on purpose: the bindings must make them secret.
const PROVIDER_TOKEN = "glpat-provider-token-in-test";
const VARIABLE_VALUE = "registry-password-in-test";
const HOOK_TOKEN = "argocd-webhook-secret-in-test";
const HEADER_VALUE = "header-secret-in-test";
const IMPORT_PASSWORD = "import-password-in-test";

interface Planned {
  plan: PlanDocument;
  capture: Capture;
  provider: Provider;
  parent: pulumi.Output<GetGroupResult>;
  group: Group;
  project: Project;
  file: RepositoryFile;
  variable: ProjectVariable;
  accessToken: ProjectAccessToken;
  deployToken: ProjectDeployToken;
  hook: ProjectHook;
  protection: BranchProtection;
  branch: Branch;
  errors: string[];
}

/** One onboarding-shaped program: lookup of the parent group, team subgroup, project and everything hanging off it. */
async function planOnboarding(): Promise<Planned> {
  let built: Omit<Planned, "plan" | "capture"> | undefined;
  const { plan, capture } = await planProgram(
    "gitlab",
    () => {
      const provider = new Provider("gitlab", {
        baseUrl: "https://gitlab.example.test/api/v4/",
        token: PROVIDER_TOKEN,
        insecure: false,
        retries: 3,
        headers: { "X-Team": "platform" },
      });
      const opts = { provider };
      const parent = getGroupOutput({ groupId: 42 }, opts);
      const group = new Group("team", { path: "team-a", name: "Team A", parentId: parent.groupId, visibilityLevel: "private" }, opts);
      const project = new Project(
        "app",
        {
          name: "app",
          path: "app",
          namespaceId: 7,
          defaultBranch: "main",
          initializeWithReadme: true,
          visibilityLevel: "private",
          onlyAllowMergeIfPipelineSucceeds: true,
          importUrlPassword: IMPORT_PASSWORD,
        },
        { ...opts, protect: true },
      );
      const protection = new BranchProtection(
        "app-main",
        { project: project.id, branch: "main", pushAccessLevel: "no one", mergeAccessLevel: "maintainer", allowForcePush: false },
        opts,
      );
      new ProjectLevelMrApprovals(
        "app-approvals",
        { project: project.id, resetApprovalsOnPush: true, mergeRequestsAuthorApproval: false },
        opts,
      );
      new ProjectApprovalRule(
        "app-review",
        { project: project.id, approvalsRequired: 1, name: "review", protectedBranchIds: [protection.branchProtectionId] },
        opts,
      );
      const file = new RepositoryFile(
        "app-ci",
        { project: project.id, branch: "main", filePath: ".gitlab-ci.yml", content: "include: []\n", encoding: "text" },
        opts,
      );
      const variable = new ProjectVariable(
        "app-registry-password",
        { project: project.id, key: "REGISTRY_PASSWORD", value: VARIABLE_VALUE, masked: true, protected: true },
        opts,
      );
      const accessToken = new ProjectAccessToken(
        "app-gitops-writer",
        {
          project: project.id,
          scopes: ["write_repository"],
          accessLevel: "developer",
          rotationConfiguration: { expirationDays: 30, rotateBeforeDays: 7 },
        },
        opts,
      );
      const deployToken = new ProjectDeployToken("app-argocd-reader", { project: project.id, scopes: ["read_repository"] }, opts);
      const branch = new Branch("app-env-dev", { project: project.id, name: "env/dev", ref: "main" }, opts);
      const hook = new ProjectHook(
        "app-argocd-hook",
        {
          project: project.id,
          url: "https://argocd.example.test/api/webhook",
          token: HOOK_TOKEN,
          customHeaders: [{ key: "X-Extra", value: HEADER_VALUE }],
          pushEvents: true,
        },
        opts,
      );

      // Invalid args: the bindings must refuse before anything is registered.
      const errors: string[] = [];
      for (const attempt of [
        () => new ProjectVariable("bad-variable", { project: "1", key: "K" } as unknown as ProjectVariableArgs, opts),
        () =>
          new RepositoryFile(
            "bad-file",
            { project: "1", branch: "main", filePath: "a", content: "" } as unknown as RepositoryFileArgs,
            opts,
          ),
      ]) {
        try {
          attempt();
        } catch (error) {
          errors.push((error as Error).message);
        }
      }

      built = { provider, parent, group, project, file, variable, accessToken, deployToken, hook, protection, branch, errors };
      return { projectName: project.name, variableValue: variable.value, parentGroupId: parent.groupId };
    },
    { "pulumi:disable-default-providers": JSON.stringify(["*"]) },
  );
  if (!built) throw new Error("program did not run");
  return { plan, capture, ...built };
}

const settle = <T>(output: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });

describe("GitLab provider bindings", () => {
  let planned: Planned;
  beforeAll(async () => {
    planned = await planOnboarding();
  });

  const registration = (name: string) => {
    const found = planned.capture.registrations.find((r) => r.name === name);
    if (!found) throw new Error(`no registration named ${name}`);
    return found;
  };

  it("registers each resource with its exact type token, plugin version 10.1.1, no download URL and the explicit provider", () => {
    const { plan } = planned;
    const provider = one(plan, "pulumi:providers:gitlab", "gitlab");
    expect(provider.pluginVersion).toBe("10.1.1");
    expect(provider.pluginDownloadURL).toBeNull();
    expect(GITLAB_PLUGIN_VERSION).toBe("10.1.1");

    const expected: [string, string][] = [
      ["gitlab:index/group:Group", "team"],
      ["gitlab:index/project:Project", "app"],
      ["gitlab:index/branchProtection:BranchProtection", "app-main"],
      ["gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals", "app-approvals"],
      ["gitlab:index/projectApprovalRule:ProjectApprovalRule", "app-review"],
      ["gitlab:index/repositoryFile:RepositoryFile", "app-ci"],
      ["gitlab:index/projectVariable:ProjectVariable", "app-registry-password"],
      ["gitlab:index/projectAccessToken:ProjectAccessToken", "app-gitops-writer"],
      ["gitlab:index/projectDeployToken:ProjectDeployToken", "app-argocd-reader"],
      ["gitlab:index/projectHook:ProjectHook", "app-argocd-hook"],
      ["gitlab:index/branch:Branch", "app-env-dev"],
    ];
    const gitlabResources = plan.resources.filter((r) => r.type.startsWith("gitlab:"));
    expect(gitlabResources.map((r) => [r.type, r.name]).sort()).toEqual([...expected].sort());
    for (const resource of gitlabResources) {
      expect({ name: resource.name, pluginVersion: resource.pluginVersion, pluginDownloadURL: resource.pluginDownloadURL }).toEqual({
        name: resource.name,
        pluginVersion: "10.1.1",
        pluginDownloadURL: null,
      });
      expect(resource.provider).toBe(`${provider.urn}::gitlab-id`);
    }
    expect(one(plan, "gitlab:index/project:Project").protect).toBe(true);
  });

  it("sends provider config as the generated SDK does: non-strings JSON-encoded, the token secret", () => {
    const provider = one(planned.plan, "pulumi:providers:gitlab");
    expect(provider.inputs).toEqual({
      baseUrl: "https://gitlab.example.test/api/v4/",
      insecure: "false",
      retries: "3",
      headers: JSON.stringify({ "X-Team": "platform" }),
      token: "[secret]",
    });
    expect(provider.secretPaths).toEqual(["token"]);
    expect(registration("gitlab").additionalSecretOutputs).toEqual(["token"]);
  });

  // The offline mocks number GitLab projects as GitLab does; the id is the number.
  const NUMERIC_ID = expect.stringMatching(/^\d+$/) as unknown;

  it("sends the declared inputs unchanged and no output-only property as an input", () => {
    const project = one(planned.plan, "gitlab:index/project:Project");
    expect(project.inputs).toMatchObject({ name: "app", path: "app", namespaceId: 7, defaultBranch: "main", initializeWithReadme: true });
    for (const output of projectSpec.outputs) expect(project.inputs).not.toHaveProperty(output);

    expect(one(planned.plan, "gitlab:index/branchProtection:BranchProtection").inputs).toEqual({
      project: NUMERIC_ID,
      branch: "main",
      pushAccessLevel: "no one",
      mergeAccessLevel: "maintainer",
      allowForcePush: false,
    });
    expect(one(planned.plan, "gitlab:index/projectAccessToken:ProjectAccessToken").inputs).toEqual({
      project: NUMERIC_ID,
      scopes: ["write_repository"],
      accessLevel: "developer",
      rotationConfiguration: { expirationDays: 30, rotateBeforeDays: 7 },
    });
    // The group's parent comes from the getGroup invoke.
    expect(one(planned.plan, "gitlab:index/group:Group").inputs).toMatchObject({ path: "team-a", parentId: 42 });
  });

  it("makes secret inputs secret, including ProjectVariable.value which the schema leaves plain", () => {
    const { plan } = planned;
    expect(one(plan, "gitlab:index/projectVariable:ProjectVariable").secretPaths).toEqual(["value"]);
    expect(one(plan, "gitlab:index/projectVariable:ProjectVariable").inputs.value).toBe("[secret]");
    expect(one(plan, "gitlab:index/project:Project").secretPaths).toEqual(["importUrlPassword"]);
    expect(one(plan, "gitlab:index/projectHook:ProjectHook").secretPaths.sort()).toEqual(["customHeaders", "token"]);
    const serialised = JSON.stringify(plan);
    for (const secret of [PROVIDER_TOKEN, VARIABLE_VALUE, HOOK_TOKEN, HEADER_VALUE, IMPORT_PASSWORD])
      expect(serialised).not.toContain(secret);
  });

  it("declares secret outputs to the engine so tokens are encrypted in state", () => {
    const secretOutputs = (name: string) => [...registration(name).additionalSecretOutputs].sort();
    expect(secretOutputs("team")).toEqual(["runnersToken"]);
    expect(secretOutputs("app")).toEqual(["importUrlPassword", "runnersToken"]);
    expect(secretOutputs("app-registry-password")).toEqual(["value"]);
    expect(secretOutputs("app-gitops-writer")).toEqual(["token"]);
    expect(secretOutputs("app-argocd-reader")).toEqual(["token"]);
    expect(secretOutputs("app-argocd-hook")).toEqual(["customHeaders", "signingToken", "token", "urlVariables"]);
    expect(secretOutputs("app-main")).toEqual([]);
  });

  it("wires dependencies through inputs only", () => {
    const { plan } = planned;
    const project = one(plan, "gitlab:index/project:Project");
    for (const type of [
      "gitlab:index/branchProtection:BranchProtection",
      "gitlab:index/repositoryFile:RepositoryFile",
      "gitlab:index/projectVariable:ProjectVariable",
      "gitlab:index/projectDeployToken:ProjectDeployToken",
    ]) {
      expect(one(plan, type).dependencies).toEqual([project.urn]);
    }
    const rule: PlanResource = one(plan, "gitlab:index/projectApprovalRule:ProjectApprovalRule");
    expect(rule.dependencies.sort()).toEqual([one(plan, "gitlab:index/branchProtection:BranchProtection").urn, project.urn].sort());
    expect(project.dependencies).toEqual([]);
  });

  it("exposes every output-only property as an Output, and outputs resolve from the (echoing) mock", async () => {
    const { group, project, file, variable, accessToken, deployToken, hook, protection, branch, parent } = planned;
    const instances: [pulumi.CustomResource, Pick<BindingSpec<Record<string, unknown>>, "exposedInputs" | "outputs">][] = [
      [group, groupSpec],
      [project, projectSpec],
      [file, repositoryFileSpec],
      [accessToken, projectAccessTokenSpec],
      [deployToken, projectDeployTokenSpec],
      [hook, projectHookSpec],
      [protection, branchProtectionSpec],
      [branch, branchSpec],
    ];
    for (const [instance, spec] of instances) {
      for (const output of spec.outputs) {
        expect([output, pulumi.Output.isInstance((instance as unknown as Record<string, unknown>)[output])]).toEqual([output, true]);
      }
    }
    for (const [instance, spec] of instances) {
      for (const input of spec.exposedInputs) {
        expect([input, pulumi.Output.isInstance((instance as unknown as Record<string, unknown>)[input])]).toEqual([input, true]);
      }
    }
    // Unset inputs the class does not expose get no Output (the engine receives the same properties either way).
    expect(project).not.toHaveProperty("lfsEnabled");
    expect(project).not.toHaveProperty("importUrl");
    expect(file).not.toHaveProperty("startBranch");
    expect(await settle(project.name)).toBe("app");
    expect(await settle(project.defaultBranch)).toBe("main");
    expect(await settle(file.filePath)).toBe(".gitlab-ci.yml");
    expect(await settle(group.parentId)).toBe(42);
    expect(await settle(parent.apply((g) => g.groupId))).toBe(42);
    expect(await settle(project.id)).toMatch(/^\d+$/);
    expect(await pulumi.isSecret(variable.value)).toBe(true);
    expect(await pulumi.isSecret(project.name)).toBe(false);
    expect(await settle(variable.value)).toBe(VARIABLE_VALUE);

    expect(planned.plan.outputs).toMatchObject({ projectName: "app", parentGroupId: 42, variableValue: "[secret]" });
    expect(planned.plan.outputSecretPaths).toEqual(["variableValue"]);
  });

  it("refuses a missing required input before registering anything", () => {
    expect(planned.errors).toEqual([
      "gitlab:index/projectVariable:ProjectVariable: missing required property 'value'",
      "gitlab:index/repositoryFile:RepositoryFile: missing required property 'encoding'",
    ]);
    const names = planned.capture.registrations.map((r) => r.name);
    expect(names).not.toContain("bad-variable");
    expect(names).not.toContain("bad-file");
  });

  it("pins the plugin version on invokes while keeping the caller's provider and version override", () => {
    const provider = planned.provider;
    expect(invokeOptions(undefined)).toEqual({ version: "10.1.1" });
    expect(invokeOptions({ provider })).toEqual({ provider, version: "10.1.1" });
    expect(invokeOptions({ version: "10.2.0" })).toEqual({ version: "10.2.0" });
    expect(GET_GROUP_TOKEN).toBe("gitlab:index/getGroup:getGroup");
    expect(GET_CURRENT_USER_TOKEN).toBe("gitlab:index/getCurrentUser:getCurrentUser");
  });

  it("getCurrentUser: the fields read are the schema's outputs (v10.1.1: bot globalId globalNamespaceId groupCount id name namespaceId publicEmail username; no inputs)", () => {
    const outputs = "bot globalId globalNamespaceId groupCount id name namespaceId publicEmail username".split(" ");
    const result = offlineMocks.call({ token: GET_CURRENT_USER_TOKEN, inputs: {} }) as Record<string, unknown>;
    expect(Object.keys(result).filter((field) => !outputs.includes(field))).toEqual([]);
    expect(typeof result.id).toBe("string");
  });
});

describe("GitLab bindings against the v10.1.1 schema", () => {
  it.each(specs.map((spec) => [spec.token, spec] as const))("%s declares only schema inputs and all schema outputs", (token, spec) => {
    const schema = SCHEMA[token];
    if (!schema) throw new Error(`no schema extract for ${token}: add it to SCHEMA`);
    const kinds = spec.inputs as Record<string, string>;
    const declared = Object.keys(kinds);
    const unknown = declared.filter((name) => !words(schema.inputs).includes(name));
    expect(unknown).toEqual([]);

    const required = declared.filter((name) => kinds[name]!.startsWith("required")).sort();
    expect(required).toEqual(words(schema.required).sort());
    for (const name of words(schema.secretInputs).filter((n) => declared.includes(n)))
      expect([name, kinds[name]]).toEqual([name, "secret"]);

    expect([...spec.outputs].sort()).toEqual(words(schema.outputs));
    expect([...spec.secretOutputs].sort()).toEqual(words(schema.secretOutputs));
  });

  it.each(specs.map((spec) => [spec.token, spec] as const))(
    "%s: the class declares exactly its exposed inputs and the outputs",
    (token, spec) => {
      const className = token.split(":").pop()!;
      const file = path.join(BINDINGS_DIR, `${className.replace(/(?<=[a-z])(?=[A-Z])/g, "-").toLowerCase()}.ts`);
      const declared = [...readFileSync(file, "utf8").matchAll(/declare public readonly (\w+)/g)].map((m) => m[1]!);
      expect(declared.sort()).toEqual([...spec.exposedInputs, ...spec.outputs].sort());
    },
  );

  it("binds the provider config keys exactly, with the token secret", () => {
    expect(Object.keys(providerConfig).sort()).toEqual(words(SCHEMA_PROVIDER_CONFIG));
    const secret = Object.entries(providerConfig)
      .filter(([, kind]) => kind === "secret")
      .map(([name]) => name);
    expect(secret).toEqual(words(SCHEMA_PROVIDER_SECRET_CONFIG));
  });

  it("covers every bound token once", () => {
    expect(specs.map((s) => s.token).sort()).toEqual(Object.keys(SCHEMA).sort());
  });
});
