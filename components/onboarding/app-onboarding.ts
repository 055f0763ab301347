import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { appImageValidatingPolicy } from "../../policies/kyverno/app-image-policy";
import { POLICIES_API_VERSION } from "../platform/kyverno/policy-manifests";
import { appMonitoring } from "../platform/victoria-metrics/app-monitoring";
import { backupSchedule } from "../platform/velero/schedule";
import { ProjectDeployToken } from "../providers/gitlab";
import { parseComponentArgs } from "../validation/issues";
import { appNamespace, appSpecSchema, type AppSpec, type AppSpecInput } from "./app-spec";
import { CiCredentials } from "./ci-credentials";
import { AppGitOps } from "./gitops";
import type { OnboardingContext } from "./onboarding-context";
import { renderAppPipeline } from "./pipeline/render";
import type { SigningIdentity } from "./pipeline/signing-identity";
import { AppRegistry } from "./registry";
import { AppRepositories } from "./repositories";
import { AppSecrets } from "./secrets";
import { appCiPath, ciAccessName, transitKeyName } from "./secrets/layout";
import { AppTenancy } from "./tenancy";

export interface AppOnboardingArgs {
  /** The app as the team wrote it; defaults are applied here. */
  spec: AppSpecInput;
  context: OnboardingContext;
  /** `TeamGroup.groupId` of the app's team (one TeamGroup per team, shared by its apps). */
  teamGroupId: pulumi.Input<string | number>;
  /** Kubernetes providers for environments on clusters other than `in-cluster`, by cluster name. */
  clusterProviders?: Record<string, k8s.Provider>;
}

const argsSchema = z
  .strictObject({
    spec: appSpecSchema,
    context: z.custom<OnboardingContext>(
      (value) => typeof value === "object" && value !== null,
      "must be the platform's onboarding context",
    ),
    teamGroupId: z.custom<pulumi.Input<string | number>>((value) => value !== undefined && value !== null && value !== ""),
    clusterProviders: z.record(z.string(), z.custom<k8s.Provider>()).optional(),
  })
  .superRefine(({ spec, context }, ctx) => {
    const declared = context.environments.map((env) => env.name);
    spec.environments.forEach((env, index) => {
      if (!declared.includes(env)) {
        ctx.addIssue({
          code: "custom",
          path: ["spec", "environments", index],
          message: `unknown environment '${env}'; declared: ${declared.join(", ")}`,
        });
      }
    });
  });

/**
 * Everything an app needs from commit to production, from one spec: Harbor
 * project and robots, GitLab projects with the generated pipeline, Vault paths
 * and roles with External Secrets wiring, namespaces with quotas, network
 * policies and RBAC, the Argo CD project and applications, scraping, alerts
 * and backups. A rename listed in `spec.formerNames` keeps every resource.
 */
export class AppOnboarding extends pulumi.ComponentResource {
  public readonly spec: AppSpec;
  public readonly registry: AppRegistry;
  public readonly tenancy: AppTenancy;
  public readonly repositories: AppRepositories;
  public readonly secrets: AppSecrets;
  public readonly gitops: AppGitOps;
  /** Who signs this app's images: what the cluster's image verification must admit. */
  public readonly signingIdentity: pulumi.Output<SigningIdentity>;
  /** The Kyverno ImageValidatingPolicy admitting only images this app's pipeline signed. */
  public readonly imagePolicy?: k8s.apiextensions.CustomResource;
  /** What the team needs, in one place (secrets stay secret). */
  public readonly outputs: pulumi.Output<unknown>;

  constructor(name: string, args: AppOnboardingArgs, opts?: pulumi.ComponentResourceOptions) {
    const { spec, context, teamGroupId, clusterProviders } = parseComponentArgs(`AppOnboarding ${name}`, argsSchema, args);
    // Children are named `${name}-...`, so one alias per former name carries every child along.
    const aliases = [...(opts?.aliases ?? []), ...spec.formerNames.map((former) => ({ name: former }))];
    super("delivery-platform:onboarding:AppOnboarding", name, {}, { ...opts, aliases });
    this.spec = spec;
    const child = { parent: this };

    this.registry = new AppRegistry(`${name}-registry`, { spec, context }, child);
    this.tenancy = new AppTenancy(
      `${name}-tenancy`,
      { spec, context, dockerConfigJson: this.registry.dockerConfigJson, providers: clusterProviders },
      child,
    );

    const ref = { team: spec.team, app: spec.name };
    const projectPath = `${context.gitlab.parentGroupPath}/${spec.team}/${spec.name}`;
    const ciSecretPaths = { registry: `${appCiPath(ref)}/registry`, gitops: `${appCiPath(ref)}/gitops` };
    const transit =
      context.vault.transitMountPath === undefined
        ? undefined
        : { mountPath: context.vault.transitMountPath, keyName: transitKeyName(spec.name) };
    // Names, not resources, flow into the pipeline: the repositories need its file, the secrets need their project id.
    const pipeline = renderAppPipeline({
      spec,
      context,
      projectPath,
      configRepoPath: `${projectPath}-config`,
      harborProject: this.registry.projectName,
      ciRole: ciAccessName(ref),
      ciSecretPaths,
      transit,
    });
    this.signingIdentity = pipeline.signingIdentity;
    this.repositories = new AppRepositories(
      `${name}-repos`,
      {
        spec,
        context,
        teamGroupId,
        harborProject: this.registry.projectName,
        ciConfig: pipeline.content,
        ciTemplateVersion: pipeline.templateVersion,
      },
      child,
    );
    this.secrets = new AppSecrets(
      `${name}-secrets`,
      {
        spec,
        context,
        namespaces: this.tenancy.namespaces,
        serviceAccountName: this.tenancy.serviceAccountName,
        gitlabProjectId: this.repositories.projectId,
        inClusterVaultAddress: context.vault.inClusterAddress,
        transitMountPath: transit?.mountPath,
      },
      child,
    );
    const ciCredentials = new CiCredentials(
      `${name}-ci-credentials`,
      { spec, context, registryRobot: this.registry.pushRobot, gitopsToken: this.repositories.configRepoWriter.token },
      child,
    );

    // Argo CD reads the private config repository with a read-only deploy token.
    const reader = new ProjectDeployToken(
      `${name}-argocd-reader`,
      { project: this.repositories.configRepoId, name: "argocd", scopes: ["read_repository"] },
      { parent: this, provider: context.gitlab.provider },
    );
    this.gitops = new AppGitOps(
      `${name}-gitops`,
      {
        spec,
        context,
        configRepoUrl: this.repositories.configRepoUrl,
        namespaces: this.tenancy.namespaces,
        repositoryCredentials: { username: reader.username, password: reader.token },
      },
      child,
    );

    if (context.admission) {
      // Admission admits exactly what this app's pipeline signs (guardrail image-signature-verified).
      const policy = pulumi
        .all([pipeline.signingIdentity, this.registry.projectName, this.secrets.transitPublicKeys ?? []])
        .apply(([identity, project, transitPublicKeys]) =>
          appImageValidatingPolicy(context.profile, {
            app: spec.name,
            imageGlob: `${context.registry.host}/${project}/*`,
            namespaces: spec.environments.map((env) => appNamespace(spec.name, env)),
            identity,
            transitPublicKeys,
          }),
        );
      this.imagePolicy = new k8s.apiextensions.CustomResource(
        `${name}-image-policy`,
        {
          apiVersion: POLICIES_API_VERSION,
          kind: "ImageValidatingPolicy",
          metadata: policy.apply((p) => p.metadata as k8s.types.input.meta.v1.ObjectMeta),
          spec: policy.apply((p) => p.spec),
        },
        { parent: this, dependsOn: [context.admission.crdRelease] },
      );
    }

    if (context.monitoring) {
      for (const env of spec.environments) {
        appMonitoring(
          `${name}-${env}-monitoring`,
          {
            app: spec.name,
            namespace: this.tenancy.namespaces[env]!,
            selector: { "app.kubernetes.io/name": spec.name },
            port: spec.service.metricsPort,
            path: spec.service.metricsPath,
          },
          { parent: this, crdRelease: context.monitoring.crdRelease },
        );
      }
    }

    const production = spec.environments.filter((env) => context.environments.find((e) => e.name === env)?.production);
    if (context.backup && production.length > 0) {
      backupSchedule(
        `${name}-backup`,
        {
          scheduleName: `app-${spec.name}`,
          namespaces: production.map((env) => appNamespace(spec.name, env)),
          schedule: spec.backup.schedule,
          ttl: spec.backup.ttl,
          includeVolumes: true,
          veleroNamespace: context.backup.namespace,
        },
        { parent: this, dependsOn: [context.backup.crdRelease] },
      );
    }

    this.outputs = pulumi.output({
      registry: { repository: this.registry.repository, pushRobot: this.registry.pushRobot.name, pullRobot: this.registry.pullRobot.name },
      repositories: { app: this.repositories.projectUrl, config: this.repositories.configRepoUrl },
      pipeline: { templateVersion: pipeline.templateVersion },
      vault: {
        kvPaths: this.secrets.kvPaths,
        ciKvPath: this.secrets.ciKvPath,
        ciRole: this.secrets.ciRole,
        ciCredentials: ciCredentials.paths,
      },
      argocd: { project: this.gitops.projectName, applications: this.gitops.applicationNames },
      namespaces: this.tenancy.namespaces,
    });
    this.registerOutputs({ outputs: this.outputs });
  }
}
