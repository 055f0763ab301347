import { ALWAYS_MANDATORY, guardrail, type Guardrail } from "./types";

export const TENANCY_GUARDRAILS: readonly Guardrail[] = [
  guardrail({
    id: "namespace-labels",
    title: "Namespaces declare their owner and Pod Security level",
    area: "tenancy",
    rationale:
      "The owner labels (platform service, or app, team and environment) scope policies, quotas and backups; the Pod Security label makes the API server enforce a pod security level, which in app namespaces must be restricted: privileged or baseline, or an old enforce-version, lets the API server admit what restricted forbids.",
    fix: "Label the namespace pod-security.kubernetes.io/enforce (restricted, at the latest version, in app namespaces) and either platform.delivery/service or platform.delivery/app, /team and /environment (app onboarding does this); never patch these labels onto an existing namespace.",
    severity: "medium",
    regulations: [
      { framework: "NIS2", article: "Art. 21(2)(i)" },
      { framework: "DORA", article: "Art. 8(1)" },
    ],
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "app-namespace-isolation",
    title: "App namespaces have a default-deny NetworkPolicy, a ResourceQuota and a LimitRange",
    area: "tenancy",
    rationale: "Without them one tenant can reach every other tenant's pods and exhaust the cluster's capacity.",
    fix: "Create the app's namespaces through app onboarding (tenancy part), which adds the NetworkPolicies, ResourceQuota and LimitRange.",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(j)" },
      { framework: "NIS2", article: "Art. 21(2)(i)" },
      { framework: "DORA", article: "Art. 9(2)" },
    ],
    implementations: ["crossguard"],
  }),
  guardrail({
    id: "app-ingress-hosts",
    title: "App Ingresses and Certificates name only the app's own host",
    area: "tenancy",
    rationale:
      "An Ingress (or the certificate cert-manager issues for it) naming harbor., vault. or argocd.<domain>, any other app's host, or no host at all takes over traffic and logins meant for someone else; a CA certificate from the platform issuer signs any name.",
    fix: "Use the namespace's host (annotation platform.delivery/ingress-host, `<app>-<environment>.<domain>`) or a subdomain of it in every rule and tls entry; no defaultBackend, server-alias or snippet annotations; Certificates with dnsNames only, no isCA.",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(d)" },
      { framework: "NIS2", article: "Art. 21(2)(i)" },
      { framework: "DORA", article: "Art. 9(2)" },
    ],
    // Isolation between tenants holds on every platform: the teams of a dev platform share its hosts and nodes too.
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "app-services-cluster-internal",
    title: "App Services stay inside the cluster",
    area: "tenancy",
    rationale:
      "A NodePort, LoadBalancer or externalIPs Service opens the app on every node or a cloud address, past the ingress, its TLS and its host check; an ExternalName Service lets the ingress controller proxy the app's host to a platform Service.",
    fix: "Use type ClusterIP (the default) without externalIPs, and expose the app through an Ingress on its host.",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(j)" },
      { framework: "NIS2", article: "Art. 21(2)(i)" },
      { framework: "DORA", article: "Art. 9(2)" },
    ],
    // Isolation between tenants holds on every platform: the teams of a dev platform share its hosts and nodes too.
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "backing-services-private-encrypted",
    title: "App databases and caches stay inside the cluster and speak TLS only",
    area: "tenancy",
    rationale:
      "A LoadBalancer or NodePort in front of a database or cache opens the app's data to the network past every NetworkPolicy; a plaintext listener (CloudNativePG's default catch-all `host` rule, Valkey without TLS) sends credentials and data readable on the node network; the postgres superuser's password in a Secret is every privilege at once.",
    fix: "Use app onboarding's `services.postgres` / `services.cache`: ClusterIP Services only, pg_hba starting with the platform's `hostnossl … reject` lines, ssl_min_protocol_version TLSv1.2 or newer, no superuser access; Valkey with tls.enabled and auth.enabled.",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(e)" },
      { framework: "NIS2", article: "Art. 21(2)(h)" },
      { framework: "DORA", article: "Art. 9(2)" },
    ],
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "app-metrics-scrapes-own-namespace",
    title: "Metrics objects in app namespaces scrape only that namespace",
    area: "tenancy",
    rationale:
      "vmagent scrapes with platform-wide network reach and its own credentials: a scrape with namespaceSelector.any, another namespace, file-based credentials or an __address__ rewrite reads other tenants' and the platform's endpoints or hands vmagent's token to the app; static, node and probe scrapes and the operator's other kinds reach anything.",
    fix: "Use only VMServiceScrape, VMPodScrape and VMRule; select the own namespace (or none), secret references instead of files, no proxyURL, oauth2 or vm_scrape_params, and no relabeling of labels starting with __.",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(j)" },
      { framework: "NIS2", article: "Art. 21(2)(i)" },
    ],
    // Isolation between tenants holds on every platform: the teams of a dev platform share its hosts and nodes too.
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "app-network-policies-scoped",
    title: "NetworkPolicies in app namespaces allow only named peers",
    area: "tenancy",
    rationale:
      "NetworkPolicies add up: one rule without peers, a namespaceSelector {} or an ipBlock such as 0.0.0.0/0 beside the default deny opens the app to (and from) every tenant and the node network.",
    fix: "Give every ingress and egress rule peers: podSelector (own namespace) or a namespaceSelector naming one namespace by kubernetes.io/metadata.name (own or a platform namespace); no ipBlock.",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(j)" },
      { framework: "NIS2", article: "Art. 21(2)(i)" },
      { framework: "DORA", article: "Art. 9(2)" },
    ],
    // Isolation between tenants holds on every platform: the teams of a dev platform share its hosts and nodes too.
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "rbac-least-privilege",
    title: "RBAC grants no cluster-wide, wildcard or escalating rights, and nothing to everyone",
    area: "tenancy",
    rationale:
      "A binding to cluster-admin, admin or edit outside an app namespace, a role with * or escalate/bind/impersonate, a ClusterRole aggregated into the built-in roles, or a subject such as system:authenticated or system:serviceaccounts hands one tenant (or everyone) the others' secrets and workloads.",
    fix: "Bind only edit or view (or the namespace's own Roles) with RoleBindings in app namespaces, to named groups and the namespace's own service accounts; list verbs and resources explicitly.",
    severity: "critical",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(d)" },
      { framework: "NIS2", article: "Art. 21(2)(i)" },
      { framework: "DORA", article: "Art. 9(4)(c)" },
    ],
    // Isolation between tenants holds on every platform: the teams of a dev platform share its hosts and nodes too.
    enforcement: ALWAYS_MANDATORY,
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "kubernetes-kinds-reviewed",
    title: "Kubernetes objects come only in kinds and forms the guardrails read",
    area: "tenancy",
    rationale:
      "List types, manifests from files or kustomize directories and kinds such as webhooks, APIServices, CSRs, CRDs or RuntimeClasses carry objects no guardrail reads or reroute the cluster's own controls (admission, API routing, certificates).",
    fix: "Create each object as its own resource (or inline in a ConfigGroup's objs or yaml); leave admission, API, certificate, node and scheduling kinds to the reviewed platform charts.",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(d)" },
      { framework: "NIS2", article: "Art. 21(2)(i)" },
    ],
    implementations: ["crossguard"],
  }),
];
