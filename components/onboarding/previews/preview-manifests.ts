import type * as pulumi from "@pulumi/pulumi";
import type { ClusterDestination } from "../../platform/argocd/destinations";
import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import { RESOURCES_FINALIZER } from "../gitops/application";
import { HTTP_PORT_NAME, type Manifest } from "../repositories/workload-manifests";
import { INGRESS_HOST_ANNOTATION } from "../tenancy/labels";
import { limitRangeSpec } from "../tenancy/resource-limits";
import { networkPolicies } from "../tenancy/network-policies";

/**
 * What a preview environment is made of, as plain objects (AppPreviews creates them; the tests
 * validate them against @kubernetes-models/argo-cd and @kubernetes-models/kyverno):
 *
 * - the ApplicationSet: Argo CD's pull-request generator (GitLab) lists the open merge requests of
 *   the app's project and renders one Application per merge request into `<app>-preview-<IID>`;
 *   a merge request that closes or merges drops out of the list and its Application is deleted,
 *   its resources with it (cascade finalizer).
 *   Fields: argoproj/argo-cd docs/operator-manual/applicationset/Generators-Pull-Request.md
 *   (gitlab: project, api, tokenRef, pullRequestState; requeueAfterSeconds; template parameters
 *   number, branch, head_sha), checked against @kubernetes-models/argo-cd 4.0.0.
 * - the Kyverno ClusterPolicy that gives every preview namespace its quota, limits, network
 *   policies and image pull Secret (generate, synchronize), and the namespace's time to live
 *   (Kyverno's cleanup label `cleanup.kyverno.io/ttl` on the namespace, set by Argo CD's
 *   managedNamespaceMetadata: kyverno docs/policy-types/cleanup-policy "Cleanup Label").
 */

/** Pod Security Admission on preview namespaces: restricted, as on every app namespace (kubernetes/namespace.ts). */
const POD_SECURITY_LEVEL_LABELS = { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/warn": "restricted" };

/** Label every preview namespace carries (Argo CD sets it); the generate policy matches it. */
export const PREVIEW_OF_LABEL = "platform.delivery/preview-of";
/** Kyverno's cleanup controller deletes a resource this long after its creation. */
export const KYVERNO_TTL_LABEL = "cleanup.kyverno.io/ttl";
/** Where preview overlays live in the config repository. */
export const PREVIEW_OVERLAY = "overlays/preview";
/** Go template of the merge request's IID in the pull-request generator's parameters. */
export const MR_NUMBER = "{{.number}}";
/** The merge request's head commit: the tag the preview job pushes (`$CI_COMMIT_SHA`). */
export const MR_HEAD_SHA = "{{.head_sha}}";
/** How often the generator polls GitLab (the webhook, when configured, is faster). */
export const REQUEUE_SECONDS = 300;
const QUOTA_NAME = "preview-quota";
const LIMITS_NAME = "preview-limits";

export interface PreviewInputs {
  spec: AppSpec;
  names: AppNames;
  /** Numeric ID of the app's GitLab project (the generator's `project`). */
  gitlabProjectId: string;
  gitlabApiUrl: string;
  /** Secret (in Argo CD's namespace) holding the read_api token the generator lists merge requests with. */
  tokenSecret: { secretName: string; key: string };
  configRepoUrl: string;
  /** The config repository's default branch, which holds overlays/preview. */
  configRevision: string;
  /** Where previews run: the cluster of `previews.environment`. */
  destination: ClusterDestination;
  domain: string;
}

/** The labels of a preview namespace: the app's preview identity, restricted Pod Security, the TTL. */
export function previewNamespaceLabels(spec: AppSpec, names: AppNames): Record<string, string> {
  return {
    // The preview project is the namespace's "app": app-images-own-project then admits only its images.
    "platform.delivery/app": names.previews.registryProject,
    "platform.delivery/team": names.team,
    "platform.delivery/environment": "preview",
    [PREVIEW_OF_LABEL]: names.stable,
    ...POD_SECURITY_LEVEL_LABELS,
    [KYVERNO_TTL_LABEL]: `${spec.previews.ttlHours}h`,
  };
}

/** The ApplicationSet of an app's previews. */
export function previewApplicationSet(input: PreviewInputs): Manifest {
  const { spec, names } = input;
  const namespace = `${names.previews.namespacePrefix}${MR_NUMBER}`;
  const host = names.previews.hostTemplate;
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name: names.previews.applicationSet, labels: { ...names.labels.app, "platform.delivery/environment": "preview" } },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [
        {
          pullRequest: {
            gitlab: {
              project: input.gitlabProjectId,
              api: input.gitlabApiUrl,
              tokenRef: input.tokenSecret,
              pullRequestState: "opened",
            },
            requeueAfterSeconds: REQUEUE_SECONDS,
          },
        },
      ],
      // Deleting the set (previews disabled) deletes every preview, resources included.
      syncPolicy: { preserveResourcesOnDeletion: false },
      template: {
        metadata: {
          name: namespace,
          labels: { ...names.labels.app, "platform.delivery/environment": "preview" },
          finalizers: [RESOURCES_FINALIZER],
        },
        spec: {
          project: names.previews.argocdProject,
          source: {
            repoURL: input.configRepoUrl,
            path: PREVIEW_OVERLAY,
            targetRevision: input.configRevision,
            kustomize: {
              // The merge request's image from the preview project, by the commit the preview job pushed.
              images: [`${names.registry.repository}=${names.previews.registryRepository}:${MR_HEAD_SHA}`],
              patches: [
                {
                  target: { kind: "Ingress", name: names.kubernetes.workload },
                  patch: JSON.stringify([
                    { op: "replace", path: "/spec/rules/0/host", value: host },
                    { op: "replace", path: "/spec/tls/0/hosts/0", value: host },
                  ]),
                },
              ],
            },
          },
          destination: { ...input.destination, namespace },
          syncPolicy: {
            // No selfHeal: once the TTL deleted the namespace, only a new push (a new head_sha) brings the preview back.
            automated: { prune: true, selfHeal: false },
            syncOptions: ["CreateNamespace=true", "ServerSideApply=true"],
            managedNamespaceMetadata: {
              labels: previewNamespaceLabels(spec, names),
              annotations: { [INGRESS_HOST_ANNOTATION]: host },
            },
          },
        },
      },
    },
  };
}

/**
 * The AppProject of the previews: the config repository, `<app>-preview-*` on the preview cluster,
 * and of the cluster-scoped kinds only those namespaces: Argo CD checks the namespace
 * `CreateNamespace` creates against the project's cluster whitelist ("Namespace is not permitted in
 * project", argoproj/argo-cd#20233, #22869); the entry's `name` glob (Argo CD v3
 * ClusterResourceRestrictionItem, in @kubernetes-models/argo-cd 4.0.0) keeps it to the previews.
 */
export function previewProjectSpec(
  input: Pick<PreviewInputs, "names" | "destination"> & { configRepoUrl: pulumi.Input<string> },
  blacklist: readonly { group: string; kind: string }[],
): Record<string, unknown> {
  const { names } = input;
  return {
    description: `Merge-request previews of ${names.app} (ApplicationSet ${names.previews.applicationSet})`,
    sourceRepos: [input.configRepoUrl],
    destinations: [{ ...input.destination, namespace: `${names.previews.namespacePrefix}*` }],
    clusterResourceWhitelist: [previewNamespaceWhitelist(names)],
    namespaceResourceBlacklist: blacklist.map(({ group, kind }) => ({ group, kind })),
    roles: [
      {
        name: "developers",
        description: "See and re-sync previews; the ApplicationSet alone creates and deletes them.",
        groups: [names.groups.developers, names.groups.maintainers],
        policies: [
          `p, proj:${names.previews.argocdProject}:developers, applications, get, ${names.previews.argocdProject}/*, allow`,
          `p, proj:${names.previews.argocdProject}:developers, applications, sync, ${names.previews.argocdProject}/*, allow`,
        ],
      },
    ],
  };
}

/** The one cluster-scoped entry a preview project has: its own namespaces, by name. */
export const previewNamespaceWhitelist = (names: AppNames): { group: string; kind: string; name: string } => ({
  group: "",
  kind: "Namespace",
  name: `${names.previews.namespacePrefix}*`,
});

/**
 * The Kyverno ClusterPolicy giving each preview namespace of the app, as Argo CD creates it, the
 * quota of `previews.quota`, the app's container limits, the app's network policies and the
 * preview pull Secret (cloned from `pullSecretSource`). `synchronize` keeps them as generated:
 * a change inside the namespace is reverted, and they go with the namespace.
 */
export function previewNamespacePolicy(
  spec: AppSpec,
  names: AppNames,
  network: { ingressNamespace: string; monitoringNamespace?: string },
  pullSecretSource: { namespace: string; name: string },
): Manifest {
  const match = {
    any: [
      {
        resources: {
          kinds: ["Namespace"],
          names: [`${names.previews.namespacePrefix}*`],
          selector: { matchLabels: { [PREVIEW_OF_LABEL]: names.stable } },
        },
      },
    ],
  };
  const target = "{{request.object.metadata.name}}";
  const generated = (name: string, apiVersion: string, kind: string, data: Record<string, unknown>) => ({
    name,
    match,
    generate: { apiVersion, kind, name, namespace: target, synchronize: true, data },
  });
  const { quota } = spec.previews;
  const policies = networkPolicies({
    ingressNamespace: network.ingressNamespace,
    servicePort: spec.service.port,
    monitoringNamespace: network.monitoringNamespace,
    metricsPort: spec.service.metricsPort,
  });
  return {
    apiVersion: "kyverno.io/v1",
    kind: "ClusterPolicy",
    metadata: { name: names.previews.namespacePolicy, labels: { ...names.labels.app } },
    spec: {
      generateExisting: true,
      rules: [
        generated(QUOTA_NAME, "v1", "ResourceQuota", {
          spec: {
            hard: {
              "requests.cpu": quota.cpu,
              "limits.cpu": quota.cpu,
              "requests.memory": quota.memory,
              "limits.memory": quota.memory,
              pods: String(quota.pods),
              // Previews are stateless: no volumes, no LoadBalancer or NodePort Services.
              persistentvolumeclaims: "0",
              "services.loadbalancers": "0",
              "services.nodeports": "0",
            },
          },
        }),
        generated(LIMITS_NAME, "v1", "LimitRange", { spec: limitRangeSpec(spec.resources) }),
        ...policies.map((policy) => generated(policy.name, "networking.k8s.io/v1", "NetworkPolicy", { spec: policy.spec })),
        {
          name: "pull-secret",
          match,
          generate: {
            apiVersion: "v1",
            kind: "Secret",
            name: names.kubernetes.imagePullSecret,
            namespace: target,
            synchronize: true,
            clone: pullSecretSource,
          },
        },
      ],
    },
  };
}

/** overlays/preview of the config repository: the base without a namespace (Argo CD's destination sets it), plus what a preview needs. */
export function previewOverlayFiles(names: AppNames): { path: string; manifest: unknown }[] {
  const placeholderHost = names.previews.hostTemplate.replace(MR_NUMBER, "0");
  const labels = { ...names.labels.app };
  const serviceAccount = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: names.kubernetes.serviceAccount, labels },
    automountServiceAccountToken: false,
    imagePullSecrets: [{ name: names.kubernetes.imagePullSecret }],
  };
  const ingress = {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: names.kubernetes.workload, labels },
    spec: {
      // The ApplicationSet patches both hosts to `<app>-preview-<IID>.<domain>`.
      rules: [
        {
          host: placeholderHost,
          http: {
            paths: [
              { path: "/", pathType: "Prefix", backend: { service: { name: names.kubernetes.workload, port: { name: HTTP_PORT_NAME } } } },
            ],
          },
        },
      ],
      tls: [{ hosts: [placeholderHost], secretName: `${names.kubernetes.workload}-tls` }],
    },
  };
  return [
    {
      path: `${PREVIEW_OVERLAY}/kustomization.yaml`,
      manifest: {
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        resources: ["../../base", "serviceaccount.yaml", "ingress.yaml"],
        labels: [{ pairs: { "platform.delivery/environment": "preview" }, includeSelectors: false }],
        replicas: [{ name: names.kubernetes.workload, count: 1 }],
      },
    },
    { path: `${PREVIEW_OVERLAY}/serviceaccount.yaml`, manifest: serviceAccount },
    { path: `${PREVIEW_OVERLAY}/ingress.yaml`, manifest: ingress },
  ];
}

/** The preview URL of a merge request, as the pipeline's environment shows it on the merge request. */
export const previewUrl = (names: AppNames, mergeRequestIid: string): string =>
  `https://${names.previews.hostTemplate.replace(MR_NUMBER, mergeRequestIid)}`;
