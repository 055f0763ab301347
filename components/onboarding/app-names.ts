/**
 * Every physical name an app gets, derived in one place (after argocd-autopilot's `store.Default`):
 * AppOnboarding computes `appNames(...)` once and hands it to each part; no part builds an
 * app-derived name itself. `physicalNameClaims` lists the same names for the collision check
 * (app-name-collisions.ts) and `PHYSICAL_NAME_KINDS` records, per kind, whether a change forces a
 * replacement.
 *
 * Renames. `name` is the app's name in the config and its Pulumi identity: component and child URNs
 * follow it, and `formerNames` become aliases. Physical names do not follow a rename: they are
 * derived from the app's *original* name (the first entry of `formerNames`, or `name` if it was
 * never renamed), because nearly every one of them forces the replacement of something protected
 * or stateful (a namespace with its volumes, KV data, the signing key, the Harbor project). A
 * rename is therefore a relabel: no resource is replaced. Descriptions and commit messages, which
 * update in place, use the current name.
 */

import type { CiPurpose, CiSecret } from "./ci-purposes";

/** KV folder of an app's CI secrets; an environment of that name would share it. */
export const CI_FOLDER = "ci";
/** The secret ESO syncs into the `<app>-config` Kubernetes Secret of each environment. */
export const CONFIG_SECRET = "config";

/**
 * Words later features put into names, with what they will name. No app or environment name may
 * contain one as a '-'-separated word, so `<app>-<word>-…` can never equal another app's
 * `<app'>-<environment>`: the words of `a-b` are those of `a` followed by those of `b`.
 */
export const RESERVED_NAME_WORDS: Readonly<Record<string, string>> = {
  preview: "preview environments per merge request (namespace <app>-preview-<merge request IID>)",
  drill: "restore drills (scratch namespaces <app>-drill-…)",
};

/** What names are derived from. */
export interface AppIdentity {
  name: string;
  team: string;
  /** Earlier names, oldest first. */
  formerNames: readonly string[];
  environments: readonly string[];
  /** Identity-provider groups; default `<team>-developers` / `<team>-maintainers`. */
  access?: { developers?: string; maintainers?: string };
}

/** Platform facts some names include. */
export interface NamingPlatform {
  /** Full path of the GitLab group under which team groups are created. */
  gitlabParentGroup: string;
  /** Registry host without scheme. */
  registryHost: string;
  /** Base DNS domain; platform services answer on `<service>.<domain>`. */
  domain: string;
}

export interface AppNames {
  /** The app's current name: its Pulumi identity, labels for humans (descriptions, commit titles). */
  app: string;
  /** The name every physical name is derived from (see the header). */
  stable: string;
  team: string;
  /** Pulumi names this app holds: its name and, through aliases, every former name. */
  pulumiNames: readonly string[];
  environments: readonly string[];
  labels: { app: Record<string, string>; selector: Record<string, string> };
  groups: { developers: string; maintainers: string };
  kubernetes: {
    namespaces: Readonly<Record<string, string>>;
    /** The app's ServiceAccount, the same in every namespace; Vault's Kubernetes auth binds to it. */
    serviceAccount: string;
    imagePullSecret: string;
    /** The Kubernetes Secret ESO writes (also the ExternalSecret's name). */
    configSecret: string;
    secretStore: string;
    /** Deployment, Service, PodDisruptionBudget and container of the generated workload. */
    workload: string;
    /** VMServiceScrape and VMRule in each namespace. */
    monitoring: string;
    /** The cluster-scoped Kyverno ImageValidatingPolicy. */
    imagePolicy: string;
  };
  /**
   * The host each environment may expose: `<app>-<environment>.<domain>`, plus any subdomain of it
   * (`api.shop-prod.example.com`, `*.shop-prod.example.com`). One DNS label under the platform's
   * domain per environment: a dev namespace can never claim the production host, and the platform's
   * own hosts (`<service>.<domain>`) are single labels no app host can equal (collision check).
   * The namespace carries it as an annotation, which the exposure guardrails read at admission.
   */
  ingress: { hosts: Readonly<Record<string, string>> };
  registry: {
    project: string;
    /** `<registry host>/<project>/<app>`. */
    repository: string;
    /**
     * VMRule (in the platform's monitoring namespace) that alerts before the app's robots expire;
     * unique with the Harbor project, from the same name.
     */
    robotAlerts: string;
  };
  gitlab: {
    teamGroupPath: string;
    project: string;
    projectPath: string;
    configRepo: string;
    configRepoPath: string;
    /** The config repository's project access token for the pipeline's digest bumps. */
    writerToken: string;
  };
  /**
   * KV v2 layout, relative to the platform's KV mount (`secret` by default):
   *   apps/<team>/<app>/<env>/*   runtime secrets of one environment; ESO syncs `<env>/config`
   *   apps/<team>/<app>/ci/*      secrets of the app's CI pipeline, each readable by the purposes that need it
   * The API form inserts `data/` (values) or `metadata/` (listing, versions) after the mount:
   * `secret/data/apps/web/shop/dev/config`; the `vault kv` CLI takes `secret/apps/web/shop/dev/config`.
   */
  vault: {
    /** KV folders, relative to the mount. */
    environmentPaths: Readonly<Record<string, string>>;
    configSecretPaths: Readonly<Record<string, string>>;
    ciPath: string;
    ciSecretPaths: Readonly<Record<CiSecret, string>>;
    /** Name of each environment's policy and of the Kubernetes auth role that grants it. */
    environmentAccess: Readonly<Record<string, string>>;
    /** Name of each CI purpose's policy and of the JWT auth role that grants it (ci-purposes.ts). */
    ciAccess: Readonly<Record<CiPurpose, string>>;
    transitKey: string;
  };
  argocd: {
    project: string;
    applications: Readonly<Record<string, string>>;
    repositorySecret: string;
  };
  velero: { schedule: string };
  ci: { resourceGroups: Readonly<Record<string, string>> };
}

/** The original name of an app: physical names are derived from it. */
export const stableAppName = (identity: Pick<AppIdentity, "name" | "formerNames">): string => identity.formerNames[0] ?? identity.name;

/** The team's GitLab group under the platform's parent group (TeamGroup creates it). */
export const teamGroupPath = (gitlabParentGroup: string, team: string): string => `${gitlabParentGroup}/${team}`;

/** Namespace of an app in one environment. */
export const appNamespace = (stable: string, environment: string): string => `${stable}-${environment}`;

const perEnvironment = (environments: readonly string[], name: (environment: string) => string): Record<string, string> =>
  Object.fromEntries(environments.map((environment) => [environment, name(environment)]));

/** The host (and, below it, the subdomains) an app may expose in one environment. */
export const appHost = (stable: string, environment: string, domain: string): string => `${stable}-${environment}.${domain}`;

/**
 * The name of one of an app's admission policies that covers only some of its environments, with
 * other validation actions (`verify-images-shop.audit`): per-environment enforcement splits the
 * image policy (policies/kyverno/admission-actions.ts). '.' is in no app, environment or guardrail
 * name, so a variant never equals another app's base name.
 */
export const admissionVariantName = (baseName: string, variant: string): string => `${baseName}.${variant}`;

/**
 * Teams, apps and environments are DNS labels, which never contain '.' or '/': joining them with
 * '.' (Vault role and policy names) or '/' (KV paths) keeps names unique, where '-' would not
 * (team "a-b" + app "c" vs team "a" + app "b-c").
 */
export function appNames(identity: AppIdentity, platform: NamingPlatform): AppNames {
  const stable = stableAppName(identity);
  const { team, environments } = identity;
  const kvBase = `apps/${team}/${stable}`;
  const groupPath = teamGroupPath(platform.gitlabParentGroup, team);
  const configRepo = `${stable}-${CONFIG_SECRET}`;
  const ciBase = `ci.${team}.${stable}`;
  return {
    app: identity.name,
    stable,
    team,
    pulumiNames: [identity.name, ...identity.formerNames],
    environments: [...environments],
    labels: {
      app: { "platform.delivery/team": team, "platform.delivery/app": stable, "app.kubernetes.io/part-of": stable },
      selector: { "app.kubernetes.io/name": stable },
    },
    groups: {
      developers: identity.access?.developers ?? `${team}-developers`,
      maintainers: identity.access?.maintainers ?? `${team}-maintainers`,
    },
    kubernetes: {
      namespaces: perEnvironment(environments, (env) => appNamespace(stable, env)),
      serviceAccount: stable,
      imagePullSecret: `${stable}-registry`,
      configSecret: `${stable}-${CONFIG_SECRET}`,
      secretStore: `${stable}-vault`,
      workload: stable,
      monitoring: stable,
      imagePolicy: `verify-images-${stable}`,
    },
    ingress: { hosts: perEnvironment(environments, (env) => appHost(stable, env, platform.domain)) },
    registry: { project: stable, repository: `${platform.registryHost}/${stable}/${stable}`, robotAlerts: `${stable}-registry-robots` },
    gitlab: {
      teamGroupPath: groupPath,
      project: stable,
      projectPath: `${groupPath}/${stable}`,
      configRepo,
      configRepoPath: `${groupPath}/${configRepo}`,
      writerToken: `${stable}-gitops-writer`,
    },
    vault: {
      environmentPaths: perEnvironment(environments, (env) => `${kvBase}/${env}`),
      configSecretPaths: perEnvironment(environments, (env) => `${kvBase}/${env}/${CONFIG_SECRET}`),
      ciPath: `${kvBase}/${CI_FOLDER}`,
      ciSecretPaths: {
        registry: `${kvBase}/${CI_FOLDER}/registry`,
        gitops: `${kvBase}/${CI_FOLDER}/gitops`,
        review: `${kvBase}/${CI_FOLDER}/review`,
      },
      environmentAccess: perEnvironment(environments, (env) => `app.${team}.${stable}.${env}`),
      ciAccess: { build: `${ciBase}.build`, sign: `${ciBase}.sign`, deploy: `${ciBase}.deploy` },
      transitKey: stable,
    },
    argocd: {
      project: stable,
      applications: perEnvironment(environments, (env) => `${stable}-${env}`),
      repositorySecret: `repo-${stable}`,
    },
    velero: { schedule: `app-${stable}` },
    ci: { resourceGroups: perEnvironment(environments, (env) => `gitops-${stable}-${env}`) },
  };
}
