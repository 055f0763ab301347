import type { Problem } from "./app-rules";
import type { AppSpec } from "./app-spec";

/** What the platform offers that canary, blue-green and preview apps rely on. */
export interface DeliveryPlatform {
  /** Argo Rollouts runs (`services.argoRollouts.enabled`). */
  rollouts: boolean;
  /** The platform's VictoriaMetrics runs (`services.victoriaMetrics.enabled`): the analysis' default metrics source. */
  metrics: boolean;
  /** Kyverno runs (`services.kyverno.enabled`): it admits preview images and gives preview namespaces their quota and TTL. */
  admission: boolean;
}

/**
 * canary and blueGreen need the Rollouts controller and metrics to decide on: a release that no
 * analysis can measure would never roll back on its own, which is the whole point of the strategy.
 */
export function progressiveDeliveryProblems(app: Pick<AppSpec, "delivery">, platform: DeliveryPlatform): Problem[] {
  const { strategy, analysis } = app.delivery;
  if (strategy === "rolling") return [];
  const problems: Problem[] = [];
  if (!platform.rollouts)
    problems.push({
      path: ["delivery", "strategy"],
      message: `'${strategy}' needs Argo Rollouts: enable services.argoRollouts or use strategy 'rolling'`,
    });
  if (!platform.metrics && analysis.prometheusAddress === undefined)
    problems.push({
      path: ["delivery", "analysis", "prometheusAddress"],
      message:
        `a ${strategy} release without metrics cannot abort on errors or latency: enable services.victoriaMetrics, ` +
        "set delivery.analysis.prometheusAddress, or use strategy 'rolling'",
    });
  return problems;
}

/** The environment that hosts an app's previews: the named one, or the app's first non-production environment. */
export function previewEnvironment(
  app: Pick<AppSpec, "environments" | "previews">,
  environments: readonly { name: string; production: boolean }[],
): string | undefined {
  const production = new Set(environments.filter((e) => e.production).map((e) => e.name));
  return app.previews.environment ?? app.environments.find((env) => !production.has(env));
}

/**
 * Previews share a non-production environment's cluster and rules, are admitted by Kyverno (which
 * also gives each preview namespace its quota and time to live) and never touch production.
 */
export function previewProblems(
  app: Pick<AppSpec, "environments" | "previews">,
  environments: readonly { name: string; production: boolean }[],
  platform: DeliveryPlatform,
): Problem[] {
  const { previews } = app;
  if (!previews.enabled) return previews.environment === undefined ? [] : unusedEnvironment();
  const problems: Problem[] = [];
  const production = new Set(environments.filter((e) => e.production).map((e) => e.name));
  const host = previewEnvironment(app, environments);
  if (previews.environment !== undefined && !app.environments.includes(previews.environment))
    problems.push({
      path: ["previews", "environment"],
      message: `'${previews.environment}' is not one of the app's environments (${app.environments.join(", ")})`,
    });
  else if (host === undefined)
    problems.push({
      path: ["previews", "enabled"],
      message: `previews on an app without a non-production environment (${app.environments.join(", ")}): previews run beside one; add one or disable previews`,
    });
  else if (production.has(host))
    problems.push({
      path: ["previews", "environment"],
      message: `'${host}' is a production environment: previews must never run beside production; name a non-production one`,
    });
  if (!platform.admission)
    problems.push({
      path: ["previews", "enabled"],
      message:
        "previews need Kyverno (services.kyverno): it admits their unsigned images only in preview namespaces and enforces their quota",
    });
  return problems;
}

const unusedEnvironment = (): Problem[] => [
  { path: ["previews", "environment"], message: "is set but previews are not enabled: set previews.enabled or remove it" },
];
