/**
 * Fixtures of the exposure guardrails, shared by the CrossGuard and Kyverno (CEL) sides of the
 * parity tests: what an app team could sync into its namespace with kinds the AppProject allows.
 * Each object lives in `NAMESPACE`, an app namespace whose host is `shop-prod.example.com`.
 */
import type { Fixture } from "./fixtures";

export const DOMAIN = "example.com";
const HOST = `shop-prod.${DOMAIN}`;
const NS = "shop-prod";

/** An app namespace as tenancy creates it, with the host annotation (or another, or none). */
export function appNamespace(host: string | null = HOST, name = NS) {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      labels: {
        "pod-security.kubernetes.io/enforce": "restricted",
        "platform.delivery/app": "shop",
        "platform.delivery/team": "web",
        "platform.delivery/environment": "prod",
      },
      ...(host === null ? {} : { annotations: { "platform.delivery/ingress-host": host } }),
    },
  };
}
export const NAMESPACE = appNamespace();

type Json = Record<string, unknown>;
const object = (apiVersion: string, kind: string, spec: Json, metadata: Json = {}) => ({
  apiVersion,
  kind,
  metadata: { name: "shop", namespace: NS, ...metadata },
  spec,
});
const backend = { service: { name: "shop", port: { name: "http" } } };
const rule = (host?: string, path = "/") => ({
  ...(host === undefined ? {} : { host }),
  http: { paths: [{ path, pathType: "Prefix", backend }] },
});
const ingress = (spec: Json, annotations: Record<string, string> = {}) =>
  object("networking.k8s.io/v1", "Ingress", { ingressClassName: "traefik", ...spec }, { annotations });
const hosted = (host: string, tlsHosts: string[] = [host], annotations: Record<string, string> = {}) =>
  ingress({ rules: [rule(host)], tls: [{ hosts: tlsHosts, secretName: "shop-tls" }] }, annotations);
const certificate = (spec: Json) =>
  object("cert-manager.io/v1", "Certificate", { secretName: "shop-tls", issuerRef: { kind: "ClusterIssuer", name: "platform" }, ...spec });
const service = (spec: Json) =>
  object("v1", "Service", { selector: { "app.kubernetes.io/name": "shop" }, ports: [{ name: "http", port: 80 }], ...spec });
const VM = "operator.victoriametrics.com/v1beta1";
const endpoint = { port: "http-metrics", path: "/metrics", scheme: "http" };
const serviceScrape = (spec: Json = {}, endpoints: Json[] = [endpoint]) =>
  object(VM, "VMServiceScrape", {
    selector: { matchLabels: { "app.kubernetes.io/name": "shop" } },
    namespaceSelector: { matchNames: [NS] },
    endpoints,
    ...spec,
  });
const withEndpoint = (extra: Json) => serviceScrape({}, [{ ...endpoint, ...extra }]);

const inNamespace = (title: string, object: unknown, allowed: boolean, namespace: unknown = NAMESPACE): Fixture => ({
  title,
  object,
  namespace,
  allowed,
});

export const EXPOSURE_FIXTURES: Readonly<Record<string, Fixture[]>> = {
  "app-ingress-hosts": [
    inNamespace("the app's host, TLS by the platform issuer", hosted(HOST, [HOST], { "cert-manager.io/cluster-issuer": "platform" }), true),
    inNamespace("a subdomain and a wildcard below the app's host", hosted(`api.${HOST}`, [`api.${HOST}`, `*.${HOST}`]), true),
    inNamespace(
      "another IngressClass, own host (the host check ignores the class)",
      ingress({ ingressClassName: "internal", rules: [rule(HOST)] }),
      true,
    ),
    inNamespace(
      "cert-manager's HTTP-01 solver for the app's host",
      object(
        "networking.k8s.io/v1",
        "Ingress",
        { ingressClassName: "traefik", rules: [rule(HOST, "/.well-known/acme-challenge/abc")] },
        { name: "cm-acme-http-solver-x7k2p" },
      ),
      true,
    ),
    inNamespace("certificate for the app's hosts", certificate({ dnsNames: [HOST, `api.${HOST}`], commonName: HOST, isCA: false }), true),
    inNamespace(
      "certificate for a Service of its own namespace (a cache's internal TLS)",
      certificate({
        dnsNames: [`shop-cache.${NS}.svc`, `shop-cache.${NS}.svc.cluster.local`, `*.shop-cache-headless.${NS}.svc.cluster.local`],
      }),
      true,
    ),
    inNamespace("certificate for a platform Service (vault.vault.svc)", certificate({ dnsNames: ["vault.vault.svc"] }), false),
    inNamespace("certificate for another tenant's Service", certificate({ dnsNames: ["ledger-db-rw.ledger-prod.svc"] }), false),
    inNamespace("certificate for a bare Service name", certificate({ dnsNames: ["shop-cache"] }), false),
    inNamespace(
      "certificate for a public name ending like its Service",
      certificate({ dnsNames: [`shop-cache.${NS}.svc.evil.example`] }),
      false,
    ),
    inNamespace("Vault's host", hosted(`vault.${DOMAIN}`), false),
    inNamespace("a path on Harbor's host", ingress({ rules: [rule(`harbor.${DOMAIN}`, "/api/v2.0")] }), false),
    inNamespace("Argo CD's host only in tls (cert-manager would issue it)", hosted(HOST, [HOST, `argocd.${DOMAIN}`]), false),
    inNamespace("Grafana's host with its class", ingress({ ingressClassName: "internal", rules: [rule(`grafana.${DOMAIN}`)] }), false),
    inNamespace("upper case", hosted(HOST, [HOST.toUpperCase()]), false),
    inNamespace("trailing dot", hosted(`${HOST}.`), false),
    inNamespace("wildcard over the whole domain", hosted(HOST, [`*.${DOMAIN}`]), false),
    inNamespace("look-alike prefix", hosted(`evil${HOST}`), false),
    inNamespace("look-alike suffix", hosted(`${HOST}.evil.io`), false),
    inNamespace("characters no host has, before the app's host", hosted(HOST, [`vault.${DOMAIN}#.${HOST}`]), false),
    inNamespace("the dev environment's host", hosted(`shop-dev.${DOMAIN}`), false),
    inNamespace("a rule without host (answers for every host)", ingress({ rules: [rule(undefined, "/v1/sys")] }), false),
    inNamespace("a default backend", ingress({ defaultBackend: backend }), false),
    inNamespace(
      "ingress-nginx server-alias",
      hosted(HOST, [HOST], { "nginx.ingress.kubernetes.io/server-alias": `vault.${DOMAIN}` }),
      false,
    ),
    inNamespace(
      "configuration snippet",
      hosted(HOST, [HOST], { "nginx.ingress.kubernetes.io/configuration-snippet": "proxy_pass http://vault.vault:8200;" }),
      false,
    ),
    inNamespace("cert-manager common name of Vault", hosted(HOST, [HOST], { "cert-manager.io/common-name": `vault.${DOMAIN}` }), false),
    inNamespace("namespace without a host annotation", hosted(HOST), false, appNamespace(null)),
    inNamespace("namespace annotated with the bare domain", hosted(`vault.${DOMAIN}`), false, appNamespace(DOMAIN)),
    inNamespace("certificate for Vault", certificate({ dnsNames: [`vault.${DOMAIN}`] }), false),
    inNamespace("certificate common name of Harbor", certificate({ dnsNames: [HOST], commonName: `harbor.${DOMAIN}` }), false),
    inNamespace("CA certificate from the platform issuer", certificate({ dnsNames: [HOST], isCA: true }), false),
    inNamespace(
      "certificate with IP and URI SANs",
      certificate({ dnsNames: [HOST], ipAddresses: ["10.0.0.1"], uris: ["spiffe://cluster.local/ns/vault/sa/vault"] }),
      false,
    ),
    inNamespace("certificate with a literal subject", certificate({ dnsNames: [HOST], literalSubject: `CN=vault.${DOMAIN}` }), false),
  ],
  "app-services-cluster-internal": [
    inNamespace("ClusterIP", service({ type: "ClusterIP" }), true),
    inNamespace("type left to the default", service({}), true),
    inNamespace("headless", service({ type: "ClusterIP", clusterIP: "None" }), true),
    inNamespace("LoadBalancer", service({ type: "LoadBalancer" }), false),
    inNamespace(
      "LoadBalancer limited by loadBalancerSourceRanges",
      service({ type: "LoadBalancer", loadBalancerSourceRanges: ["10.0.0.0/8"] }),
      false,
    ),
    inNamespace("NodePort", service({ type: "NodePort", ports: [{ name: "http", port: 80, nodePort: 30080 }] }), false),
    inNamespace("ExternalName pointing at Vault", service({ type: "ExternalName", externalName: "vault.vault.svc.cluster.local" }), false),
    inNamespace("externalIPs", service({ type: "ClusterIP", externalIPs: ["203.0.113.10"] }), false),
  ],
  "app-metrics-scrapes-own-namespace": [
    inNamespace("own namespace, as onboarding creates it", serviceScrape(), true),
    inNamespace("no namespaceSelector (own namespace)", serviceScrape({ namespaceSelector: undefined }), true),
    inNamespace(
      "secret credentials and ordinary relabeling",
      withEndpoint({
        bearerTokenSecret: { name: "metrics", key: "token" },
        tlsConfig: { ca: { secret: { name: "metrics", key: "ca.crt" } }, serverName: "shop" },
        relabelConfigs: [
          { action: "keep", sourceLabels: ["__meta_kubernetes_pod_label_app"], regex: "shop" },
          { action: "Replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" },
        ],
      }),
      true,
    ),
    inNamespace(
      "pod scrape of its own pods",
      object(VM, "VMPodScrape", { selector: {}, podMetricsEndpoints: [{ port: "http-metrics", filterRunning: true }] }),
      true,
    ),
    inNamespace("alerting rules", object(VM, "VMRule", { groups: [{ name: "shop", rules: [] }] }), true),
    inNamespace("namespaceSelector.any", serviceScrape({ namespaceSelector: { any: true } }), false),
    inNamespace("another namespace", serviceScrape({ namespaceSelector: { matchNames: [NS, "vault"] } }), false),
    inNamespace(
      "vmagent's own token file",
      withEndpoint({ bearerTokenFile: "/var/run/secrets/kubernetes.io/serviceaccount/token" }),
      false,
    ),
    inNamespace("TLS key file", withEndpoint({ tlsConfig: { keyFile: "/etc/vmagent/tls.key" } }), false),
    inNamespace(
      "basic auth password file",
      withEndpoint({ basicAuth: { username: { name: "m", key: "u" }, password_file: "/etc/passwd" } }),
      false,
    ),
    inNamespace("proxyURL", withEndpoint({ proxyURL: "http://vault.vault.svc:8200" }), false),
    inNamespace("oauth2 token URL", withEndpoint({ oauth2: { token_url: "http://argocd-server.argocd.svc/api/v1/session" } }), false),
    inNamespace(
      "vm_scrape_params proxy client",
      withEndpoint({ vm_scrape_params: { proxy_client_config: { bearer_token_file: "/tmp/t" } } }),
      false,
    ),
    inNamespace(
      "__address__ rewrite",
      withEndpoint({ relabelConfigs: [{ targetLabel: "__address__", replacement: "vault.vault.svc:8200" }] }),
      false,
    ),
    inNamespace(
      "labelmap",
      withEndpoint({ relabelConfigs: [{ action: "LabelMap", regex: "__meta_kubernetes_pod_annotation_(.+)", replacement: "__$1" }] }),
      false,
    ),
    inNamespace("scrape class", serviceScrape({ scrapeClass: "kubelet" }), false),
    inNamespace("static scrape", object(VM, "VMStaticScrape", { targetEndpoints: [{ targets: ["vault.vault.svc:8200"] }] }), false),
    inNamespace("node scrape", object(VM, "VMNodeScrape", { path: "/metrics/cadvisor" }), false),
    inNamespace("probe", object(VM, "VMProbe", { targets: { staticConfig: { targets: ["http://argocd-server.argocd.svc"] } } }), false),
    inNamespace(
      "raw scrape config",
      object("operator.victoriametrics.com/v1beta1", "VMScrapeConfig", { staticConfigs: [{ targets: ["vault.vault.svc:8200"] }] }),
      false,
    ),
    inNamespace("an app's own vmagent", object(VM, "VMAgent", { selectAllByDefault: true }), false),
    inNamespace(
      "a VMUser route into the platform's vmauth",
      object(VM, "VMUser", { targetRefs: [{ static: { url: "http://vmselect-vm.monitoring.svc:8481" } }] }),
      false,
    ),
  ],
};
