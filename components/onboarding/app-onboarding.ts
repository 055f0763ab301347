import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { POLICIES_API_VERSION } from "../platform/kyverno/policy-manifests";
import { appMonitoring } from "../platform/victoria-metrics/app-monitoring";
import { backupSchedule } from "../platform/velero/schedule";
import { ProjectDeployToken } from "../providers/gitlab";
import { parseComponentArgs } from "../validation/issues";
import { appOnboardingArgsSchema, type AppOnboardingArgs } from "./app-onboarding-args";
import { appNames, type AppNames } from "./app-names";
import { plannedImagePolicies } from "./image-policy-groups";
import type { AppSpec } from "./app-spec";
import { CiCredentials } from "./ci-credentials";
import { byCluster, environmentClusters, perClusterName } from "./environment-clusters";
import { AppGitOps } from "./gitops";
import { renderAppPipeline } from "./pipeline/render";
import type { SigningIdentity } from "./pipeline/signing-identity";
import { AppPreviews } from "./previews";
import { AppRegistry } from "./registry";
import { AppRepositories } from "./repositories";
import { DEFAULT_BRANCH } from "./repositories/project-settings";
import { AppBackingServices } from "./backing-services";
import { AppSecrets } from "./secrets";
import { AppTenancy } from "./tenancy";
import { createsFoundations, createsTenantHalf, type OnboardingPart } from "./onboarding-part";

export type { AppOnboardingArgs } from "./app-onboarding-args";

/**
 * Everything an app needs from commit to production, from one spec: Harbor
 * project and robots, GitLab projects with the generated pipeline, Vault paths
 * and roles with External Secrets wiring, namespaces with quotas, network
 * policies and RBAC, the Argo CD project and applications, scraping, alerts
 * and backups. Args are validated here, once; every physical name comes from `names`
 * (app-names.ts). A rename listed in `spec.formerNames` keeps every resource.
 *
 * `part` splits the app between two stacks (onboarding-part.ts): the platform stack creates a
 * tenant app's `foundations` from the tenant's claim, the tenant stack the `tenant` half. Parts
 * not created here are absent (undefined), names and outputs are derived all the same.
 */
export class AppOnboarding extends pulumi.ComponentResource {
  public readonly spec: AppSpec;
  /** Every physical name the app has, derived once from its spec. */
  public readonly names: AppNames;
  /** Which half this instance created (onboarding-part.ts). */
  public readonly part: OnboardingPart;
  public readonly registry: AppRegistry | undefined;
  public readonly tenancy: AppTenancy | undefined;
  public readonly repositories: AppRepositories | undefined;
  /** Undefined only while a tenant half waits for its foundations. */
  public readonly secrets: AppSecrets | undefined;
  public readonly gitops: AppGitOps | undefined;
  /** The app's databases and caches, when its spec asks for some (`services`); created with the foundations. */
  public readonly backingServices?: AppBackingServices;
  /** Preview environments per merge request, with `previews.enabled`. */
  public readonly previews?: AppPreviews;
  /** Who signs this app's images: what the cluster's image verification must admit. */
  public readonly signingIdentity: pulumi.Output<SigningIdentity>;
  /** The Kyverno ImageValidatingPolicies admitting only images this app's pipeline signed: per cluster the app has
   * namespaces on, one per group of its environments there with the same validation actions. */
  public readonly imagePolicies: k8s.apiextensions.CustomResource[];
  /** What the team needs, in one place (secrets stay secret). */
  public readonly outputs: pulumi.Output<unknown>;

  constructor(name: string, args: AppOnboardingArgs, opts?: pulumi.ComponentResourceOptions) {
    const { spec, part, awaitingFoundations } = parseComponentArgs(`AppOnboarding ${name}`, appOnboardingArgsSchema, { name, ...args });
    // zod copies objects: providers and releases are used from the original args.
    const { context, teamGroupId, clusterProviders } = args;
    // Children are named `${name}-...`, so one alias per former name carries every child along.
    const aliases = [...(opts?.aliases ?? []), ...spec.formerNames.map((former) => ({ name: former }))];
    super("delivery-platform:onboarding:AppOnboarding", name, {}, { ...opts, aliases });
    this.spec = spec;
    this.part = part;
    const foundations = createsFoundations(part);
    const tenantHalf = createsTenantHalf(part);
    const names = appNames(spec, {
      gitlabParentGroup: context.gitlab.parentGroupPath,
      registryHost: context.registry.host,
      domain: context.domain,
    });
    this.names = names;
    const child = { parent: this };
    const gitlabUrl = context.gitlab.url.replace(/\/+$/, "");
    // Each environment's namespaced objects go to its cluster, with that cluster's provider.
    const clusters = environmentClusters(spec.environments, context, clusterProviders);

    this.registry = foundations ? new AppRegistry(`${name}-registry`, { spec, names, context }, child) : undefined;
    this.tenancy = this.registry
      ? new AppTenancy(
          `${name}-tenancy`,
          { spec, names, context, dockerConfigJson: this.registry.dockerConfigJson, providers: clusterProviders },
          child,
        )
      : undefined;
    // Where the other stack creates the namespaces, the names are the naming module's.
    const namespaces: Record<string, pulumi.Output<string>> = this.tenancy?.namespaces ??
    Object.fromEntries(spec.environments.map((env) => [env, pulumi.output(names.kubernetes.namespaces[env]!)]));

    const transit =
      context.vault.transitMountPath === undefined
        ? undefined
        : { mountPath: context.vault.transitMountPath, keyName: names.vault.transitKey };
    // Names, not resources, flow into the pipeline: the repositories need its file, the secrets need their project id.
    // One default branch for the project, the pipeline's rules and the CI roles' bound `ref`.
    const pipeline = renderAppPipeline({ spec, names, context, transit, defaultBranch: DEFAULT_BRANCH });
    this.signingIdentity = pipeline.signingIdentity;
    this.repositories = tenantHalf
      ? new AppRepositories(
          `${name}-repos`,
          { spec, names, context, teamGroupId: teamGroupId!, ciConfig: pipeline.content, ciTemplateVersion: pipeline.templateVersion },
          child,
        )
      : undefined;
    this.secrets = awaitingFoundations
      ? undefined
      : new AppSecrets(
          `${name}-secrets`,
          {
            spec,
            names,
            context,
            namespaces,
            // The platform cannot know a tenant project's ID before the tenant's first up: its path is bound instead.
            gitlabProject: this.repositories ? { project_id: this.repositories.projectId } : { project_path: names.gitlab.projectPath },
            part,
            defaultBranch: DEFAULT_BRANCH,
            inClusterVaultAddress: context.vault.inClusterAddress,
            transitMountPath: transit?.mountPath,
            clusters,
          },
          child,
        );
    // Databases and caches are namespace-scoped objects outside a tenant's grant: they come with the foundations.
    if (this.tenancy && this.secrets && (spec.services.postgres !== undefined || spec.services.cache !== undefined))
      this.backingServices = new AppBackingServices(
        `${name}-services`,
        { spec, names, context, namespaces: this.tenancy.namespaces, clusters, secrets: this.secrets },
        child,
      );
    const ciCredentials = awaitingFoundations
      ? undefined
      : new CiCredentials(
          `${name}-ci-credentials`,
          {
            names,
            context,
            registryRobot: this.registry?.pushRobot,
            gitopsToken: this.repositories?.configRepoWriter.token,
          },
          child,
        );

    const configRepoUrl = this.repositories?.configRepoUrl ?? pulumi.output(`${gitlabUrl}/${names.gitlab.configRepoPath}.git`);
    if (foundations) {
      // Argo CD reads the private config repository with a read-only deploy token. For a tenant app the
      // platform creates it on the project by path (GitLab's API takes a path for an ID), after the tenant's first up.
      const reader = new ProjectDeployToken(
        `${name}-argocd-reader`,
        { project: this.repositories?.configRepoId ?? names.gitlab.configRepoPath, name: "argocd", scopes: ["read_repository"] },
        { parent: this, provider: context.gitlab.provider },
      );
      this.gitops = new AppGitOps(
        `${name}-gitops`,
        {
          spec,
          names,
          context,
          configRepoUrl,
          namespaces,
          repositoryCredentials: { username: reader.username, password: reader.token },
        },
        child,
      );
    } else this.gitops = undefined;

    if (spec.previews.enabled && this.repositories)
      this.previews = new AppPreviews(
        `${name}-previews`,
        {
          spec,
          names,
          context,
          gitlabProjectId: this.repositories.projectId,
          configRepoUrl: this.repositories.configRepoUrl,
          configRevision: DEFAULT_BRANCH,
          clusters,
        },
        child,
      );

    // Admission admits exactly what this app's pipeline signs (guardrail image-signature-verified): per cluster
    // (Kyverno on each sees only its own) one policy per group of environments with the same validation actions.
    const signing = pulumi.all([pipeline.signingIdentity, this.secrets?.transitPublicKeys ?? []]);
    this.imagePolicies = [];
    for (const { cluster, environments } of foundations ? byCluster(spec.environments, clusters) : []) {
      const admission = cluster.site.admission;
      if (!context.admission || !admission) continue;
      const { build } = context.admission.imagePolicy;
      for (const planned of plannedImagePolicies(names, environments, context.admission.imagePolicy)) {
        const policy = signing.apply(([identity, transitPublicKeys]) =>
          build({
            name: planned.name,
            app: names.stable,
            imageGlob: `${context.registry.host}/${names.registry.project}/*`,
            namespaces: planned.namespaces,
            validationActions: planned.validationActions,
            identity,
            transitPublicKeys,
          }),
        );
        this.imagePolicies.push(
          new k8s.apiextensions.CustomResource(
            perClusterName(`${name}-image-policy${planned.resourceSuffix}`, cluster.cluster),
            {
              apiVersion: POLICIES_API_VERSION,
              kind: "ImageValidatingPolicy",
              metadata: policy.apply((p) => p.metadata as k8s.types.input.meta.v1.ObjectMeta),
              spec: policy.apply((p) => p.spec),
            },
            { parent: this, provider: cluster.provider, dependsOn: [admission.crdRelease] },
          ),
        );
      }
    }

    for (const env of foundations ? spec.environments : []) {
      const { provider, site } = clusters[env]!;
      if (!context.monitoring || !site.monitoring) continue;
      appMonitoring(
        `${name}-${env}-monitoring`,
        {
          app: names.kubernetes.monitoring,
          namespace: namespaces[env]!,
          selector: names.labels.selector,
          port: spec.service.metricsPort,
          path: spec.service.metricsPath,
        },
        { parent: this, crdRelease: site.monitoring.crdRelease, provider },
      );
    }

    // Velero backs up the namespaces of its own cluster: one schedule per cluster with production namespaces.
    const production = spec.environments.filter((env) => context.environments.find((e) => e.name === env)?.production);
    for (const { cluster, environments } of foundations ? byCluster(production, clusters) : []) {
      const backup = cluster.site.backup;
      if (!context.backup || !backup) continue;
      backupSchedule(
        perClusterName(`${name}-backup`, cluster.cluster),
        {
          scheduleName: names.velero.schedule,
          namespaces: environments.map((env) => names.kubernetes.namespaces[env]!),
          schedule: spec.backup.schedule,
          ttl: spec.backup.ttl,
          includeVolumes: true,
          veleroNamespace: backup.namespace,
        },
        { parent: this, provider: cluster.provider, dependsOn: [backup.crdRelease] },
      );
    }

    this.outputs = pulumi.output({
      ...(part === "all" ? {} : { part }),
      registry: {
        repository: this.registry?.repository ?? names.registry.repository,
        pushRobot: this.registry?.pushRobot.name,
        pullRobot: this.registry?.pullRobot.name,
      },
      repositories: {
        app: this.repositories?.projectUrl ?? `${gitlabUrl}/${names.gitlab.projectPath}`,
        config: configRepoUrl,
      },
      pipeline: { templateVersion: pipeline.templateVersion },
      vault: {
        kvPaths: this.secrets?.kvPaths,
        ciKvPath: this.secrets?.ciKvPath,
        ciRoles: this.secrets?.ciRoles,
        ciCredentials: ciCredentials?.paths,
      },
      argocd: { project: this.gitops?.projectName ?? names.argocd.project, applications: this.gitops?.applicationNames },
      namespaces,
      // A tenant half that waits for the platform stack's up says so (docs/runbooks/tenant-stack-split.md).
      ...(awaitingFoundations ? { waitingFor: "the platform stack's up (this app's foundations)" } : {}),
      ...(this.previews
        ? {
            previews: {
              environment: this.previews.environment,
              ciRole: this.previews.ciRole,
              registryProject: this.previews.registryProject,
            },
          }
        : {}),
    });
    this.registerOutputs({ outputs: this.outputs });
  }
}
