import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Harbor's ingress certificate as a resource of its own, awaited before the Helm release.
 *
 * With `expose.tls.certSource: secret` harbor-helm 1.19.1 reads the certificate from an existing
 * Secret ("can be generated manually or by cert manager", values.yaml expose.tls), and core mounts a
 * Secret whenever `expose.tls.enabled` (templates/core/core-dpl.yaml, volume `ca-download`, named by
 * `caSecretName`). Left to the ingress annotation, cert-manager creates that Secret only after ACME
 * has answered, so a slow issuance kept core's pods pending until the atomic release rolled back.
 * Here the Certificate comes first and Pulumi waits for its Ready condition (`pulumi.com/waitFor`,
 * @pulumi/kubernetes >= 4.18; pinned 4.34.2): a slow CA fails or delays this one resource, with a
 * clear status, and the release starts only once the Secret exists. The ingress then carries no
 * cert-manager annotation, so this is the only Certificate for the Secret.
 *
 * TLS terminated at the ingress without core mounting anything is not an option the chart offers:
 * `certSource: none` still renders `ca-download`, without a Secret name.
 */
export function harborIngressCertificate(
  name: string,
  args: { namespace: pulumi.Input<string>; host: string; secretName: string; issuer: pulumi.Input<string>; crdRelease?: pulumi.Resource },
  parent: pulumi.Resource,
): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    `${name}-ingress-certificate`,
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: {
        name: args.secretName,
        namespace: args.namespace,
        labels: { "app.kubernetes.io/part-of": "harbor" },
        annotations: { "pulumi.com/waitFor": "condition=Ready" },
      },
      spec: {
        secretName: args.secretName,
        dnsNames: [args.host],
        issuerRef: { name: args.issuer, kind: "ClusterIssuer", group: "cert-manager.io" },
      },
    },
    // ACME can take minutes (HTTP-01 through the ingress); past 30 the CA is the problem, not the timing.
    { parent, customTimeouts: { create: "30m", update: "30m" }, ...(args.crdRelease ? { dependsOn: [args.crdRelease] } : {}) },
  );
}
