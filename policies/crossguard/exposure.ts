import type { PolicyResource } from "@pulumi/policy";
import { INGRESS_HOST_ANNOTATION } from "../../components/onboarding/tenancy/labels";
import { asList, asObject, textOf, type Json, type KubernetesObject } from "./kubernetes-objects";
import { objectKinds, objectsOfKind } from "./resource-index";
import type { StackRule } from "./rule";
import { inAppNamespaces } from "./tenancy";

/**
 * What an app namespace may expose, as data both enforcement points read: the CrossGuard rules
 * below and the Kyverno CEL rules (policies/kyverno/exposure-rules.ts). The parity tests run both
 * on the same fixtures.
 */

/** A host as Ingresses and Certificates may name it: lower-case DNS labels, optionally after `*.`; no trailing dot. */
export const HOST_PATTERN = "^(\\*\\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
/** A namespace's own host: at least three labels (the app's label under a domain of two or more), no wildcard. */
export const NAMESPACE_HOST_PATTERN = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.){2,}[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
/** Annotations that add hosts behind the host check's back (ingress-nginx's server-alias). */
export const HOST_ADDING_ANNOTATIONS: readonly string[] = ["nginx.ingress.kubernetes.io/server-alias"];
/** Annotations naming a host that ends up in a certificate (cert-manager's ingress-shim sets commonName from it). */
export const HOST_NAMING_ANNOTATIONS: readonly string[] = ["cert-manager.io/common-name"];
/** Annotation names of raw proxy configuration (ingress-nginx `*-snippet`, NGINX Inc. `*-snippets`): arbitrary server blocks. */
export const RAW_CONFIG_ANNOTATION = "snippets?$";
/**
 * Certificate spec fields an app may set: names are checked, everything else is key material and
 * lifetime. Left out: ipAddresses, uris, otherNames, emailAddresses and literalSubject (identities
 * no host check covers), nameConstraints and isCA (a CA signed by the platform issuer signs anything).
 */
export const CERTIFICATE_FIELDS: readonly string[] = [
  "secretName",
  "issuerRef",
  "dnsNames",
  "commonName",
  "duration",
  "renewBefore",
  "renewBeforePercentage",
  "privateKey",
  "usages",
  "encodeUsagesInRequest",
  "signatureAlgorithm",
  "subject",
  "secretTemplate",
  "revisionHistoryLimit",
  "keystores",
  "additionalOutputFormats",
];
/** The one Service type that stays inside the cluster (NodePort, LoadBalancer and ExternalName reach out or in). */
export const CLUSTER_INTERNAL_SERVICE_TYPE = "ClusterIP";

/** VictoriaMetrics operator kinds an app namespace may hold: they reach only pods of the namespace itself. */
export const APP_METRICS_KINDS: readonly string[] = ["VMServiceScrape", "VMPodScrape", "VMRule"];
/** Where each scrape kind lists its endpoints. */
export const SCRAPE_ENDPOINTS: Readonly<Record<string, string>> = { VMServiceScrape: "endpoints", VMPodScrape: "podMetricsEndpoints" };
/**
 * Endpoint fields an app scrape may set (operator CRD, VMServiceScrape `endpoints[]` and VMPodScrape
 * `podMetricsEndpoints[]`). Left out: `bearerTokenFile` and the `*File` fields below (vmagent would
 * read its own files, its service-account token included, and send them to the app), `oauth2`
 * (vmagent posts to any token URL), `proxyURL` (connects anywhere) and `vm_scrape_params` (proxy
 * client settings with files and headers).
 */
export const SCRAPE_ENDPOINT_FIELDS: readonly string[] = [
  "port",
  "portNumber",
  "targetPort",
  "path",
  "scheme",
  "params",
  "interval",
  "scrape_interval",
  "scrapeTimeout",
  "honorLabels",
  "honorTimestamps",
  "metricRelabelConfigs",
  "relabelConfigs",
  "sampleLimit",
  "seriesLimit",
  "max_scrape_size",
  "filterRunning",
  "follow_redirects",
  "attach_metadata",
  "bearerTokenSecret",
  "basicAuth",
  "authorization",
  "tlsConfig",
];
/** Sub-objects of an endpoint and the fields they may set (secret references, never files). */
export const SCRAPE_ENDPOINT_OBJECT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  tlsConfig: ["ca", "cert", "keySecret", "insecureSkipVerify", "serverName"],
  basicAuth: ["username", "password"],
  authorization: ["type", "credentials"],
};
/** Target relabeling rules may only filter and rewrite ordinary labels: `__address__` and friends choose what is scraped. */
export const RELABEL_FIELDS: readonly string[] = [
  "action",
  "sourceLabels",
  "source_labels",
  "separator",
  "regex",
  "modulus",
  "replacement",
  "targetLabel",
  "target_label",
  "if",
  "match",
];
/** Relabel actions that write at most their target label (labelmap and graphite derive label names from data). */
export const RELABEL_ACTIONS: readonly string[] = [
  "replace",
  "replace_all",
  "keep",
  "drop",
  "keep_if_equal",
  "drop_if_equal",
  "keepequal",
  "dropequal",
  "keep_if_contains",
  "drop_if_contains",
  "keep_metrics",
  "drop_metrics",
  "hashmod",
  "labeldrop",
  "labelkeep",
  "lowercase",
  "uppercase",
];
/** Labels starting with this select the scrape target (address, scheme, path, parameters). */
export const RESERVED_LABEL_PREFIX = "__";

const hostRegex = new RegExp(HOST_PATTERN);
const namespaceHostRegex = new RegExp(NAMESPACE_HOST_PATTERN);
const rawConfig = new RegExp(RAW_CONFIG_ANNOTATION);
/** ASCII lower case, as CEL's lowerAscii. */
const lowerAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Whether `host` is `base` or below it, spelled as admission sees it (no case folding, no trailing dot). */
export const hostAllowed = (host: unknown, base: string): boolean =>
  typeof host === "string" && hostRegex.test(host) && (host === base || host.endsWith(`.${base}`));

/**
 * A cluster-internal name of a Service in the namespace itself (`<service>.<namespace>.svc`, with
 * `.cluster.local`, or the wildcard of a headless Service's pods): what a backing service's
 * certificate from the internal CA names (a Valkey cache). No public CA issues these, and another
 * namespace's names never match, so no app can impersonate a neighbour or a platform service.
 */
export const inNamespaceServiceName = (name: unknown, namespace: string): boolean =>
  typeof name === "string" && new RegExp(`^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.${namespace}\\.svc(\\.cluster\\.local)?$`).test(name);

/** The namespace facts the exposure rules need: its name and the host it may expose ("" when it has none). */
export interface AppNamespace {
  name: string;
  host: string;
}

const outsideHost = (host: unknown, where: string, namespace: AppNamespace) =>
  `${where} names host '${String(host)}', which is not '${namespace.host}' or a subdomain of it`;

function namespaceHostProblems(namespace: AppNamespace): string[] {
  return namespaceHostRegex.test(namespace.host)
    ? []
    : [`its namespace '${namespace.name}' has no valid '${INGRESS_HOST_ANNOTATION}' annotation, so it may claim no host`];
}

/** What is wrong with an Ingress (any API version) in an app namespace. */
export function ingressProblems(ingress: Json, namespace: AppNamespace): string[] {
  const spec = asObject(ingress.spec);
  const annotations = asObject(asObject(ingress.metadata).annotations);
  const problems = namespaceHostProblems(namespace);
  // networking.k8s.io/v1 calls it defaultBackend, v1beta1 backend: either answers for every host.
  for (const field of ["defaultBackend", "backend"])
    if (spec[field] !== undefined) problems.push(`spec.${field} answers for every host the controller serves`);
  asList(spec.rules).forEach((rule, index) => {
    const host = asObject(rule).host;
    if (host === undefined || host === "") problems.push(`spec.rules[${index}] has no host, so it answers for every host`);
    else if (!hostAllowed(host, namespace.host)) problems.push(outsideHost(host, `spec.rules[${index}].host`, namespace));
  });
  asList(spec.tls).forEach((tls, index) =>
    asList(asObject(tls).hosts).forEach((host, hostIndex) => {
      if (!hostAllowed(host, namespace.host)) problems.push(outsideHost(host, `spec.tls[${index}].hosts[${hostIndex}]`, namespace));
    }),
  );
  for (const [key, value] of Object.entries(annotations)) {
    if (HOST_ADDING_ANNOTATIONS.includes(key)) problems.push(`annotation '${key}' adds hosts no check sees`);
    if (rawConfig.test(key)) problems.push(`annotation '${key}' injects raw proxy configuration`);
    if (HOST_NAMING_ANNOTATIONS.includes(key) && !hostAllowed(value, namespace.host))
      problems.push(outsideHost(value, `annotation '${key}'`, namespace));
  }
  return problems;
}

/** What is wrong with a cert-manager Certificate in an app namespace. */
export function certificateProblems(certificate: Json, namespace: AppNamespace): string[] {
  const spec = asObject(certificate.spec);
  const problems = namespaceHostProblems(namespace);
  for (const key of Object.keys(spec))
    if (!CERTIFICATE_FIELDS.includes(key) && !(key === "isCA" && spec.isCA === false))
      problems.push(`spec.${key} is not allowed: a certificate of an app names only the app's hosts and is no CA`);
  asList(spec.dnsNames).forEach((name, index) => {
    if (!hostAllowed(name, namespace.host) && !inNamespaceServiceName(name, namespace.name))
      problems.push(outsideHost(name, `spec.dnsNames[${index}]`, namespace));
  });
  if (spec.commonName !== undefined && !hostAllowed(spec.commonName, namespace.host))
    problems.push(outsideHost(spec.commonName, "spec.commonName", namespace));
  return problems;
}

/** What is wrong with a Service in an app namespace. */
export function serviceProblems(service: Json): string[] {
  const spec = asObject(service.spec);
  const problems: string[] = [];
  const type = spec.type ?? CLUSTER_INTERNAL_SERVICE_TYPE;
  if (type !== CLUSTER_INTERNAL_SERVICE_TYPE)
    problems.push(
      `spec.type is ${JSON.stringify(type)}: only ${CLUSTER_INTERNAL_SERVICE_TYPE} Services stay inside the cluster (expose apps through an Ingress on the app's host)`,
    );
  if (asList(spec.externalIPs).length > 0) problems.push("spec.externalIPs makes every node answer for those addresses");
  return problems;
}

function relabelProblems(rule: unknown, where: string): string[] {
  const relabel = asObject(rule);
  const problems = Object.keys(relabel)
    .filter((key) => !RELABEL_FIELDS.includes(key))
    .map((key) => `${where}.${key} is not allowed`);
  const action = relabel.action === undefined ? "replace" : typeof relabel.action === "string" ? lowerAscii(relabel.action) : "";
  if (!RELABEL_ACTIONS.includes(action)) problems.push(`${where}.action '${String(relabel.action)}' may write any label`);
  for (const field of ["targetLabel", "target_label"]) {
    const target = relabel[field];
    if (typeof target === "string" && target.startsWith(RESERVED_LABEL_PREFIX))
      problems.push(`${where}.${field} '${target}' rewrites what is scraped; set port, path, scheme or params on the endpoint`);
  }
  return problems;
}

function endpointProblems(endpoint: unknown, where: string): string[] {
  const fields = asObject(endpoint);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (!SCRAPE_ENDPOINT_FIELDS.includes(key)) {
      problems.push(`${where}.${key} is not allowed (vmagent would read its own files or connect elsewhere)`);
      continue;
    }
    const allowed = SCRAPE_ENDPOINT_OBJECT_FIELDS[key];
    if (allowed !== undefined)
      for (const inner of Object.keys(asObject(value)))
        if (!allowed.includes(inner)) problems.push(`${where}.${key}.${inner} is not allowed (use secret references, not files)`);
  }
  asList(fields.relabelConfigs).forEach((rule, index) => problems.push(...relabelProblems(rule, `${where}.relabelConfigs[${index}]`)));
  return problems;
}

/** What is wrong with a VictoriaMetrics operator object of `kind` in an app namespace. */
export function metricsObjectProblems(kind: string, object: Json, namespace: AppNamespace): string[] {
  if (!APP_METRICS_KINDS.includes(kind))
    return [`${kind} is not allowed in an app namespace (only ${APP_METRICS_KINDS.join(", ")}): it reaches beyond the namespace`];
  const endpointsField = SCRAPE_ENDPOINTS[kind];
  if (endpointsField === undefined) return [];
  const spec = asObject(object.spec);
  const selector = asObject(spec.namespaceSelector);
  const problems: string[] = [];
  if (selector.any === true) problems.push("spec.namespaceSelector.any scrapes every namespace");
  for (const name of asList(selector.matchNames))
    if (name !== namespace.name) problems.push(`spec.namespaceSelector.matchNames selects namespace '${String(name)}'`);
  if (spec.scrapeClass !== undefined) problems.push("spec.scrapeClass applies settings (credentials, files) made for platform scrapes");
  asList(spec[endpointsField]).forEach((endpoint, index) =>
    problems.push(...endpointProblems(endpoint, `spec.${endpointsField}[${index}]`)),
  );
  return problems;
}

/** Gateway API routes that name their hosts: checked like Ingress rules. */
export const GATEWAY_ROUTE_KINDS: readonly string[] = ["HTTPRoute", "GRPCRoute", "TLSRoute"];
export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
/**
 * API groups whose objects an app namespace may not hold at all: Gateway API gateways, listener
 * sets, TCP/UDP routes and grants (their own listeners and ports, no host to check), and Traefik's
 * routes and middlewares (hosts in rule strings, references across namespaces).
 */
export const REFUSED_ROUTE_GROUPS: readonly string[] = [GATEWAY_API_GROUP, "traefik.io", "traefik.containo.us"];
/** Kinds that point a Service at addresses of one's choosing (CVE-2021-25740). */
export const HAND_WRITTEN_ENDPOINT_KINDS: readonly string[] = ["Endpoints", "EndpointSlice"];

/** What is wrong with a Gateway API route in an app namespace. */
export function gatewayRouteProblems(route: Json, namespace: AppNamespace): string[] {
  const spec = asObject(route.spec);
  const problems = namespaceHostProblems(namespace);
  const hostnames = asList(spec.hostnames);
  // A route without hostnames takes every hostname of the listeners it attaches to.
  if (hostnames.length === 0) problems.push("spec.hostnames is empty, so the route answers for every host of its gateway");
  hostnames.forEach((host, index) => {
    if (!hostAllowed(host, namespace.host)) problems.push(outsideHost(host, `spec.hostnames[${index}]`, namespace));
  });
  asList(spec.rules).forEach((rule, ruleIndex) =>
    asList(asObject(rule).backendRefs).forEach((ref, refIndex) => {
      const target = asObject(ref).namespace;
      if (target !== undefined && target !== namespace.name)
        problems.push(`spec.rules[${ruleIndex}].backendRefs[${refIndex}] sends traffic to namespace '${textOf(target)}'`);
    }),
  );
  return problems;
}

const METRICS_GROUP = "operator.victoriametrics.com";
const CERT_MANAGER_GROUP = "cert-manager.io";
/** Every input of an exposure object can change what it reaches: all must be known at preview time. */
const WHOLE_OBJECT = ["spec", "metadata.annotations"];

/** Kinds in the plan from `groups` (custom resources are known only by the objects present). */
const kindsOfGroups = (resources: readonly PolicyResource[], groups: readonly string[]): string[] =>
  objectKinds(resources).filter((kind) => objectsOfKind(resources, kind).some(({ object }) => groups.includes(object.group)));

function hostProblems(object: KubernetesObject, namespace: AppNamespace): string[] {
  if (object.kind === "Ingress" && ["networking.k8s.io", "extensions"].includes(object.group))
    return ingressProblems(object.body, namespace);
  if (object.kind === "Certificate" && object.group === CERT_MANAGER_GROUP) return certificateProblems(object.body, namespace);
  if (GATEWAY_ROUTE_KINDS.includes(object.kind) && object.group === GATEWAY_API_GROUP) return gatewayRouteProblems(object.body, namespace);
  if (REFUSED_ROUTE_GROUPS.includes(object.group))
    return [`${object.kind} (${object.group}) is not allowed in an app namespace: it carries listeners or hosts no guardrail reads`];
  return [];
}

export const appIngressHosts: StackRule = inAppNamespaces(
  (resources) => [...new Set(["Ingress", "Certificate", ...kindsOfGroups(resources, REFUSED_ROUTE_GROUPS)])],
  WHOLE_OBJECT,
  ({ object }, namespace) => hostProblems(object, namespace),
);

export const appServicesClusterInternal: StackRule = inAppNamespaces(
  ["Service", ...HAND_WRITTEN_ENDPOINT_KINDS],
  WHOLE_OBJECT,
  ({ object }) =>
    HAND_WRITTEN_ENDPOINT_KINDS.includes(object.kind)
      ? [`${object.kind} are not allowed in app namespaces: they point a Service at any address in the cluster (CVE-2021-25740)`]
      : serviceProblems(object.body),
);

export const appMetricsOwnNamespace: StackRule = inAppNamespaces(
  (resources) => kindsOfGroups(resources, [METRICS_GROUP]),
  WHOLE_OBJECT,
  ({ object }, namespace) => (object.group === METRICS_GROUP ? metricsObjectProblems(object.kind, object.body, namespace) : []),
);
