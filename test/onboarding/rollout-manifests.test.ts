// Canary and blue-green apps: the Rollout and AnalysisTemplate each environment overlay gets, checked
// against @kubernetes-models/argo-rollouts and, for the analysis queries, the PromQL grammar.
import { parser } from "@prometheus-io/lezer-promql";
import { parse } from "yaml";
import { appSpecSchema, type AppSpec, type AppSpecInput } from "../../components/onboarding/app-spec";
import { configRepoFiles, type ConfigRepoInput } from "../../components/onboarding/repositories/config-repo-files";
import { analysisQueries, ANALYSIS_ARGS, ANALYSIS_METRICS } from "../../components/onboarding/repositories/rollout-manifests";
import { validateManifests } from "../helpers/kubernetes-schema";
import { testNames } from "../helpers/onboarding-context";

const QUERY_URL = "http://vmselect-vm.monitoring.svc:8481/select/0/prometheus";
const ENVIRONMENTS = [
  { name: "dev", production: false, cluster: "in-cluster" },
  { name: "prod", production: true, cluster: "in-cluster" },
];

const app = (delivery: AppSpecInput["delivery"] = { strategy: "canary" }): AppSpec =>
  appSpecSchema.parse({ name: "shop", team: "web", environments: ["dev", "prod"], delivery });
const input = (spec: AppSpec, metricsQueryUrl: string | undefined = QUERY_URL): ConfigRepoInput => ({
  spec,
  names: testNames(spec),
  environments: ENVIRONMENTS,
  metricsQueryUrl,
});
interface Metric {
  name: string;
  successCondition: string;
  failureCondition: string;
  failureLimit: number;
  provider: { prometheus: { address: string; query: string } };
}
interface AnalysisArg {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
interface Analysis {
  templates: unknown;
  args: AnalysisArg[];
}
/** The fields of the rendered objects the tests read (everything else is checked by the upstream models). */
interface Doc {
  kind: string;
  metadata: { name: string };
  resources?: string[];
  replicas?: unknown;
  spec: {
    replicas: unknown;
    template?: unknown;
    selector: { matchLabels: Record<string, string> };
    workloadRef?: unknown;
    progressDeadlineAbort?: boolean;
    args: AnalysisArg[];
    metrics: Metric[];
    strategy: {
      canary: { steps: unknown[]; analysis: Analysis };
      blueGreen: { activeService: string; previewService: string; scaleDownDelaySeconds: number; postPromotionAnalysis: Analysis };
    };
  };
}
const files = (spec: AppSpec) => configRepoFiles(input(spec));
const doc = <T = Doc>(spec: AppSpec, path: string): T => {
  const file = files(spec).find((f) => f.path === path);
  if (!file) throw new Error(`no file ${path}`);
  return parse(file.content) as T;
};

/** The PromQL parse errors of a query, after Argo Rollouts' `{{args.*}}` substitution. */
function promqlErrors(query: string): string[] {
  const substituted = query
    .replaceAll(`{{args.${ANALYSIS_ARGS.namespace}}}`, "shop-prod")
    .replaceAll(`{{args.${ANALYSIS_ARGS.hash}}}`, "6d4f9c");
  const errors: string[] = [];
  parser.parse(substituted).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`error at ${node.from}: '${substituted.slice(node.from, node.to + 1)}'`);
    },
  });
  return errors;
}

describe("canary and blue-green releases in the config repository", () => {
  it("render a Rollout and an AnalysisTemplate per environment, both valid against @kubernetes-models/argo-rollouts", () => {
    for (const strategy of ["canary", "blueGreen"] as const) {
      const spec = app({ strategy });
      const manifests = ["dev", "prod"].flatMap((env) =>
        ["rollout.yaml", "analysis-template.yaml"].map((file) => doc<Doc & Record<string, unknown>>(spec, `overlays/${env}/${file}`)),
      );
      expect(manifests.map((m) => m.kind)).toEqual(["Rollout", "AnalysisTemplate", "Rollout", "AnalysisTemplate"]);
      expect(validateManifests(manifests)).toEqual(manifests.map(() => ({ status: "valid" })));
    }
  });

  it("the validator is the real one: a Rollout with a wrong field type is invalid", () => {
    const rollout = doc<Doc & Record<string, unknown>>(app(), "overlays/prod/rollout.yaml");
    const broken = { ...rollout, spec: { ...rollout.spec, replicas: "two" } };
    expect(validateManifests([broken])).toEqual([expect.objectContaining({ status: "invalid" })]);
  });

  it("the Rollout references the base Deployment (workloadRef), whose replicas the overlay sets to 0", () => {
    const spec = app();
    const deployment = doc(spec, "base/deployment.yaml");
    const rollout = doc(spec, "overlays/prod/rollout.yaml");
    expect(rollout.spec.workloadRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name });
    expect(rollout.spec.template).toBeUndefined();
    expect(rollout.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(rollout.spec.replicas).toBe(2);
    const overlay = doc<{ replicas: unknown; resources: string[] }>(spec, "overlays/prod/kustomization.yaml");
    expect(overlay.replicas).toEqual([{ name: deployment.metadata.name, count: 0 }]);
    expect(overlay.resources).toEqual(expect.arrayContaining(["rollout.yaml", "analysis-template.yaml"]));
  });

  it("canary: weights step by step with pauses, a background analysis from the first step, aborting on a missed deadline", () => {
    const rollout = doc(
      app({ strategy: "canary", analysis: { canaryWeights: [10, 30, 60], stepPause: "3m" } }),
      "overlays/dev/rollout.yaml",
    );
    const { canary } = rollout.spec.strategy;
    expect(canary.steps).toEqual([
      { setWeight: 10 },
      { pause: { duration: "3m" } },
      { setWeight: 30 },
      { pause: { duration: "3m" } },
      { setWeight: 60 },
      { pause: { duration: "3m" } },
    ]);
    expect(canary.analysis.templates).toEqual([{ templateName: "shop-release-analysis" }]);
    expect(canary.analysis.args).toEqual([
      { name: "namespace", value: "shop-dev" },
      { name: "canary-hash", valueFrom: { podTemplateHashValue: "Latest" } },
    ]);
    expect(rollout.spec.progressDeadlineAbort).toBe(true);
  });

  it("blueGreen: the app's Service is active, <app>-next the preview, analysed after promotion while the old pods stay", () => {
    const spec = app({ strategy: "blueGreen", analysis: { stepPause: "10m" } });
    const { blueGreen } = doc(spec, "overlays/prod/rollout.yaml").spec.strategy;
    expect(blueGreen.activeService).toBe(doc(spec, "base/service.yaml").metadata.name);
    expect(blueGreen.previewService).toBe("shop-next");
    expect(blueGreen.scaleDownDelaySeconds).toBeGreaterThan(600);
    expect(blueGreen.postPromotionAnalysis.templates).toEqual([{ templateName: "shop-release-analysis" }]);
    expect(doc(spec, "overlays/prod/preview-service.yaml")).toMatchObject({ kind: "Service", metadata: { name: "shop-next" } });
    expect(validateManifests([doc<Record<string, unknown>>(spec, "overlays/prod/preview-service.yaml")])).toEqual([{ status: "valid" }]);
  });

  it("the AnalysisTemplate queries VictoriaMetrics with the configured thresholds", () => {
    const template = doc(
      app({ strategy: "canary", analysis: { maxErrorRate: 0.05, maxLatencySeconds: 1.5, failureLimit: 2 } }),
      "overlays/prod/analysis-template.yaml",
    );
    const metrics = Object.fromEntries(template.spec.metrics.map((m) => [m.name, m]));
    expect(Object.keys(metrics)).toEqual([ANALYSIS_METRICS.errorRate, ANALYSIS_METRICS.latency]);
    expect(metrics["error-rate"]).toMatchObject({
      successCondition: "result[0] <= 0.05",
      failureCondition: "result[0] > 0.05",
      failureLimit: 2,
    });
    expect(metrics.latency).toMatchObject({ successCondition: "result[0] <= 1.5", failureCondition: "result[0] > 1.5", failureLimit: 2 });
    for (const metric of template.spec.metrics) expect(metric.provider.prometheus.address).toBe(QUERY_URL);
    expect(template.spec.args.map((a) => a.name)).toEqual(["namespace", "canary-hash"]);
  });

  it("delivery.analysis.prometheusAddress replaces the platform's query URL", () => {
    const spec = app({ strategy: "canary", analysis: { prometheusAddress: "https://metrics.example.test/prometheus" } });
    const template = doc(spec, "overlays/dev/analysis-template.yaml");
    expect(template.spec.metrics.map((m) => m.provider.prometheus.address)).toEqual([
      "https://metrics.example.test/prometheus",
      "https://metrics.example.test/prometheus",
    ]);
  });

  it("the analysis queries parse as PromQL and select only the new ReplicaSet's pods in the app's namespace", () => {
    const spec = app({ strategy: "canary", analysis: { errorMatcher: 'status=~"5..|429"', latencyQuantile: 0.99 } });
    const queries = analysisQueries(spec.delivery.analysis, testNames(spec));
    for (const query of Object.values(queries)) {
      expect(promqlErrors(query)).toEqual([]);
      expect(query).toContain('namespace="{{args.namespace}}"');
      expect(query).toContain('pod=~"shop-{{args.canary-hash}}-.*"');
    }
    expect(queries.errorRate).toContain('status=~"5..|429"');
    expect(queries.latency).toMatch(/^histogram_quantile\(0\.99, /);
  });

  it("the PromQL check is real: a broken query has parse errors", () => {
    expect(promqlErrors('sum(rate(http_requests_total{namespace="a"}[2m])')).not.toEqual([]);
  });

  it("a matcher that would break out of the selector is rejected by the spec", () => {
    for (const errorMatcher of ['code=~"5.."}) or vector(1', "code=5xx", 'code=~"5.."{']) {
      expect(
        appSpecSchema.safeParse({ name: "shop", team: "web", environments: ["dev"], delivery: { analysis: { errorMatcher } } }).success,
      ).toBe(false);
    }
  });

  it("rolling apps get no Rollout files and keep their replicas on the Deployment", () => {
    const spec = app({ strategy: "rolling" });
    expect(files(spec).filter((f) => /rollout|analysis|preview-service/.test(f.path))).toEqual([]);
    expect(doc<{ replicas: unknown }>(spec, "overlays/prod/kustomization.yaml").replicas).toEqual([{ name: "shop", count: 2 }]);
  });

  it("refuses to render an analysis without a metrics source", () => {
    expect(() => configRepoFiles({ ...input(app()), metricsQueryUrl: undefined })).toThrow(/needs a metrics query URL/);
  });
});
