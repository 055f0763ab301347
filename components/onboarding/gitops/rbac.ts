import type { AppSpec } from "../app-spec";
import type { GitOpsTarget } from "./targets";

/** AppProject `spec.roles[]` entry (CRD ProjectRole). */
export interface ProjectRole {
  name: string;
  description: string;
  groups: string[];
  policies: string[];
}

export const developersGroup = (spec: AppSpec): string => spec.access.developers ?? `${spec.team}-developers`;
export const maintainersGroup = (spec: AppSpec): string => spec.access.maintainers ?? `${spec.team}-maintainers`;

/**
 * Project-role policies name each Application (`<project>/<app>`) instead of
 * `<project>/*`, so a later Application in the project gains no access by accident.
 */
function policy(project: string, role: string, resource: "applications" | "logs", action: "get" | "sync", target: GitOpsTarget): string {
  return `p, proj:${project}:${role}, ${resource}, ${action}, ${project}/${target.applicationName}, allow`;
}

/**
 * Developers see every environment but sync and read logs only outside
 * production; maintainers also operate production. Logs are withheld from
 * developers in production because they may carry customer data.
 */
export function projectRoles(project: string, spec: AppSpec, targets: readonly GitOpsTarget[]): ProjectRole[] {
  const developers = targets.flatMap((t) =>
    t.production
      ? [policy(project, "developers", "applications", "get", t)]
      : [
          policy(project, "developers", "applications", "get", t),
          policy(project, "developers", "applications", "sync", t),
          policy(project, "developers", "logs", "get", t),
        ],
  );
  const maintainers = targets.flatMap((t) => [
    policy(project, "maintainers", "applications", "get", t),
    policy(project, "maintainers", "applications", "sync", t),
    policy(project, "maintainers", "logs", "get", t),
  ]);
  return [
    {
      name: "developers",
      description: `Read ${spec.name} everywhere; sync it outside production`,
      groups: [developersGroup(spec)],
      policies: developers,
    },
    {
      name: "maintainers",
      description: `Read and sync ${spec.name} in every environment`,
      groups: [maintainersGroup(spec)],
      policies: maintainers,
    },
  ];
}
