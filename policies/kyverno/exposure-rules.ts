import { INGRESS_HOST_ANNOTATION } from "../../components/onboarding/tenancy/labels";
import {
  APP_METRICS_KINDS,
  CERTIFICATE_FIELDS,
  CLUSTER_INTERNAL_SERVICE_TYPE,
  HOST_ADDING_ANNOTATIONS,
  HOST_NAMING_ANNOTATIONS,
  HOST_PATTERN,
  NAMESPACE_HOST_PATTERN,
  RAW_CONFIG_ANNOTATION,
  RELABEL_ACTIONS,
  RELABEL_FIELDS,
  RESERVED_LABEL_PREFIX,
  SCRAPE_ENDPOINT_FIELDS,
  SCRAPE_ENDPOINT_OBJECT_FIELDS,
  SCRAPE_ENDPOINTS,
} from "../crossguard/exposure";
import { celList, celString } from "./cel-literals";
import type { CelRule, ResourceMatch } from "./cel-rules";

/**
 * Plural resources of the VictoriaMetrics operator's CRDs (VictoriaMetrics/helm-charts
 * victoria-metrics-operator crds, 2026): the policy must match the kinds it refuses, since
 * Kyverno's support for a `*` resource in CEL policies is not settled (kyverno/kyverno#14621).
 * A kind a later operator adds is refused by CrossGuard in the plan but not at admission until
 * it is listed here.
 */
export const VICTORIA_METRICS_RESOURCES: readonly string[] = [
  "vmservicescrapes",
  "vmpodscrapes",
  "vmrules",
  "vmstaticscrapes",
  "vmnodescrapes",
  "vmprobes",
  "vmscrapeconfigs",
  "vmagents",
  "vmalerts",
  "vmalertmanagers",
  "vmalertmanagerconfigs",
  "vmauths",
  "vmusers",
  "vmsingles",
  "vmclusters",
  "vmdistributed",
  "vmanomalies",
  "vmanomalyconfigs",
  "vlagents",
  "vlogs",
  "vlsingles",
  "vlclusters",
  "vldistributed",
  "vtsingles",
  "vtclusters",
];

const kinds = (apiGroup: string, apiVersions: readonly string[], resources: readonly string[]): ResourceMatch => ({
  apiGroups: [apiGroup],
  apiVersions,
  resources,
});

/** CEL: `host` (an expression) is the namespace's host or below it, spelled as the API stores it. */
const allowedHost = (host: string) =>
  `(${host}.matches(${celString(HOST_PATTERN)}) && (${host} == variables.host || ${host}.endsWith('.' + variables.host)))`;
/** A Service name of the admitted object's own namespace (crossguard/exposure.ts inNamespaceServiceName). */
const IN_NAMESPACE_SERVICE_NAME = (name: string) =>
  `${name}.matches('^([*][.])?[a-z0-9]([-a-z0-9]*[a-z0-9])?[.]' + namespaceObject.metadata.name + '[.]svc([.]cluster[.]local)?$')`;
const onlyFields = (object: string, fields: readonly string[]) => `${object}.all(k, k in ${celList(fields)})`;

const NAMESPACE_HOST = {
  name: "host",
  expression: `namespaceObject.metadata.?annotations[?${celString(INGRESS_HOST_ANNOTATION)}].orValue('')`,
};

/**
 * The Kyverno side of the exposure guardrails, over objects in app namespaces; the CrossGuard side
 * (policies/crossguard/exposure.ts) reads the same lists, and the parity tests run both.
 */
export function exposureCelRules(): Readonly<Record<string, CelRule>> {
  const ingress = (expression: string) => `object.kind != 'Ingress' || (${expression})`;
  const certificate = (expression: string) => `object.kind != 'Certificate' || (${expression})`;
  const scrape = (expression: string) => `!(object.kind in ${celList(Object.keys(SCRAPE_ENDPOINTS))}) || (${expression})`;
  const endpointObjects = Object.entries(SCRAPE_ENDPOINT_OBJECT_FIELDS)
    .map(([field, allowed]) => `(!has(e.${field}) || ${onlyFields(`e.${field}`, allowed)})`)
    .join(" && ");
  return {
    "app-ingress-hosts": {
      resource: "app-namespaced",
      kinds: [kinds("networking.k8s.io", ["v1"], ["ingresses"]), kinds("cert-manager.io", ["v1"], ["certificates"])],
      variables: [NAMESPACE_HOST, { name: "annotations", expression: "object.metadata.?annotations.orValue({})" }],
      validations: [
        {
          expression: `variables.host.matches(${celString(NAMESPACE_HOST_PATTERN)})`,
          message: `The namespace has no valid ${INGRESS_HOST_ANNOTATION} annotation, so nothing in it may claim a host.`,
        },
        {
          expression: ingress("!has(object.spec.defaultBackend)"),
          message: "An app Ingress must not set a defaultBackend: it answers for every host.",
        },
        {
          expression: ingress("object.spec.?rules.orValue([]).all(r, r.?host.orValue('') != '')"),
          message: "Every rule of an app Ingress must name a host: a rule without one answers for every host.",
        },
        {
          expression: ingress(
            `object.spec.?rules.orValue([]).all(r, !has(r.host) || ${allowedHost("r.host")}) && ` +
              `object.spec.?tls.orValue([]).all(t, t.?hosts.orValue([]).all(h, ${allowedHost("h")}))`,
          ),
          message: `Ingress hosts (rules and tls) must be the namespace's ${INGRESS_HOST_ANNOTATION} or a subdomain of it, in lower case.`,
        },
        {
          expression: ingress(
            `variables.annotations.all(k, !(k in ${celList(HOST_ADDING_ANNOTATIONS)}) && !k.matches(${celString(RAW_CONFIG_ANNOTATION)})) && ` +
              `${celList(HOST_NAMING_ANNOTATIONS)}.all(a, !(a in variables.annotations) || ${allowedHost("variables.annotations[a]")})`,
          ),
          message: "App Ingresses may not add hosts or raw proxy configuration through annotations.",
        },
        {
          expression: certificate(`object.spec.all(k, k in ${celList(CERTIFICATE_FIELDS)} || (k == 'isCA' && object.spec.isCA == false))`),
          message:
            "An app Certificate names only DNS hosts and is no CA (no ipAddresses, uris, otherNames, emailAddresses, literalSubject).",
        },
        {
          expression: certificate(
            `object.spec.?dnsNames.orValue([]).all(n, ${allowedHost("n")} || ${IN_NAMESPACE_SERVICE_NAME("n")}) && (!has(object.spec.commonName) || ${allowedHost("object.spec.commonName")})`,
          ),
          message: `Certificate names must be the namespace's ${INGRESS_HOST_ANNOTATION} or a subdomain of it, or a Service name of this namespace (<service>.<namespace>.svc).`,
        },
      ],
    },
    "app-services-cluster-internal": {
      resource: "app-namespaced",
      kinds: [kinds("", ["v1"], ["services"])],
      variables: [],
      validations: [
        {
          expression: `object.spec.?type.orValue(${celString(CLUSTER_INTERNAL_SERVICE_TYPE)}) == ${celString(CLUSTER_INTERNAL_SERVICE_TYPE)}`,
          message:
            "App Services must be ClusterIP: NodePort, LoadBalancer and ExternalName reach beyond the namespace; expose through an Ingress.",
        },
        {
          expression: "size(object.spec.?externalIPs.orValue([])) == 0",
          message: "App Services must not set externalIPs.",
        },
      ],
    },
    "app-metrics-scrapes-own-namespace": {
      resource: "app-namespaced",
      kinds: [kinds("operator.victoriametrics.com", ["*"], VICTORIA_METRICS_RESOURCES)],
      variables: [
        {
          name: "endpoints",
          expression: Object.entries(SCRAPE_ENDPOINTS).reduceRight(
            (otherwise, [kind, field]) => `object.kind == ${celString(kind)} ? object.spec.?${field}.orValue([]) : ${otherwise}`,
            "[]",
          ),
        },
      ],
      validations: [
        {
          expression: `object.kind in ${celList(APP_METRICS_KINDS)}`,
          message: `Only ${APP_METRICS_KINDS.join(", ")} are allowed in app namespaces: other VictoriaMetrics objects reach beyond the namespace.`,
        },
        {
          expression: scrape(
            "object.spec.?namespaceSelector.?any.orValue(false) != true && " +
              "object.spec.?namespaceSelector.?matchNames.orValue([]).all(n, n == namespaceObject.metadata.name) && " +
              "!has(object.spec.scrapeClass)",
          ),
          message: "App scrapes select only their own namespace (no namespaceSelector.any, no other matchNames, no scrapeClass).",
        },
        {
          expression: `variables.endpoints.all(e, ${onlyFields("e", SCRAPE_ENDPOINT_FIELDS)} && ${endpointObjects})`,
          message:
            "Scrape endpoints may not make vmagent read files or connect elsewhere (bearerTokenFile, *File, oauth2, proxyURL, vm_scrape_params).",
        },
        {
          expression:
            `variables.endpoints.all(e, e.?relabelConfigs.orValue([]).all(r, ${onlyFields("r", RELABEL_FIELDS)} && ` +
            `r.?action.orValue('replace').lowerAscii() in ${celList(RELABEL_ACTIONS)} && ` +
            `!r.?targetLabel.orValue('').startsWith(${celString(RESERVED_LABEL_PREFIX)}) && !r.?target_label.orValue('').startsWith(${celString(RESERVED_LABEL_PREFIX)})))`,
          message: "Target relabeling may not rewrite what is scraped (labels starting with __, labelmap, graphite).",
        },
      ],
    },
  };
}
