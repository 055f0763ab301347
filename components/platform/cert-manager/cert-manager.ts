import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PROFILES } from "../../shared/profiles";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { parseComponentArgs } from "../../validation/issues";
import type { PlatformContext } from "../platform-context";
import { allSecret } from "../service-settings";
import { CERT_MANAGER_CHART, CERT_MANAGER_RELEASE } from "./chart";
import {
  acmeIssuerSpec,
  caIssuerSpec,
  PLATFORM_CA_SECRET,
  PLATFORM_CLUSTER_ISSUER,
  platformCaCertificateSpec,
  SELF_SIGNED_ISSUER,
  selfSignedIssuerSpec,
  type TlsIssuerConfig,
} from "./issuers";
import { internalCa } from "./internal-ca";
import { certManagerMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { CERT_MANAGER_SERVICE } from "./service";
import { certManagerSettings, type CertManagerSettingsInput } from "./settings";
import { certManagerValues } from "./values";

export { PLATFORM_CLUSTER_ISSUER } from "./issuers";

export interface CertManagerArgs {
  context: PlatformContext;
  /** The `tls` stack config: self-signed platform CA, or an ACME CA. */
  tls: TlsIssuerConfig;
  /** `services.certManager`; omitted fields take the profile's defaults. */
  settings?: CertManagerSettingsInput;
}

const argsSchema = z.object({
  context: z.looseObject({
    profile: z.enum(PROFILES),
    domain: z.string().min(1, "must not be empty"),
    ingressClassName: z.string().min(1, "must not be empty"),
  }),
  tls: z.discriminatedUnion("issuer", [
    z.strictObject({ issuer: z.literal("self-signed") }),
    z.strictObject({
      issuer: z.literal("acme"),
      email: z.email("must be an e-mail address"),
      server: z.url({ protocol: /^https$/, message: "must be an https ACME directory URL" }),
    }),
  ]),
  settings: certManagerSettings(allSecret),
});

/**
 * cert-manager with its CRDs, and the platform ClusterIssuer every ingress
 * names (`PLATFORM_CLUSTER_ISSUER`): a self-signed platform CA for local
 * clusters, or an ACME CA with HTTP-01 through the platform's ingress class.
 */
export class CertManager extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** Name of the platform ClusterIssuer (resolves once the issuer exists). */
  public readonly clusterIssuer: pulumi.Output<string>;
  /** The release that installs cert-manager's CRDs: cert-manager custom resources elsewhere depend on it. */
  public readonly release: k8s.helm.v3.Release;
  /** Self-signed mode only: the Secret whose `ca.crt` clients must trust. */
  public readonly caSecret?: { name: pulumi.Output<string>; namespace: pulumi.Output<string>; key: string };
  /** The metrics Services of controller, cainjector and webhook, ready to pass on as scrape targets. */
  public readonly metrics: MetricsEndpoint[];
  /** ClusterIssuer of cluster-internal services (Vault's listener), in every profile. */
  public readonly internalIssuer: pulumi.Output<string>;
  /** The internal CA certificate (PEM) that clients of those services trust. */
  public readonly internalCaCertificate: pulumi.Output<string>;

  constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    const parsed = parseComponentArgs("CertManager", argsSchema, args);
    super("delivery-platform:platform:CertManager", name, {}, opts);

    const ns = namespace(
      `${name}-namespace`,
      {
        name: CERT_MANAGER_SERVICE.namespace,
        podSecurity: "restricted",
        labels: { "platform.delivery/service": CERT_MANAGER_SERVICE.namespace, "platform.delivery/profile": parsed.context.profile },
      },
      { parent: this },
    );
    this.namespace = ns.metadata.name;

    this.release = pinnedRelease(
      `${name}-release`,
      {
        pin: CERT_MANAGER_CHART,
        versionOverride: parsed.settings.chartVersion,
        releaseName: CERT_MANAGER_RELEASE,
        namespace: this.namespace,
        values: certManagerValues(args.context, parsed.settings),
        overrides: parsed.settings.values,
      },
      { parent: this },
    );
    const afterRelease = { parent: this, dependsOn: [this.release] };

    let issuer: k8s.apiextensions.CustomResource;
    if (parsed.tls.issuer === "acme") {
      issuer = clusterIssuer(
        `${name}-platform-issuer`,
        PLATFORM_CLUSTER_ISSUER,
        acmeIssuerSpec(parsed.tls, parsed.context.ingressClassName),
        afterRelease,
      );
    } else {
      const selfSigned = clusterIssuer(`${name}-selfsigned-issuer`, SELF_SIGNED_ISSUER, selfSignedIssuerSpec(), afterRelease);
      const ca = new k8s.apiextensions.CustomResource(
        `${name}-platform-ca`,
        {
          apiVersion: "cert-manager.io/v1",
          kind: "Certificate",
          // The CA issuer reads its key pair from cert-manager's own namespace (the cluster resource namespace).
          metadata: { name: PLATFORM_CA_SECRET, namespace: this.namespace },
          spec: platformCaCertificateSpec(parsed.context.domain, SELF_SIGNED_ISSUER),
        },
        { parent: this, dependsOn: [this.release, selfSigned] },
      );
      issuer = clusterIssuer(`${name}-platform-issuer`, PLATFORM_CLUSTER_ISSUER, caIssuerSpec(), {
        parent: this,
        dependsOn: [this.release, ca],
      });
      this.caSecret = { name: pulumi.output(PLATFORM_CA_SECRET), namespace: this.namespace, key: "ca.crt" };
    }
    this.clusterIssuer = issuer.metadata.name;

    const internal = internalCa(name, { namespace: this.namespace, domain: parsed.context.domain, crdRelease: this.release }, this);
    this.internalIssuer = internal.issuerName;
    this.internalCaCertificate = internal.certificatePem;

    this.metrics = certManagerMetricsEndpoints(this.namespace);

    this.registerOutputs({
      namespace: this.namespace,
      clusterIssuer: this.clusterIssuer,
      caSecret: this.caSecret,
      metrics: this.metrics,
      internalIssuer: this.internalIssuer,
      internalCaCertificate: this.internalCaCertificate,
    });
  }
}

function clusterIssuer(resourceName: string, issuerName: string, spec: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
  return new k8s.apiextensions.CustomResource(
    resourceName,
    { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: issuerName }, spec },
    opts,
  );
}
