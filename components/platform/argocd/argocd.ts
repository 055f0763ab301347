import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { parseComponentArgs } from "../../validation/issues";
import { hostFor } from "../platform-context";
import { argoCdArgsSchema, type ArgoCdArgs } from "./args";
import { ARGOCD_CHART, ARGOCD_RELEASE } from "./chart";
import { clusterConfigJson, clusterSecretName } from "./clusters";
import { IN_CLUSTER } from "./destinations";
import { argocdMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { NOTIFICATIONS_SECRET, notificationSecretData } from "./notifications";
import { ARGOCD_SERVICE } from "./service";
import type { ArgoCdCluster } from "./settings";
import { argocdValues, localAdminEnabled } from "./values";

/** Secret holding the OIDC client secret; Argo CD only reads Secrets labelled part-of: argocd. */
export const OIDC_SECRET = { name: "argocd-oidc", key: "clientSecret" } as const;

/** Created by argocd-server on first start when no admin password is set. */
const INITIAL_ADMIN_SECRET = { name: "argocd-initial-admin-secret", key: "password" } as const;

const PART_OF_ARGOCD = { "app.kubernetes.io/part-of": "argocd" };

/** Argo CD (argo-cd chart) with SSO, RBAC, declaratively registered clusters and notifications. */
export class ArgoCd extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** External URL of the UI and API. */
  public readonly url: string;
  /** Cluster names usable as Application destinations (see `destinationFor`). */
  public readonly clusterNames: readonly string[];
  /** The Helm release; AppProjects and Applications must `dependsOn` it (it installs their CRDs). */
  public readonly release: k8s.helm.v3.Release;
  /** Where the generated admin password lives, while the local admin is enabled. */
  public readonly adminSecret: pulumi.Output<{ name: string; key: string } | undefined>;
  /** Metrics Services to scrape (no ServiceMonitors are created here). */
  public readonly metrics: MetricsEndpoint[];

  constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
    const { context, settings, syncEventUrls } = parseComponentArgs("ArgoCd", argoCdArgsSchema, args);
    super("delivery-platform:platform:ArgoCd", name, {}, opts);

    const ns = namespace(
      `${name}-namespace`,
      { name: ARGOCD_SERVICE.namespace, podSecurity: "restricted", labels: { "platform.delivery/service": ARGOCD_SERVICE.namespace } },
      { parent: this },
    );

    const oidcSecret = settings.oidc
      ? new k8s.core.v1.Secret(
          `${name}-oidc`,
          {
            metadata: { name: OIDC_SECRET.name, namespace: ns.metadata.name, labels: PART_OF_ARGOCD },
            type: "Opaque",
            stringData: { [OIDC_SECRET.key]: pulumi.secret(settings.oidc.clientSecret) },
          },
          { parent: this },
        )
      : undefined;

    const notificationsSecret = new k8s.core.v1.Secret(
      `${name}-notifications`,
      {
        metadata: { name: NOTIFICATIONS_SECRET, namespace: ns.metadata.name, labels: PART_OF_ARGOCD },
        type: "Opaque",
        stringData: pulumi.secret(notificationSecretData(settings.notifications)),
      },
      { parent: this },
    );

    // Cluster Secrets need only the namespace: Argo CD discovers them by label whenever it starts.
    for (const cluster of settings.clusters) this.clusterSecret(name, cluster, ns.metadata.name);

    // The server and notifications controller resolve `$…` references at start, so their Secrets come first.
    this.release = pinnedRelease(
      `${name}-release`,
      {
        pin: ARGOCD_CHART,
        versionOverride: settings.chartVersion,
        releaseName: ARGOCD_RELEASE,
        namespace: ns.metadata.name,
        values: argocdValues(context, settings, {
          ...(syncEventUrls ? { syncEventUrls } : {}),
          oidcClientSecretRef: settings.oidc ? `$${OIDC_SECRET.name}:${OIDC_SECRET.key}` : undefined,
        }),
        overrides: settings.values,
      },
      { parent: this, dependsOn: [notificationsSecret, ...(oidcSecret ? [oidcSecret] : [])] },
    );

    this.namespace = ns.metadata.name;
    this.url = `https://${hostFor(context, "argocd")}`;
    this.clusterNames = [IN_CLUSTER, ...settings.clusters.map((c) => c.name)];
    this.adminSecret = pulumi.secret(localAdminEnabled(context, settings) ? { ...INITIAL_ADMIN_SECRET } : undefined);
    this.metrics = argocdMetricsEndpoints(this.namespace, ARGOCD_RELEASE);

    this.registerOutputs({
      namespace: this.namespace,
      url: this.url,
      clusterNames: this.clusterNames,
      adminSecret: this.adminSecret,
      metrics: this.metrics,
    });
  }

  /** A declarative cluster registration, found by Argo CD through its secret-type label. */
  private clusterSecret(name: string, cluster: ArgoCdCluster, ns: pulumi.Output<string>): k8s.core.v1.Secret {
    const config = pulumi.secret(cluster.bearerToken).apply((bearerToken) => clusterConfigJson(cluster, bearerToken));
    return new k8s.core.v1.Secret(
      `${name}-cluster-${cluster.name}`,
      {
        metadata: {
          name: clusterSecretName(cluster),
          namespace: ns,
          labels: { ...PART_OF_ARGOCD, "argocd.argoproj.io/secret-type": "cluster" },
        },
        type: "Opaque",
        stringData: { name: cluster.name, server: cluster.server, config: pulumi.secret(config) },
      },
      { parent: this },
    );
  }
}
