// The services' own descriptions and what is derived from them: the namespace table, the chart
// catalog and the requirements rule of the stack config.
import { CRD_SOURCES, PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
import { SERVICE_DESCRIPTIONS, SERVICE_NAMESPACES, SERVICES } from "../../components/platform/service-catalog";
import { serviceRequirementProblems, SERVICE_REQUIREMENTS_RULE } from "../../components/platform/service-requirements";
import { SERVICE_NAMES, type ServiceName } from "../../components/shared/service-names";

const enabledExcept =
  (...disabled: ServiceName[]) =>
  (service: ServiceName) =>
    !disabled.includes(service);

describe("service descriptions", () => {
  it("describe each service under its own key", () => {
    expect(Object.keys(SERVICE_DESCRIPTIONS).sort()).toEqual([...SERVICE_NAMES].sort());
    for (const [key, description] of Object.entries(SERVICE_DESCRIPTIONS)) expect(description.service).toBe(key);
    expect(SERVICES.map((d) => d.service)).toEqual(SERVICE_NAMES);
  });

  it("keep the namespaces deployed platforms run in (renaming one recreates the service)", () => {
    expect(SERVICE_NAMESPACES).toEqual({
      certManager: "cert-manager",
      externalSecrets: "external-secrets",
      harbor: "harbor",
      argocd: "argocd",
      kyverno: "kyverno",
      vault: "vault",
      victoriaMetrics: "monitoring",
      victoriaLogs: "logging",
      velero: "velero",
      identity: "identity",
      trivyOperator: "trivy-system",
      cloudnativePg: "cnpg-system",
      argoRollouts: "argo-rollouts",
    });
  });

  it("require only other services, without cycles", () => {
    const reaches = (from: ServiceName, seen: ServiceName[] = []): ServiceName[] =>
      SERVICE_DESCRIPTIONS[from].requires.flatMap((r) =>
        seen.includes(r.service) ? [] : [r.service, ...reaches(r.service, [...seen, r.service])],
      );
    for (const service of SERVICE_NAMES)
      expect({ service, reaches: reaches(service).includes(service) }).toEqual({ service, reaches: false });
  });

  it("name metrics Services only in the namespace they are given, with unique scrape names", () => {
    const targets = SERVICES.flatMap((d) => d.metrics("prod", `ns-${d.service.toLowerCase()}`).map((t) => ({ ...t, service: d.service })));
    for (const target of targets) expect(target.namespace).toBe(`ns-${target.service.toLowerCase()}`);
    expect(new Set(targets.map((t) => t.name)).size).toBe(targets.length);
    // Vault dev mode serves no unauthenticated metrics.
    expect(SERVICE_DESCRIPTIONS.vault.metrics("dev", "vault")).toEqual([]);
    expect(SERVICE_DESCRIPTIONS.vault.metrics("staging", "vault")).toHaveLength(1);
  });

  it("are the chart catalog: every pin once, CRD groups to the main chart", () => {
    expect(PLATFORM_CHARTS.map((pin) => pin.chart)).toEqual([
      "cert-manager",
      "external-secrets",
      "harbor",
      "argo-cd",
      "kyverno",
      "vault",
      "victoria-metrics-k8s-stack",
      "victoria-logs-single",
      "victoria-logs-collector",
      "velero",
      "seaweedfs",
      "keycloakx",
      "trivy-operator",
      "trivy-operator-crds",
      "cloudnative-pg",
      "plugin-barman-cloud",
      "valkey",
      "argo-rollouts",
    ]);
    expect(CRD_SOURCES).toEqual({
      "cert-manager.io": "cert-manager",
      "acme.cert-manager.io": "cert-manager",
      "external-secrets.io": "external-secrets",
      "generators.external-secrets.io": "external-secrets",
      "argoproj.io": "argo-cd",
      "kyverno.io": "kyverno",
      "policies.kyverno.io": "kyverno",
      "operator.victoriametrics.com": "victoria-metrics-k8s-stack",
      "velero.io": "velero",
      "postgresql.cnpg.io": "cloudnative-pg",
      "barmancloud.cnpg.io": "cloudnative-pg",
    });
  });
});

describe("the requirements rule", () => {
  it("finds nothing while every required service is enabled", () => {
    expect(serviceRequirementProblems(() => true)).toEqual([]);
    // A disabled dependency is fine once nothing that needs it is enabled.
    expect(serviceRequirementProblems(enabledExcept("vault", "externalSecrets"))).toEqual([]);
  });

  it("reports one problem per missing dependency, at its enabled key, naming every enabled service that needs it", () => {
    expect(serviceRequirementProblems(enabledExcept("certManager", "argocd"))).toEqual([
      {
        path: ["services", "certManager", "enabled"],
        message:
          "cert-manager is disabled, but harbor, vault, victoriaMetrics, identity, cloudnativePg need it (TLS certificates); enable services.certManager or disable those services",
      },
    ]);
    expect(serviceRequirementProblems(enabledExcept("certManager", "vault"))).toEqual([
      {
        path: ["services", "certManager", "enabled"],
        message:
          "cert-manager is disabled, but harbor, argocd, victoriaMetrics, identity, cloudnativePg need it (TLS certificates); enable services.certManager or disable those services",
      },
      {
        path: ["services", "vault", "enabled"],
        message:
          "Vault is disabled, but externalSecrets needs it (the secrets it syncs); enable services.vault or disable services.externalSecrets",
      },
    ]);
  });

  it("follows the descriptions: every dependent of a disabled dependency is named once", () => {
    for (const dependency of SERVICE_NAMES) {
      const dependents = SERVICES.filter((d) => d.requires.some((r) => r.service === dependency)).map((d) => d.service);
      const problems = serviceRequirementProblems(enabledExcept(dependency));
      expect(problems).toHaveLength(dependents.length > 0 ? 1 : 0);
      for (const dependent of dependents) expect(problems[0]!.message).toMatch(new RegExp(`\\b${dependent}\\b`));
    }
  });

  it("is described in words from the same data", () => {
    expect(SERVICE_REQUIREMENTS_RULE).toBe(
      "Services stay enabled while enabled services require them: Harbor, Argo CD, Vault, VictoriaMetrics, Keycloak and CloudNativePG need cert-manager (TLS certificates); External Secrets needs Vault (the secrets it syncs); Trivy Operator needs VictoriaMetrics (the scrape and the deadline alerts).",
    );
  });
});
