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
    /** Argo Rollouts objects of a canary or blue-green app (progressive-delivery-spec.ts), in each namespace. */
    rollout: { rollout: string; analysisTemplate: string; blueGreenPreviewService: string };
  };
  /** Preview environments per merge request (preview-spec.ts); derived whether or not the app enables them. */
  previews: PreviewNames;
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
  velero: {
    schedule: string;
    /**
     * Scratch namespace a restore drill restores each environment's backup into (`<app>-drill-<env>`):
     * `drill` is a reserved word, so it is never another app's namespace, and the admission policy
     * drill-restores-confined lets a drill's Restore map only into namespaces with that word.
     */
    drillNamespaces: Readonly<Record<string, string>>;
  };
  ci: { resourceGroups: Readonly<Record<string, string>> };
  /** Backing services (backing-services/): objects in the app's own namespaces, so only the drill namespaces are claimed. */
  backingServices: {
    postgres: {
      /** The CloudNativePG Cluster; the operator derives `<cluster>-app` (credentials), `<cluster>-ca`, `<cluster>-rw|ro|r` from it. */
      cluster: string;
      appSecret: string;
      caSecret: string;
      readWriteService: string;
      /** The Barman Cloud ObjectStore and the ScheduledBackup. */
      objectStore: string;
      scheduledBackup: string;
      /** The Secret with the bucket credentials (an ExternalSecret fills it) and its KV path per environment. */
      backupCredentials: string;
      backupCredentialPaths: Readonly<Record<string, string>>;
      /** The database's prefix in the backup bucket per environment: its credentials reach nothing else. */
      backupPrefixes: Readonly<Record<string, string>>;
      /** Scratch namespace of a recovery drill of one environment's database (`drill` is a reserved word). */
      drillNamespaces: Readonly<Record<string, string>>;
    };
    cache: {
      /** Helm release, fullnameOverride and Service of Valkey. */
      release: string;
      usersSecret: string;
      tlsSecret: string;
    };
  };
}

/**
 * The names of an app's preview environments. Every one contains the reserved word `preview`
 * (RESERVED_NAME_WORDS), which no app or environment name may contain, so none can equal a name
 * of another app or environment.
 */
export interface PreviewNames {
  /** `<app>-preview-`: the namespace of merge request 7 is `<app>-preview-7`. */
  namespacePrefix: string;
  /** The ApplicationSet (one per app) that creates an Application per open merge request. */
  applicationSet: string;
  /** The AppProject the preview Applications belong to: destinations `<app>-preview-*` only. */
  argocdProject: string;
  /** The preview Harbor project: unsigned merge-request images, never admitted outside preview namespaces. */
  registryProject: string;
  /** `<registry host>/<app>-preview/<app>`. */
  registryRepository: string;
  /** Vault JWT role and policy of the push-only preview identity (same-project merge-request pipelines). */
  ciAccess: string;
  /** KV secret (in the CI folder) holding the preview push robot, readable only by `ciAccess`. */
  ciSecretPath: string;
  /** Kyverno policies: unsigned preview images admitted only in preview namespaces; quota and TTL of each preview namespace. */
  imagePolicy: string;
  namespacePolicy: string;
  /** Secret (Argo CD's namespace) with the token the generator lists merge requests with; also the token's name. */
  generatorToken: string;
  /** Secret (Kyverno's namespace) holding the preview pull robot, cloned into each preview namespace. */
  pullSecretSource: string;
  /** VMRule alerting before the preview robots expire. */
  robotAlerts: string;
  /** The host of merge request <IID>: `<app>-preview-<IID>.<domain>` (template with `{{.number}}`). */
  hostTemplate: string;
}

/** The namespace of one merge request's preview. */
export const previewNamespace = (stable: string, mergeRequestIid: number | string): string => `${stable}-preview-${mergeRequestIid}`;

/** The original name of an app: physical names are derived from it. */
export const stableAppName = (identity: Pick<AppIdentity, "name" | "formerNames">): string => identity.formerNames[0] ?? identity.name;

/** The team's GitLab group under the platform's parent group (TeamGroup creates it). */
export const teamGroupPath = (gitlabParentGroup: string, team: string): string => `${gitlabParentGroup}/${team}`;

/** Namespace of an app in one environment. */
export const appNamespace = (stable: string, environment: string): string => `${stable}-${environment}`;

const perEnvironment = (environments: readonly string[], name: (environment: string) => string): Record<string, string> =>
  Object.fromEntries(environments.map((environment) => [environment, name(environment)]));

/** The scratch namespace a restore drill restores an app environment's backup into. */
export const drillNamespace = (stable: string, environment: string): string => `${stable}-drill-${environment}`;

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
      rollout: { rollout: stable, analysisTemplate: `${stable}-release-analysis`, blueGreenPreviewService: `${stable}-next` },
    },
    previews: {
      namespacePrefix: previewNamespace(stable, ""),
      applicationSet: `${stable}-preview`,
      argocdProject: `${stable}-preview`,
      registryProject: `${stable}-preview`,
      registryRepository: `${platform.registryHost}/${stable}-preview/${stable}`,
      ciAccess: `${ciBase}.preview`,
      ciSecretPath: `${kvBase}/${CI_FOLDER}/preview-registry`,
      imagePolicy: `preview-images-${stable}`,
      namespacePolicy: `preview-namespaces-${stable}`,
      generatorToken: `${stable}-preview-gitlab`,
      pullSecretSource: `${stable}-preview-registry`,
      robotAlerts: `${stable}-preview-registry-robots`,
      hostTemplate: `${previewNamespace(stable, "{{.number}}")}.${platform.domain}`,
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
    velero: { schedule: `app-${stable}`, drillNamespaces: perEnvironment(environments, (env) => drillNamespace(stable, env)) },
    ci: { resourceGroups: perEnvironment(environments, (env) => `gitops-${stable}-${env}`) },
    backingServices: {
      postgres: {
        cluster: `${stable}-db`,
        appSecret: `${stable}-db-app`,
        caSecret: `${stable}-db-ca`,
        readWriteService: `${stable}-db-rw`,
        objectStore: `${stable}-db-backup`,
        scheduledBackup: `${stable}-db`,
        backupCredentials: `${stable}-db-backup-s3`,
        backupCredentialPaths: perEnvironment(environments, (env) => `${kvBase}/${env}/postgres-backup`),
        backupPrefixes: perEnvironment(environments, (env) => `postgres/${stable}/${env}`),
        drillNamespaces: perEnvironment(environments, (env) => `${stable}-drill-${env}`),
      },
      cache: { release: `${stable}-cache`, usersSecret: `${stable}-cache-users`, tlsSecret: `${stable}-cache-tls` },
    },
  };
}
