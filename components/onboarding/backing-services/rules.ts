import type { AppSpec } from "../app-spec";
import type { Problem } from "../app-rules";
import { containerLimitProblems, quotaProblems } from "./quota";
import { MIN_PRODUCTION_POSTGRES_INSTANCES, runsIn } from "./sizing";

/** The platform's own cluster, as Argo CD names it (components/platform/argocd/destinations.ts). */
const IN_CLUSTER = "in-cluster";

/**
 * The rules of `services` beyond its schema: a service runs only in environments the app has,
 * production databases are highly available, and everything fits the app's quota and limits.
 * Paths are relative to the app, like the other app rules (app-rules.ts).
 */
export function backingServiceProblems(
  spec: AppSpec,
  environments: readonly { name: string; production: boolean; cluster?: string }[],
): Problem[] {
  const problems: Problem[] = [];
  for (const service of ["postgres", "cache"] as const) {
    // The operator, the plugin and the issuer run on the platform's own cluster (components/platform/cloudnative-pg).
    const elsewhere = spec.environments.filter((env) => {
      const cluster = environments.find((e) => e.name === env)?.cluster;
      return runsIn(spec.services[service], env) && cluster !== undefined && cluster !== IN_CLUSTER;
    });
    if (elsewhere.length > 0)
      problems.push({
        path: ["services", service],
        message: `${elsewhere.map((env) => `environment '${env}'`).join(", ")} runs on another cluster than the platform's: backing services run on the platform's own cluster only; list the others in services.${service}.environments`,
      });
    spec.services[service]?.environments?.forEach((env, index) => {
      if (!spec.environments.includes(env))
        problems.push({
          path: ["services", service, "environments", index],
          message: `'${env}' is not an environment of the app (${spec.environments.join(", ")}): add it to the app's environments or remove it here`,
        });
    });
  }
  const postgres = spec.services.postgres;
  if (postgres?.instances !== undefined && postgres.instances < MIN_PRODUCTION_POSTGRES_INSTANCES) {
    const production = environments.filter(
      (e) => e.production && spec.environments.includes(e.name) && (postgres.environments ?? spec.environments).includes(e.name),
    );
    if (production.length > 0)
      problems.push({
        path: ["services", "postgres", "instances"],
        message: `must be at least ${MIN_PRODUCTION_POSTGRES_INSTANCES} in production (${production.map((e) => e.name).join(", ")}): a primary and a replica on another node; leave it out for 3`,
      });
  }
  return [...problems, ...containerLimitProblems(spec), ...quotaProblems(spec, environments)];
}
