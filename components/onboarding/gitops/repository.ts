import type * as pulumi from "@pulumi/pulumi";
import type { RepositoryCredentials } from "./args";

/** Argo CD discovers repository Secrets in its namespace by this label. */
export const REPOSITORY_SECRET_LABELS = { "argocd.argoproj.io/secret-type": "repository" } as const;

/**
 * `stringData` of a project-scoped repository Secret (argocd-repositories.yaml):
 * `project` makes the credentials usable by this app's project only.
 */
export function repositorySecretData(
  project: string,
  url: pulumi.Input<string>,
  credentials: RepositoryCredentials,
): Record<string, pulumi.Input<string>> {
  return { type: "git", url, project, username: credentials.username, password: credentials.password };
}
