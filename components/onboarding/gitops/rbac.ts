import type { AppNames } from "../app-names";
import type { GitOpsTarget } from "./targets";

/** AppProject `spec.roles[]` entry (CRD ProjectRole). */
export interface ProjectRole {
  name: string;
  description: string;
  groups: string[];
  policies: string[];
}

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
export function projectRoles(project: string, names: AppNames, targets: readonly GitOpsTarget[]): ProjectRole[] {
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
      description: `Read ${names.app} everywhere; sync it outside production`,
      groups: [names.groups.developers],
      policies: developers,
    },
    {
      name: "maintainers",
      description: `Read and sync ${names.app} in every environment`,
      groups: [names.groups.maintainers],
      policies: maintainers,
    },
  ];
}
