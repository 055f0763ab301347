import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { SERVICE_NAMESPACES } from "../platform/service-catalog";
import { renderPolicy } from "../platform/vault/policies";
import { expiryAlertRules, RotatingRobot } from "../platform/harbor/rotating-robot";
import { ProjectAccessToken } from "../providers/gitlab";
import { Project, RetentionPolicy } from "../providers/harbor";
import type { AppNames } from "./app-names";
import { robotRotationDays, type AppSpec } from "./app-spec";
import { previewEnvironment } from "./delivery-rules";
import type { EnvironmentCluster } from "./environment-clusters";
import { EXPOSURE_BYPASS_KINDS } from "./gitops/exposure-kinds";
import { ROLLOUT_CONTROLLER_KINDS, TENANCY_OWNED_KINDS } from "./gitops/project";
import { gitOpsTargets } from "./gitops/targets";
import type { OnboardingContext } from "./onboarding-context";
import { previewApplicationSet, previewNamespacePolicy, previewProjectSpec } from "./previews/preview-manifests";
import { previewBoundClaims } from "./previews/preview-claims";
import { dockerConfigJson } from "./registry/docker-config";
import { robotPermissions } from "./registry/robot-permissions";
import { retentionRules, RETENTION_SCHEDULE } from "./registry/tag-lifecycle";
import { CI_USER_CLAIM } from "./secrets";
import { vmRule } from "../platform/victoria-metrics/operator-resources";

/** Previews are throwaway: a few tags per repository, a small quota. */
const PREVIEW_KEEP_TAGS = 10;
const PREVIEW_STORAGE_GI = 5;
const PREVIEW_TOKEN_TTL = 600;
const PREVIEW_TOKEN_EXPLICIT_MAX_TTL = 1800;
/** The generator lists merge requests with it (GitLab: read_api, Reporter); rotated like the config writer. */
const GENERATOR_TOKEN_ROTATION = { expirationDays: 90, rotateBeforeDays: 14 };
const GENERATOR_TOKEN_KEY = "token";

export interface AppPreviewsArgs {
  spec: AppSpec;
  names: AppNames;
  context: OnboardingContext;
  /** The app's GitLab project (Project.id): the generator lists its merge requests, the preview role binds it. */
  gitlabProjectId: pulumi.Input<string>;
  configRepoUrl: pulumi.Input<string>;
  /** The config repository's default branch (overlays/preview). */
  configRevision: string;
  /** The cluster of each environment (environmentClusters). */
  clusters: Readonly<Record<string, EnvironmentCluster>>;
}

/**
 * Preview environments per merge request (docs/preview-environments.md): a Harbor project of its
 * own with a push robot that only same-project merge-request pipelines can use (Vault JWT role
 * bound to the app's project_id and pipeline_source merge_request_event; a fork's token carries
 * the fork's project_id), a pull robot for the preview namespaces, the ApplicationSet and
 * AppProject that put each open merge request into `<app>-preview-<IID>`, and the Kyverno policy
 * that gives those namespaces quota, limits, network policies and their time to live. Nothing of
 * production is handed to a preview: no SecretStore, no Vault role for its namespaces, no signing.
 */
export class AppPreviews extends pulumi.ComponentResource {
  public readonly environment: string;
  /** The Vault JWT role of the preview push identity. */
  public readonly ciRole: pulumi.Output<string>;
  public readonly registryProject: pulumi.Output<string>;
  public readonly applicationSet: k8s.apiextensions.CustomResource;

  constructor(name: string, args: AppPreviewsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { spec, names, context } = args;
    super("delivery-platform:onboarding:AppPreviews", name, {}, opts);
    const environment = previewEnvironment(spec, context.environments);
    if (environment === undefined || context.admission === undefined)
      throw new Error(`AppPreviews ${names.app}: previews need a non-production environment and Kyverno (app rules check both)`);
    this.environment = environment;
    const cluster = args.clusters[environment]!;
    const harbor = { parent: this, provider: context.registry.provider };
    const vaultOpts = { parent: this, provider: context.vault.provider };

    // Registry: unsigned images by design, still scanned and blocked on HIGH findings.
    const project = new Project(
      `${name}-project`,
      {
        name: names.previews.registryProject,
        public: false,
        vulnerabilityScanning: true,
        autoSbomGeneration: true,
        enableContentTrustCosign: false,
        deploymentSecurity: "high",
        storageQuota: Math.min(PREVIEW_STORAGE_GI, spec.registry.storageQuotaGi),
        forceDestroy: false,
      },
      { ...harbor, protect: true, ignoreChanges: ["name"] },
    );
    this.registryProject = project.name;
    new RetentionPolicy(
      `${name}-retention`,
      { scope: project.id, rules: retentionRules(PREVIEW_KEEP_TAGS), schedule: RETENTION_SCHEDULE },
      harbor,
    );
    const robot = (role: "push" | "pull", description: string) =>
      new RotatingRobot(
        `${name}-${role}-robot`,
        {
          // Previews exist only for part 'all', whose boundary requires the Harbor provider.
          provider: context.registry.provider!,
          baseName: role,
          permissions: robotPermissions(project.name, role),
          description: `${names.app} previews: ${description}`,
          expiryDays: spec.registry.robotExpiryDays,
          rotationDays: robotRotationDays(spec.registry),
        },
        { parent: this },
      );
    const push = robot("push", "same-project merge-request pipelines push here");
    const pull = robot("pull", "preview namespaces pull from here");
    if (context.monitoring)
      vmRule(
        `${name}-robot-alerts`,
        {
          name: names.previews.robotAlerts,
          namespace: context.monitoring.namespace,
          labels: { ...names.labels.app, "platform.delivery/monitoring": "registry-robots" },
          spec: {
            groups: [
              {
                name: names.previews.robotAlerts,
                rules: expiryAlertRules(`${names.app}-preview`, [
                  { role: "push", robot: push },
                  { role: "pull", robot: pull },
                ]),
              },
            ],
          },
        },
        { parent: this, dependsOn: [context.monitoring.crdRelease] },
      );

    // The push-only preview identity: one KV secret, one policy reading it, one JWT role.
    const mount = pulumi.output(context.vault.kvMountPath);
    new vault.kv.SecretV2(
      `${name}-ci-registry`,
      {
        mount,
        name: names.previews.ciSecretPath,
        dataJson: pulumi.secret(
          pulumi.all([push.name, push.secret]).apply(([username, password]) => JSON.stringify({ username, password })),
        ),
      },
      { ...vaultOpts, protect: true },
    );
    const policy = new vault.Policy(
      `${name}-ci-policy`,
      {
        name: names.previews.ciAccess,
        policy: mount.apply((m) => renderPolicy([{ path: `${m}/data/${names.previews.ciSecretPath}`, capabilities: ["read"] }])),
      },
      vaultOpts,
    );
    const role = new vault.jwt.AuthBackendRole(
      `${name}-ci-role`,
      {
        backend: context.vault.jwtAuthPath,
        roleName: names.previews.ciAccess,
        roleType: "jwt",
        boundAudiences: [context.vault.address],
        boundClaimsType: "string",
        boundClaims: previewBoundClaims(args.gitlabProjectId),
        userClaim: CI_USER_CLAIM,
        tokenPolicies: [policy.name],
        tokenTtl: PREVIEW_TOKEN_TTL,
        tokenExplicitMaxTtl: PREVIEW_TOKEN_EXPLICIT_MAX_TTL,
      },
      vaultOpts,
    );
    this.ciRole = role.roleName;

    // The preview cluster: the pull Secret Kyverno clones into each preview namespace, and the policy that does.
    const kyvernoNamespace = SERVICE_NAMESPACES.kyverno;
    const clusterOpts = { parent: this, provider: cluster.provider };
    const admissionCrds = cluster.site.admission?.crdRelease ?? context.admission.crdRelease;
    const pullSecret = new k8s.core.v1.Secret(
      `${name}-pull-secret`,
      {
        metadata: { name: names.previews.pullSecretSource, namespace: kyvernoNamespace, labels: { ...names.labels.app } },
        type: "kubernetes.io/dockerconfigjson",
        stringData: {
          ".dockerconfigjson": pulumi.secret(
            pulumi
              .all([pull.name, pull.secret])
              .apply(([username, password]) => dockerConfigJson(context.registry.host, username, password)),
          ),
        },
      },
      clusterOpts,
    );
    const namespacePolicy = previewNamespacePolicy(
      spec,
      names,
      { ingressNamespace: context.ingress.namespace, monitoringNamespace: context.monitoring?.namespace },
      { namespace: kyvernoNamespace, name: names.previews.pullSecretSource },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-namespace-policy`,
      {
        apiVersion: namespacePolicy.apiVersion,
        kind: namespacePolicy.kind,
        metadata: namespacePolicy.metadata,
        spec: namespacePolicy.spec,
      },
      { ...clusterOpts, dependsOn: [admissionCrds, pullSecret] },
    );

    // Argo CD: the generator's token, the preview project and the ApplicationSet.
    const argocd = context.argocd.namespace;
    const argoDependsOn = context.argocd.release ? [context.argocd.release] : [];
    const token = new ProjectAccessToken(
      `${name}-generator-token`,
      {
        project: args.gitlabProjectId,
        name: names.previews.generatorToken,
        description: `Argo CD lists the merge requests of ${names.gitlab.projectPath} for their previews`,
        scopes: ["read_api"],
        accessLevel: "reporter",
        rotationConfiguration: GENERATOR_TOKEN_ROTATION,
      },
      { parent: this, provider: context.gitlab.provider },
    );
    const tokenSecret = new k8s.core.v1.Secret(
      `${name}-generator-token`,
      {
        metadata: { name: names.previews.generatorToken, namespace: argocd, labels: { ...names.labels.app } },
        type: "Opaque",
        stringData: { [GENERATOR_TOKEN_KEY]: pulumi.secret(token.token) },
      },
      { parent: this, dependsOn: argoDependsOn },
    );
    const destination = gitOpsTargets(names, context.environments, context.argocd.clusterNames, {}).find(
      (target) => target.environment === environment,
    )!.destination;
    const projectResource = new k8s.apiextensions.CustomResource(
      `${name}-argocd-project`,
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "AppProject",
        metadata: {
          name: names.previews.argocdProject,
          namespace: argocd,
          labels: { ...names.labels.app, "platform.delivery/environment": "preview" },
        },
        spec: previewProjectSpec({ names, configRepoUrl: args.configRepoUrl, destination }, [
          ...TENANCY_OWNED_KINDS,
          ...EXPOSURE_BYPASS_KINDS,
          ...ROLLOUT_CONTROLLER_KINDS,
        ]),
      },
      { parent: this, dependsOn: argoDependsOn },
    );
    const set = pulumi
      .all([
        pulumi.output(args.gitlabProjectId),
        pulumi.output(args.configRepoUrl),
        tokenSecret.metadata.name,
        projectResource.metadata.name,
      ])
      .apply(([projectId, configRepoUrl, secretName]) =>
        previewApplicationSet({
          spec,
          names,
          gitlabProjectId: String(projectId),
          gitlabApiUrl: context.gitlab.url.replace(/\/+$/, ""),
          tokenSecret: { secretName, key: GENERATOR_TOKEN_KEY },
          configRepoUrl,
          configRevision: args.configRevision,
          destination,
          domain: context.domain,
        }),
      );
    this.applicationSet = new k8s.apiextensions.CustomResource(
      `${name}-application-set`,
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "ApplicationSet",
        metadata: {
          name: names.previews.applicationSet,
          namespace: argocd,
          labels: { ...names.labels.app, "platform.delivery/environment": "preview" },
        },
        spec: set.apply((s) => s.spec as Record<string, unknown>),
      },
      { parent: this, dependsOn: argoDependsOn },
    );
    this.registerOutputs({ environment, ciRole: this.ciRole, registryProject: this.registryProject });
  }
}
