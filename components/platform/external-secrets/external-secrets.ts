import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PROFILES } from "../../shared/profiles";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { parseComponentArgs } from "../../validation/issues";
import type { PlatformContext } from "../platform-context";
import { allSecret } from "../service-settings";
import { EXTERNAL_SECRETS_CHART, EXTERNAL_SECRETS_RELEASE, EXTERNAL_SECRETS_SERVICE_ACCOUNT } from "./chart";
import { VAULT_STORE_NAME, vaultStoreSpec } from "./cluster-secret-store";
import { externalSecretsMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { EXTERNAL_SECRETS_SERVICE } from "./service";
import { externalSecretsSettings, type ExternalSecretsSettingsInput } from "./settings";
import { externalSecretsValues } from "./values";

export interface ExternalSecretsArgs {
  context: PlatformContext;
  /** In-cluster URL of Vault, e.g. http://vault.vault.svc:8200. */
  vaultAddress: pulumi.Input<string>;
  /** Mount path of the KV v2 engine the store reads, e.g. "secret". */
  kvMountPath: pulumi.Input<string>;
  /** Mount path of Vault's Kubernetes auth method, e.g. "kubernetes". */
  kubernetesAuthMountPath: pulumi.Input<string>;
  /** Vault role bound to this operator's service account (see `serviceAccountName`). */
  role: pulumi.Input<string>;
  /**
   * Namespaces whose ExternalSecrets may use the `vault` ClusterSecretStore (`spec.conditions`):
   * the platform's service namespaces. App namespaces use their own SecretStores and Vault roles.
   */
  consumerNamespaces: string[];
  /** Audiences of the token ESO presents; must match the Vault role's `audience`. Default ["vault"]. */
  audiences?: string[];
  /** When Vault serves https with a private CA: the Secret key holding that CA. */
  vaultCaSecret?: { name: pulumi.Input<string>; namespace: pulumi.Input<string>; key: string };
  /** The CA certificate (PEM) Vault's https listener is verified against; required for an https `vaultAddress`. */
  vaultCaCertificate?: pulumi.Input<string>;
  /** `services.externalSecrets`; omitted fields take the profile's defaults. */
  settings?: ExternalSecretsSettingsInput;
}

/** A plain string checked by `check`, or a Pulumi Output (checked when it resolves, by Vault). */
const inputString = (check: (value: string) => boolean, message: string) =>
  z.custom<pulumi.Input<string>>((value) => pulumi.Output.isInstance(value) || (typeof value === "string" && check(value)), { message });

const VAULT_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const vaultPath = inputString((v) => VAULT_PATH.test(v), "must be a Vault path such as 'secret' (no leading or trailing '/')");
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const isHttpUrl = (value: string) => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const argsSchema = z.object({
  context: z.looseObject({ profile: z.enum(PROFILES) }),
  vaultAddress: inputString(isHttpUrl, "must be an http(s) URL such as http://vault.vault.svc:8200"),
  kvMountPath: vaultPath,
  kubernetesAuthMountPath: vaultPath,
  role: inputString((v) => /^[A-Za-z0-9_.-]+$/.test(v), "must be a Vault role name (letters, digits, '_', '-', '.')"),
  audiences: z.array(z.string().min(1, "must not be empty")).min(1, "must list at least one audience").default(["vault"]),
  consumerNamespaces: z
    .array(z.string().max(63).regex(DNS_LABEL, "must be a namespace name (DNS-1123 label)"))
    .min(1, "must list at least one namespace: a store without conditions serves every namespace")
    .refine((names) => new Set(names).size === names.length, { message: "must not list a namespace twice" }),
  vaultCaSecret: z
    .strictObject({
      name: z.custom<pulumi.Input<string>>((v) => v !== undefined && v !== ""),
      namespace: z.custom<pulumi.Input<string>>((v) => v !== undefined && v !== ""),
      key: z.string().min(1, "must not be empty"),
    })
    .optional(),
  vaultCaCertificate: z
    .custom<pulumi.Input<string>>((v) => v === undefined || typeof v === "string" || pulumi.Output.isInstance(v))
    .optional(),
  settings: externalSecretsSettings(allSecret),
});

/**
 * External Secrets Operator with its CRDs, and the `vault` ClusterSecretStore:
 * Vault's KV v2 engine, authenticated with the operator's own service account
 * token through Vault's Kubernetes auth method (no static Vault token), and
 * usable from the platform's service namespaces only.
 */
export class ExternalSecrets extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** Name of the ClusterSecretStore ExternalSecrets reference (`secretStoreRef.kind: ClusterSecretStore`). */
  public readonly storeName: pulumi.Output<string>;
  /** The operator's service account; the Vault role must bind to it (`bound_service_account_names`). */
  public readonly serviceAccountName: pulumi.Output<string>;
  /** Namespace of that service account (`bound_service_account_namespaces`). */
  public readonly serviceAccountNamespace: pulumi.Output<string>;
  /** The release that installs the external-secrets.io CRDs: ExternalSecrets elsewhere depend on it. */
  public readonly release: k8s.helm.v3.Release;
  /** The metrics Services of controller, webhook and cert-controller, ready to pass on as scrape targets. */
  public readonly metrics: MetricsEndpoint[];

  constructor(name: string, args: ExternalSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    const parsed = parseComponentArgs("ExternalSecrets", argsSchema, args);
    super("delivery-platform:platform:ExternalSecrets", name, {}, opts);

    const ns = namespace(
      `${name}-namespace`,
      {
        name: EXTERNAL_SECRETS_SERVICE.namespace,
        podSecurity: "restricted",
        labels: { "platform.delivery/service": EXTERNAL_SECRETS_SERVICE.namespace, "platform.delivery/profile": parsed.context.profile },
      },
      { parent: this },
    );
    this.namespace = ns.metadata.name;

    this.release = pinnedRelease(
      `${name}-release`,
      {
        pin: EXTERNAL_SECRETS_CHART,
        versionOverride: parsed.settings.chartVersion,
        releaseName: EXTERNAL_SECRETS_RELEASE,
        namespace: this.namespace,
        values: externalSecretsValues(args.context, parsed.settings),
        overrides: parsed.settings.values,
      },
      { parent: this },
    );

    const store = new k8s.apiextensions.CustomResource(
      `${name}-vault-store`,
      {
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterSecretStore",
        metadata: { name: VAULT_STORE_NAME },
        spec: vaultStoreSpec({
          vaultAddress: args.vaultAddress,
          kvMountPath: args.kvMountPath,
          kubernetesAuthMountPath: args.kubernetesAuthMountPath,
          role: args.role,
          serviceAccount: { name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: this.namespace },
          audiences: parsed.audiences,
          consumerNamespaces: parsed.consumerNamespaces,
          caSecret: args.vaultCaSecret,
          caCertificate: args.vaultCaCertificate,
        }),
      },
      { parent: this, dependsOn: [this.release] },
    );

    this.storeName = store.metadata.name;
    this.serviceAccountName = pulumi.output(EXTERNAL_SECRETS_SERVICE_ACCOUNT);
    this.serviceAccountNamespace = this.namespace;
    this.metrics = externalSecretsMetricsEndpoints(this.namespace);

    this.registerOutputs({
      namespace: this.namespace,
      storeName: this.storeName,
      serviceAccountName: this.serviceAccountName,
      serviceAccountNamespace: this.serviceAccountNamespace,
      metrics: this.metrics,
    });
  }
}
