import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { IN_CLUSTER } from "../platform/argocd/destinations";
import { Provider as GitlabProvider } from "../providers/gitlab";
import { Provider as HarborProvider } from "../providers/harbor";
import { GITLAB_TIERS } from "../shared/gitlab-tier";
import { PROFILES } from "../shared/profiles";
import { previewProblems, progressiveDeliveryProblems } from "./delivery-rules";
import { appCollisionProblems, appNameProblems, environmentProblems, productionWindowProblems, type Problem } from "./app-rules";
import { appSpecSchema, dnsLabel, type AppSpecInput } from "./app-spec";
import { backingServiceProblems } from "./backing-services/rules";
import type { OnboardingContext } from "./onboarding-context";
import { createsFoundations, ONBOARDING_PARTS, type OnboardingPart } from "./onboarding-part";

/**
 * AppOnboarding's public boundary: the one place its args are validated. The parts it composes
 * take the parsed spec, the derived names and the context as they are.
 */
export interface AppOnboardingArgs {
  /** The app as the team wrote it; defaults are applied here. */
  spec: AppSpecInput;
  context: OnboardingContext;
  /**
   * `TeamGroup.groupId` of the app's team (one TeamGroup per team, shared by its apps). Not used
   * by the `foundations` part (the team's group is the tenant stack's).
   */
  teamGroupId?: pulumi.Input<string | number>;
  /** Which half to create (onboarding-part.ts); default `all`, the whole app in one stack. */
  part?: OnboardingPart;
  /**
   * `tenant` part only: the platform has not created this app's foundations yet (first
   * deployment), so only what needs no platform grant is created (the GitLab projects).
   */
  awaitingFoundations?: boolean;
  /** Kubernetes providers for environments on clusters other than `in-cluster`, by cluster name. */
  clusterProviders?: Record<string, k8s.Provider>;
}

const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/;
const VAULT_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const GROUP_PATH = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*$/;

/** A plain string checked by `check`, or a Pulumi Output (checked by the service that receives it). */
const inputString = (check: (value: string) => boolean, message: string) =>
  z.custom<pulumi.Input<string>>((value) => pulumi.Output.isInstance(value) || (typeof value === "string" && check(value)), { message });
const isHttpUrl = (value: string) => URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol);
const url = (example: string) => inputString(isHttpUrl, `must be an http(s) URL such as ${example}`);
const vaultPath = (example: string) =>
  inputString((v) => VAULT_PATH.test(v), `must be a Vault mount path such as '${example}' (no leading or trailing '/')`);
const resource = (what: string) =>
  z.custom<pulumi.Resource | undefined>((v) => v === undefined || pulumi.Resource.isInstance(v), `must be ${what}`).optional();
const instanceOf = <T>(check: (v: unknown) => boolean, message: string) => z.custom<T>(check, message);

const contextSchema = z.object({
  profile: z.enum(PROFILES),
  domain: z.string().min(1),
  environments: z
    .array(z.object({ name: z.string().min(1), production: z.boolean(), cluster: z.string().min(1, "must not be empty") }))
    .min(1, "must declare at least one environment"),
  ingress: z.object({ className: z.string().min(1), namespace: dnsLabel() }),
  registry: z.object({
    host: z.string().regex(HOST, "must be a registry host without scheme or path, such as harbor.example.com"),
    provider: instanceOf<HarborProvider>((v) => v instanceof HarborProvider, "must be the platform's Harbor provider").optional(),
    proxyCacheProjects: z.custom<pulumi.Input<Record<string, string>>>((v) => v !== undefined && v !== null, "required"),
  }),
  vault: z.object({
    provider: z.custom<pulumi.ProviderResource>((v) => pulumi.CustomResource.isInstance(v), "must be the Vault provider").optional(),
    address: url("https://vault.example.com"),
    inClusterAddress: url("https://vault.vault.svc:8200"),
    caCertificate: z
      .custom<pulumi.Input<string>>((v) => typeof v === "string" || pulumi.Output.isInstance(v), "must be the CA certificate (PEM)")
      .optional(),
    kvMountPath: vaultPath("secret"),
    transitMountPath: vaultPath("transit").optional(),
    kubernetesAuthPath: vaultPath("kubernetes"),
    jwtAuthPath: vaultPath("jwt-gitlab"),
  }),
  gitlab: z.object({
    url: z.url({ protocol: /^https?$/ }),
    provider: instanceOf<GitlabProvider>((v) => v instanceof GitlabProvider, "must be the GitLab provider"),
    parentGroupPath: z.string().regex(GROUP_PATH, "must be a GitLab group path such as platform/apps"),
    tier: z.enum(GITLAB_TIERS).optional(),
  }),
  argocd: z.object({
    namespace: dnsLabel(),
    release: resource("the Helm release that installs Argo CD's CRDs"),
    clusterNames: z.array(z.string().min(1)),
  }),
  externalSecrets: z.object({ release: resource("the Helm release that installs External Secrets' CRDs") }),
  admission: z
    .object({
      crdRelease: resource("the Helm release that installs Kyverno's CRDs"),
      imagePolicy: z.object({
        groups: z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", "must group the app's environments"),
        build: z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", "must build the app's image policy"),
      }),
    })
    .optional(),
  monitoring: z
    .object({
      namespace: dnsLabel(),
      crdRelease: resource("the VictoriaMetrics release"),
      queryUrl: url("http://vmsingle-vm.monitoring.svc:8428").optional(),
    })
    .optional(),
  backup: z.object({ namespace: dnsLabel(), crdRelease: resource("the Velero release") }).optional(),
  // Checked where it is built (platformOnboardingContext from the validated stack config); passed on as it is.
  backingServices: z.custom<OnboardingContext["backingServices"]>((v) => v === undefined || typeof v === "object").optional(),
  rollouts: z.object({ namespace: dnsLabel() }).optional(),
  clusters: z
    .record(
      z.string(),
      z.object({
        kubernetesAuthPath: vaultPath("kubernetes-workload-eu"),
        vaultAddress: url("https://vault.example.com"),
        externalSecrets: z.object({ release: resource("the release that installs External Secrets' CRDs on that cluster") }),
        admission: z.object({ crdRelease: resource("the release that installs Kyverno's CRDs on that cluster") }).optional(),
        monitoring: z.object({ namespace: dnsLabel(), crdRelease: resource("the VictoriaMetrics release on that cluster") }).optional(),
        backup: z.object({ namespace: dnsLabel(), crdRelease: resource("the Velero release on that cluster") }).optional(),
      }),
    )
    .optional(),
});

export const appOnboardingArgsSchema = z
  .strictObject({
    /** The component's name, which must be the app's: URNs and physical names cannot diverge. */
    name: z.string(),
    spec: appSpecSchema,
    context: contextSchema,
    teamGroupId: z
      .union([
        z.int().positive(),
        z.string().regex(/^\d+$/, "must be a numeric GitLab group ID"),
        z.custom<pulumi.Output<string | number>>((v) => pulumi.Output.isInstance(v)),
      ])
      .optional(),
    part: z.enum(ONBOARDING_PARTS).default("all"),
    awaitingFoundations: z.boolean().default(false),
    clusterProviders: z
      .record(
        z.string(),
        z.custom<k8s.Provider>((v) => v instanceof k8s.Provider, "must be a Kubernetes provider"),
      )
      .optional(),
  })
  .superRefine(
    ({ name, spec, context, clusterProviders, part, teamGroupId, awaitingFoundations }, ctx) => {
      const add = (problems: readonly Problem[], prefix: (string | number)[]) =>
        problems.forEach((p) => ctx.addIssue({ code: "custom", path: [...prefix, ...p.path], message: p.message }));
      // What each part creates needs its provider (onboarding-part.ts).
      const needs = (present: boolean, path: (string | number)[], message: string) =>
        present || ctx.addIssue({ code: "custom", path, message });
      if (createsFoundations(part)) {
        needs(
          context.registry.provider !== undefined,
          ["context", "registry", "provider"],
          `required for part '${part}' (the platform's Harbor provider)`,
        );
        needs(context.vault.provider !== undefined, ["context", "vault", "provider"], `required for part '${part}' (the Vault provider)`);
      }
      if (part !== "foundations")
        needs(teamGroupId !== undefined, ["teamGroupId"], `required for part '${part}' (TeamGroup.groupId of the app's team)`);
      if (part === "tenant" && !awaitingFoundations)
        needs(
          context.vault.provider !== undefined,
          ["context", "vault", "provider"],
          "required once the foundations exist (the tenant's scoped Vault token)",
        );
      // A preview's identity binds the app project's ID and its Harbor project needs the platform's rights:
      // both halves in one stack. Tenant-stack apps have no previews yet (docs/preview-environments.md).
      if (spec.previews.enabled && part !== "all")
        ctx.addIssue({
          code: "custom",
          path: ["spec", "previews", "enabled"],
          message: `previews need both halves of the app in one stack; not available for a tenant-stack app yet (part '${part}'): set it to false`,
        });
      if (awaitingFoundations && part !== "tenant")
        ctx.addIssue({
          code: "custom",
          path: ["awaitingFoundations"],
          message: `only the 'tenant' part waits for foundations (part is '${part}')`,
        });
      if (name !== spec.name)
        add([{ path: ["name"], message: `must be the component's name '${name}' (the app's URNs are named after it)` }], ["spec"]);
      add(
        environmentProblems(
          spec,
          context.environments.map((e) => e.name),
        ),
        ["spec"],
      );
      add(productionWindowProblems(spec, context.environments), ["spec"]);
      const delivery = {
        rollouts: context.rollouts !== undefined,
        metrics: context.monitoring?.queryUrl !== undefined,
        admission: context.admission !== undefined,
      };
      add(progressiveDeliveryProblems(spec, delivery), ["spec"]);
      add(previewProblems(spec, context.environments, delivery), ["spec"]);
      add(appNameProblems(spec), ["spec"]);
      add(backingServiceProblems(spec, context.environments), ["spec"]);
      if (spec.services.postgres !== undefined && context.backingServices?.postgres === undefined)
        add(
          [
            {
              path: ["services", "postgres"],
              message: "the platform runs no CloudNativePG: enable services.cloudnativePg (context.backingServices.postgres)",
            },
          ],
          ["spec"],
        );
      if (spec.services.cache !== undefined && context.backingServices?.cache === undefined)
        add(
          [{ path: ["services", "cache"], message: "caches need cert-manager's internal issuer (context.backingServices.cache)" }],
          ["spec"],
        );
      const caches = context.registry.proxyCacheProjects;
      add(
        appCollisionProblems([spec], {
          environments: context.environments,
          gitlabParentGroup: context.gitlab.parentGroupPath,
          registryHost: context.registry.host,
          domain: context.domain,
          platformNamespaces: [
            context.ingress.namespace,
            context.argocd.namespace,
            context.monitoring?.namespace,
            context.backup?.namespace,
          ].filter((ns): ns is string => ns !== undefined),
          // Known only when the map is a plain value; the platform's Output is checked by Harbor itself (names are unique).
          platformHarborProjects: pulumi.Output.isInstance(caches) || caches instanceof Promise ? [] : Object.values(caches),
        }).map(({ problem }) => problem),
        ["spec"],
      );
      const registered = new Set([IN_CLUSTER, ...context.argocd.clusterNames]);
      for (const env of spec.environments) {
        const environment = context.environments.find((e) => e.name === env);
        if (environment === undefined || environment.cluster === IN_CLUSTER) continue;
        if (!registered.has(environment.cluster))
          ctx.addIssue({
            code: "custom",
            path: ["context", "environments", context.environments.indexOf(environment), "cluster"],
            message: `'${environment.cluster}' is not a registered Argo CD cluster (registered: ${[...registered].join(", ")})`,
          });
        if (clusterProviders?.[environment.cluster] === undefined)
          ctx.addIssue({
            code: "custom",
            path: ["clusterProviders", environment.cluster],
            message: `environment '${env}' runs on cluster '${environment.cluster}': pass a Kubernetes provider for that cluster`,
          });
        if (context.clusters?.[environment.cluster] === undefined)
          ctx.addIssue({
            code: "custom",
            path: ["context", "clusters", environment.cluster],
            message: `environment '${env}' runs on cluster '${environment.cluster}': describe what the platform runs there (its Vault Kubernetes auth mount and releases; WorkloadCluster.onboarding)`,
          });
      }
    },
    // Also when other args have structural problems, so that one call reports everything it can:
    // the rules read only the spec and the context's environments, clusters and names.
    { when: ({ issues }) => issues.every((issue) => !crossFieldInputs(issue.path ?? [])) },
  );

/** Whether a path is one the cross-field rules read (then they cannot run on it). */
function crossFieldInputs(path: readonly PropertyKey[]): boolean {
  const [top, second] = path;
  return (
    top === "spec" ||
    (top === "context" && ["environments", "argocd", "ingress", "monitoring", "backup", "clusters"].includes(String(second)))
  );
}
