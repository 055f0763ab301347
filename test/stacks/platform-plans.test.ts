// The platform as the dev and prod stacks plan it: one pinned release per service, the
// profile's shape, no secret in Helm values, and no custom resource racing its CRD.
import { CRD_SOURCES, PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
import { SERVICE_DESCRIPTIONS, SERVICES } from "../../components/platform/service-catalog";
import type { Profile } from "../../components/shared/profiles";
import { SERVICE_NAMES } from "../../components/shared/service-names";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { dependsTransitively, inputAt } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const EXACT = /^v?\d+\.\d+\.\d+$/;

const plans: Record<string, PlanDocument> = {};
beforeAll(async () => {
  for (const stack of ["dev", "prod"]) plans[stack] = await examplePlan(stack);
});

/** Whether `resource` is `ancestor` or sits below it in the parent chain. */
function descendsFrom(plan: PlanDocument, resource: PlanResource, ancestor: string): boolean {
  const parentOf = (r: PlanResource) => plan.resources.find((p) => p.urn === r.parent);
  for (let r: PlanResource | undefined = resource; r; r = parentOf(r)) if (r.urn === ancestor) return true;
  return false;
}

const releases = (plan: PlanDocument) => plan.resources.filter((r) => r.type === RELEASE);
const releaseOf = (plan: PlanDocument, chart: string): PlanResource => {
  const found = releases(plan).filter((r) => (r.inputs.chart as string).split("/").pop() === chart);
  if (found.length !== 1) throw new Error(`expected one release of ${chart}, found ${found.length}`);
  return found[0]!;
};

/** Every string anywhere in a value, with its path. */
function leaves(value: unknown, at = ""): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, `${at}[${index}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => leaves(v, at ? `${at}.${k}` : k));
  return [[at, value]];
}

/** Values under secret-sounding keys that are references or decoys, never secret material. */
const NOT_SECRETS: Record<string, string> = {
  // The key inside the Secret that holds the dev root token.
  "server.extraSecretEnvironmentVars[0].secretKey": "token",
};

describe.each(["dev", "prod"])("the %s platform", (stack) => {
  const plan = () => plans[stack]!;

  it("installs one exactly pinned release per service chart", () => {
    const charts = SERVICES.map((service) => service.chart.chart);
    // Both example stacks enable every service, CloudNativePG (opt-in) and Argo Rollouts included.
    expect(charts).toHaveLength(13);
    for (const chart of charts) {
      const release = releaseOf(plan(), chart);
      expect(release.inputs.version).toMatch(EXACT);
      expect(PLATFORM_CHARTS).toContainEqual(expect.objectContaining({ chart, version: release.inputs.version }));
      expect(release.inputs).toMatchObject({ atomic: true });
    }
  });

  it("puts no secret into any release's values", () => {
    for (const release of releases(plan())) {
      expect(release.secretPaths).toEqual([]);
      const suspicious = leaves(release.inputs.values).filter(
        // A value under a password/token/secret key is a leak; names of keys and secrets (`...Key`, `existingSecret...`) are not.
        ([key, value]) =>
          /(^|\.)(\w*password|\w*token|secret|secretKey)$/i.test(key) &&
          !/(^|\.)existingSecret/.test(key) &&
          NOT_SECRETS[key] !== value &&
          typeof value === "string" &&
          value.length > 0,
      );
      expect(suspicious).toEqual([]);
    }
  });

  it("makes every custom resource wait for the release that installs its CRD", () => {
    const custom = plan().resources.filter((r) => r.custom && /^kubernetes:[a-z0-9-]+(\.[a-z0-9-]+)+\/[^:]+:/.test(r.type));
    expect(custom.length).toBeGreaterThan(0);
    for (const resource of custom) {
      const group = resource.type.split(":")[1]!.split("/")[0]!;
      if (group.endsWith(".k8s.io") || group === "helm.sh") continue;
      const chart = CRD_SOURCES[group];
      if (chart === undefined)
        throw new Error(`${resource.name}: no chart is known to install CRDs of ${group} (components/platform/chart-catalog.ts)`);
      expect({ resource: resource.name, waits: dependsTransitively(plan(), resource.urn, releaseOf(plan(), chart).urn) }).toEqual({
        resource: resource.name,
        waits: true,
      });
    }
  });

  it("lets independent service releases install concurrently", () => {
    const all = releases(plan());
    for (const release of all) {
      const waitsFor = all.filter((other) => other !== release && dependsTransitively(plan(), release.urn, other.urn));
      // Only the dev object store feeds a release (Velero's backup location), and cert-manager Vault's
      // (its pods mount the serving certificate cert-manager issues), and the Trivy Operator's CRD release its
      // operator's (the operator's release skips crds/); nothing else chains releases.
      const certificateWaits = release.name === "harbor-release" || (release.name === "vault-release" && stack !== "dev");
      // The Barman Cloud plugin extends the operator and gets its gRPC certificates from cert-manager; an app's
      // cache waits for its certificate and pulls through Harbor's proxy cache (app resources follow the platform's).
      const expected = /-services-[a-z0-9-]+-cache$/.test(release.name)
        ? ["cert-manager-release", "harbor-release"]
        : release.name === "cloudnative-pg-barman-cloud"
          ? ["cert-manager-release", "cloudnative-pg-release"]
          : certificateWaits
            ? ["cert-manager-release"]
            : release.name === "trivy-operator-operator"
              ? ["trivy-operator-crds"]
              : [];
      expect({ release: release.name, waitsFor: waitsFor.map((r) => r.name).filter((n) => n !== "velero-store-release") }).toEqual({
        release: release.name,
        waitsFor: expected,
      });
    }
  });

  it("runs each service component in its description's namespace, with its described charts", () => {
    for (const service of SERVICE_NAMES) {
      const { namespace, chart, extraCharts } = SERVICE_DESCRIPTIONS[service];
      const component = plan().resources.filter((r) => r.type === `delivery-platform:platform:${SERVICE_DESCRIPTIONS[service].component}`);
      expect(component).toHaveLength(1);
      const owned = plan().resources.filter((r) => r.urn !== component[0]!.urn && descendsFrom(plan(), r, component[0]!.urn));
      const namespaces = owned.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => inputAt(r, "metadata.name"));
      expect({ service, namespaces }).toEqual({ service, namespaces: [namespace] });
      const charts = [chart, ...extraCharts].map((pin) => pin.chart);
      for (const release of owned.filter((r) => r.type === RELEASE)) {
        expect({ release: release.name, namespace: release.inputs.namespace }).toEqual({ release: release.name, namespace });
        expect(charts).toContain((release.inputs.chart as string).split("/").pop());
      }
    }
  });

  it("scrapes exactly the metrics Services the enabled services describe", () => {
    const vm = plan().resources.find((r) => r.type === "delivery-platform:platform:VictoriaMetrics")!;
    // The platform's own scrapes (app onboarding adds one per app elsewhere).
    const scrapes = plan().resources.filter(
      (r) => r.type === "kubernetes:operator.victoriametrics.com/v1beta1:VMServiceScrape" && descendsFrom(plan(), r, vm.urn),
    );
    const described = SERVICE_NAMES.flatMap((service) =>
      SERVICE_DESCRIPTIONS[service].metrics(stack as Profile, SERVICE_DESCRIPTIONS[service].namespace),
    );
    expect(described.length).toBeGreaterThan(10);
    expect(scrapes.map((s) => inputAt(s, "metadata.name")).sort()).toEqual(described.map((t) => `platform-${t.name}`).sort());
    for (const target of described) {
      const scrape = scrapes.find((s) => inputAt(s, "metadata.name") === `platform-${target.name}`)!;
      expect(scrape.inputs.spec).toEqual({
        selector: { matchLabels: target.selector },
        namespaceSelector: { matchNames: [target.namespace] },
        endpoints: [
          {
            port: target.port,
            path: target.path ?? "/metrics",
            scheme: target.scheme ?? "http",
            ...(target.params && { params: target.params }),
            ...(target.tlsServerName && {
              tlsConfig: { ca: { secret: { name: "platform-internal-ca", key: "ca.crt" } }, serverName: target.tlsServerName },
            }),
          },
        ],
      });
    }
  });
});

describe("profiles", () => {
  const values = (stack: string, chart: string) => releaseOf(plans[stack]!, chart).inputs.values as Record<string, unknown>;
  const at = (v: Record<string, unknown>, dotted: string) =>
    dotted.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], v);

  it("prod is highly available where dev is light", () => {
    expect(at(values("prod", "vault"), "server.ha.enabled")).toBe(true);
    expect(at(values("prod", "vault"), "server.ha.replicas")).toBe(3);
    expect(at(values("dev", "vault"), "server.dev.enabled")).toBe(true);
    expect(at(values("prod", "argo-cd"), "redis-ha.enabled")).toBe(true);
    expect(at(values("dev", "argo-cd"), "redis-ha.enabled")).not.toBe(true);
    expect(at(values("prod", "kyverno"), "admissionController.replicas")).toBe(3);
    expect(at(values("dev", "kyverno"), "admissionController.replicas")).toBe(1);
    expect(at(values("prod", "victoria-metrics-k8s-stack"), "vmcluster.enabled")).toBe(true);
    expect(at(values("dev", "victoria-metrics-k8s-stack"), "vmsingle.enabled")).toBe(true);
    expect(Number(at(values("prod", "harbor"), "core.replicas"))).toBeGreaterThan(1);
    expect(at(values("dev", "harbor"), "core.replicas")).toBe(1);
  });

  it("installs the guardrail catalog's Kyverno policies: audit in dev (and warn in its staging environment) except tenant isolation and secrets in ConfigMaps, enforced in prod", () => {
    const actions = (stack: string) =>
      plans[stack]!.resources.filter((r) => r.type === "kubernetes:policies.kyverno.io/v1:ValidatingPolicy").map(
        (r) => (r.inputs.spec as { validationActions: string[] }).validationActions,
      );
    expect(actions("dev").length).toBeGreaterThanOrEqual(8);
    expect(new Set(actions("dev").flat())).toEqual(new Set(["Audit", "Deny", "Warn"]));
    const denied = plans
      .dev!.resources.filter((r) => r.type === "kubernetes:policies.kyverno.io/v1:ValidatingPolicy")
      .filter((r) => (r.inputs.spec as { validationActions: string[] }).validationActions.includes("Deny"))
      .map((r) => inputAt(r, "metadata.name"));
    expect(denied.sort()).toEqual([
      "app-ingress-hosts",
      "app-metrics-scrapes-own-namespace",
      "app-network-policies-scoped",
      "app-services-cluster-internal",
      // The restore-drill runner's Restores are confined everywhere: a drill restores with Velero's rights.
      "backing-services-private-encrypted",
      "drill-restores-confined",
      "no-secrets-in-configmaps",
      "rbac-least-privilege",
      // A Rollout with its own pod template would bypass the Deployment's checks: denied everywhere.
      "rollouts-reference-deployment",
    ]);
    expect(actions("prod").flat()).toContain("Deny");
  });

  it("prod backs up to external storage, dev to the in-cluster store", () => {
    expect(releases(plans.prod!).map((r) => r.name)).not.toContain("velero-store-release");
    expect(releases(plans.dev!).map((r) => r.name)).toContain("velero-store-release");
  });

  it("every exposed service gets a certificate from the platform issuer", () => {
    // Harbor's is a Certificate of its own, awaited before the release (harbor/ingress-certificate.ts).
    const harbor = plans.prod!.resources.find(
      (r) => r.type === "kubernetes:cert-manager.io/v1:Certificate" && r.name === "harbor-ingress-certificate",
    )!;
    expect(inputAt(harbor, "spec.issuerRef.name")).toBe("platform-issuer");
    for (const chart of ["argo-cd", "vault", "victoria-metrics-k8s-stack"]) {
      const annotations = leaves(values("prod", chart)).filter(
        ([key, value]) => key.endsWith("cert-manager.io/cluster-issuer") && value === "platform-issuer",
      );
      expect({ chart, annotated: annotations.length > 0 }).toEqual({ chart, annotated: true });
    }
  });
});
