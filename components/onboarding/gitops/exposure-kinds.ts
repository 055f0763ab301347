/**
 * Namespaced kinds an app's config repository may not sync, because each reaches beyond the
 * namespace past the exposure guardrails (which check Ingresses, Certificates, Services and metric
 * scrapes). Argo CD matches `group` and `kind` as globs (argoproj/argo-cd
 * pkg/apis/application/v1alpha1/types.go isResourceInList: filepath.Match on both).
 */
export const EXPOSURE_BYPASS_KINDS: readonly { group: string; kind: string; why: string }[] = [
  // CVE-2021-25740: hand-written endpoints point a Service (and the ingress controller or vmagent
  // behind it) at any pod IP, a platform one included. Kubernetes 1.22 took them out of `edit`
  // (kubernetes/kubernetes#103704); Argo CD would still sync them.
  { group: "", kind: "Endpoints", why: "points a Service at any IP in the cluster (CVE-2021-25740)" },
  { group: "discovery.k8s.io", kind: "EndpointSlice", why: "points a Service at any IP in the cluster (CVE-2021-25740)" },
  // A raw CSR cannot be read by admission policies; Certificates (checked) are the way to ask for one.
  { group: "cert-manager.io", kind: "CertificateRequest", why: "asks the platform issuer to sign a CSR no policy can inspect" },
  // Routes of the ingress controller's and Gateway API's own kinds carry hosts no guardrail checks.
  { group: "traefik.io", kind: "*", why: "Traefik routes (IngressRoute...) carry hosts the Ingress guardrail does not see" },
  { group: "traefik.containo.us", kind: "*", why: "Traefik v2 routes carry hosts the Ingress guardrail does not see" },
  { group: "gateway.networking.k8s.io", kind: "*", why: "Gateway API routes and gateways carry hosts the Ingress guardrail does not see" },
];
