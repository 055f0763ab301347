import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { pinnedRelease } from "../kubernetes/helm-release";
import { VALKEY_CHART } from "../platform/cloudnative-pg/chart";
import type { AppNames } from "./app-names";
import type { AppSpec } from "./app-spec";
import {
  BACKUP_CREDENTIAL_KEYS,
  postgresCluster,
  postgresObjectStore,
  postgresScheduledBackup,
  type PostgresPlatform,
} from "./backing-services/postgres-manifests";
import { runsIn } from "./backing-services/sizing";
import { valkeyValues } from "./backing-services/valkey-values";
import type { EnvironmentCluster } from "./environment-clusters";
import type { OnboardingContext } from "./onboarding-context";
import { postgresNetworkPolicies } from "./tenancy/backing-service-network-policies";
import { environmentLabels } from "./tenancy/labels";

/** Upstream registry -> image path, for images pulled through the platform registry's proxy caches. */
function throughProxy(image: string, host: string, proxies: Record<string, string>): string {
  const [registry, ...rest] = image.split("/");
  const project = proxies[registry!];
  if (project === undefined)
    throw new Error(`no proxy cache for ${registry}: the platform registry proxies ${Object.keys(proxies).join(", ")}`);
  return `${host}/${project}/${rest.join("/")}`;
}

/** The Valkey image: the chart's appVersion from Docker Hub (docker.io/valkey/valkey), through the proxy cache. */
const VALKEY_IMAGE = { upstream: "docker.io", repository: "valkey/valkey", tag: VALKEY_CHART.evidence.appVersion };

export interface AppBackingServicesArgs {
  spec: AppSpec;
  names: AppNames;
  context: OnboardingContext;
  namespaces: Record<string, pulumi.Output<string>>;
  clusters: Record<string, EnvironmentCluster>;
  /** The app's SecretStore per namespace exists once AppSecrets is created: the bucket credentials' ExternalSecret reads through it. */
  secrets: pulumi.Resource;
}

/**
 * The app's backing services in each environment that has them, in the app's namespace (its
 * quota, its network policies): a CloudNativePG Cluster archiving WAL and taking scheduled base
 * backups through the Barman Cloud plugin into the database's own bucket prefix (credentials from
 * Vault by External Secrets), and a Valkey release with ACL auth and TLS. Production databases are
 * protected: deleting one is data loss. Boundary checks (AppOnboarding, stack config) ensured the
 * platform provides what the spec asks for.
 */
export class AppBackingServices extends pulumi.ComponentResource {
  /** CloudNativePG Cluster names per environment. */
  public readonly databases: Record<string, string> = {};
  /** Valkey Service names per environment. */
  public readonly caches: Record<string, string> = {};

  constructor(name: string, args: AppBackingServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:onboarding:AppBackingServices", name, {}, opts);
    const { spec, names, context, namespaces, clusters } = args;
    const backing = context.backingServices;
    const proxies = pulumi.output(context.registry.proxyCacheProjects);

    for (const env of spec.environments) {
      const environment = context.environments.find((e) => e.name === env)!;
      const { provider } = clusters[env]!;
      const namespace = namespaces[env]!;
      const labels = environmentLabels(names, env);
      const prefix = `${name}-${env}`;
      const child: pulumi.CustomResourceOptions = { parent: this, provider };

      const postgres = runsIn(spec.services.postgres, env) ? spec.services.postgres : undefined;
      if (postgres && backing?.postgres) {
        const platform = backing.postgres;
        const pg = names.backingServices.postgres;
        const target = pulumi.all([namespace, proxies]).apply(([ns, proxyMap]) => ({
          namespace: ns,
          platform: {
            imageName: throughProxy(platform.image, context.registry.host, proxyMap),
            backup: { bucket: platform.backup.bucket, endpointURL: platform.backup.endpointURL },
          } satisfies PostgresPlatform,
        }));
        const manifestTarget = (ns: string) => ({ names, environment, namespace: ns, labels });

        // The bucket credentials reach only this database's prefix; whoever runs the store writes them to Vault.
        const credentials = new k8s.apiextensions.CustomResource(
          `${prefix}-db-backup-credentials`,
          {
            apiVersion: "external-secrets.io/v1",
            kind: "ExternalSecret",
            metadata: { name: pg.backupCredentials, namespace, labels },
            spec: {
              refreshInterval: "1h",
              secretStoreRef: { kind: "SecretStore", name: names.kubernetes.secretStore },
              target: { name: pg.backupCredentials, creationPolicy: "Owner" },
              data: [
                {
                  secretKey: BACKUP_CREDENTIAL_KEYS.accessKeyId,
                  remoteRef: { key: pg.backupCredentialPaths[env]!, property: "accessKeyId" },
                },
                {
                  secretKey: BACKUP_CREDENTIAL_KEYS.secretAccessKey,
                  remoteRef: { key: pg.backupCredentialPaths[env]!, property: "secretAccessKey" },
                },
              ],
            },
          },
          { ...child, dependsOn: [args.secrets, ...(context.externalSecrets.release ? [context.externalSecrets.release] : [])] },
        );
        const objectStore = target.apply(({ namespace: ns, platform: p }) => postgresObjectStore(postgres, p, manifestTarget(ns)));
        const store = new k8s.apiextensions.CustomResource(
          `${prefix}-db-object-store`,
          {
            apiVersion: "barmancloud.cnpg.io/v1",
            kind: "ObjectStore",
            metadata: { name: pg.objectStore, namespace, labels },
            spec: objectStore.apply((m) => m.spec),
          },
          { ...child, dependsOn: [platform.crdRelease, platform.pluginCrdRelease, credentials], protect: environment.production },
        );
        const cluster = target.apply(({ namespace: ns, platform: p }) => postgresCluster(postgres, p, manifestTarget(ns)));
        const database = new k8s.apiextensions.CustomResource(
          `${prefix}-db`,
          {
            apiVersion: "postgresql.cnpg.io/v1",
            kind: "Cluster",
            metadata: cluster.apply((m) => m.metadata),
            spec: cluster.apply((m) => m.spec),
          },
          // Deleting a production Cluster deletes its volumes: `pulumi state unprotect` first, with a recent backup.
          { ...child, dependsOn: [platform.crdRelease, store], protect: environment.production },
        );
        new k8s.apiextensions.CustomResource(
          `${prefix}-db-scheduled-backup`,
          {
            apiVersion: "postgresql.cnpg.io/v1",
            kind: "ScheduledBackup",
            metadata: { name: pg.scheduledBackup, namespace, labels },
            spec: namespace.apply((ns) => postgresScheduledBackup(postgres, manifestTarget(ns)).spec),
          },
          { ...child, dependsOn: [platform.crdRelease, database] },
        );
        for (const policy of postgresNetworkPolicies({
          cluster: pg.cluster,
          operatorNamespace: platform.operatorNamespace,
          apiServer: platform.apiServer,
          store: platform.backup.egress,
        }))
          new k8s.networking.v1.NetworkPolicy(
            `${prefix}-${policy.name}`,
            { metadata: { name: policy.name, namespace, labels }, spec: policy.spec },
            child,
          );
        this.databases[env] = pg.cluster;
      }

      const cache = runsIn(spec.services.cache, env) ? spec.services.cache : undefined;
      if (cache && backing?.cache) {
        const valkey = names.backingServices.cache;
        // Replacing the password only restarts clients: the cache holds no data worth a protect.
        const password = new random.RandomPassword(`${prefix}-cache-password`, { length: 32, special: false }, { parent: this });
        const users = new k8s.core.v1.Secret(
          `${prefix}-cache-users`,
          {
            metadata: { name: valkey.usersSecret, namespace, labels },
            type: "Opaque",
            stringData: { default: pulumi.secret(password.result) },
          },
          child,
        );
        // Only the namespace's own Service names (guardrail app-ingress-hosts): clients connect to `<release>.<ns>.svc`.
        const serviceNames = namespace.apply((ns) => [
          `${valkey.release}.${ns}.svc`,
          `${valkey.release}.${ns}.svc.cluster.local`,
          // Replicas reach the primary through the headless Service's pod names (tls-replication).
          `*.${valkey.release}-headless.${ns}.svc.cluster.local`,
        ]);
        const certificate = new k8s.apiextensions.CustomResource(
          `${prefix}-cache-certificate`,
          {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: valkey.tlsSecret, namespace, labels },
            spec: {
              secretName: valkey.tlsSecret,
              issuerRef: { kind: "ClusterIssuer", name: backing.cache.issuer, group: "cert-manager.io" },
              dnsNames: serviceNames,
              duration: "2160h",
              renewBefore: "360h",
              privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            },
          },
          { ...child, dependsOn: [backing.cache.certManagerRelease] },
        );
        const image = proxies.apply((proxyMap) => ({
          registry: throughProxy(`${VALKEY_IMAGE.upstream}/x`, context.registry.host, proxyMap).slice(0, -2),
          repository: VALKEY_IMAGE.repository,
          tag: VALKEY_IMAGE.tag,
        }));
        pinnedRelease(
          `${prefix}-cache`,
          {
            pin: VALKEY_CHART,
            releaseName: valkey.release,
            namespace,
            values: image.apply((i) => ({
              ...valkeyValues(cache, names, i, environment.production),
              podLabels: labels,
              commonLabels: labels,
            })),
          },
          { ...child, dependsOn: [users, certificate] },
        );
        this.caches[env] = valkey.release;
      }
    }
    this.registerOutputs({ databases: this.databases, caches: this.caches });
  }
}
