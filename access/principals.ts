import { appOwner, type PlannedApp } from "./apps";
import { refClassFacts } from "../policies/crossguard/gitlab-ref-classes";
import type { GraphBuilder, Owner, RefClass, Review } from "./graph";

/**
 * The principals: who can act. Each app's CI per ref class, its Kubernetes service accounts,
 * human groups (GitLab roles, Argo CD and Kubernetes RBAC groups), every authenticated user,
 * tenant stacks and the platform's own identities.
 */

/** The pipeline of a GitLab project on one class of ref. */
export function ciPrincipal(
  graph: GraphBuilder,
  project: string,
  app: PlannedApp | undefined,
  refClass: RefClass,
  review?: Review,
): string {
  const facts = refClassFacts(refClass);
  const who = app ? app.names.stable : `GitLab project ${project}`;
  return graph.node({
    id: `principal:ci:${project}:${refClass}`,
    kind: "principal",
    label: `CI of ${who} on a ${facts.label}`,
    owner: app ? appOwner(app) : { kind: "platform" },
    refClass,
    ...(review !== undefined ? { review } : {}),
  });
}

export function serviceAccount(graph: GraphBuilder, namespace: string, name: string, owner: Owner): string {
  return graph.node({ id: `principal:sa:${namespace}/${name}`, kind: "principal", label: `service account ${namespace}/${name}`, owner });
}

/** An identity-provider group (Kubernetes RBAC subject, Argo CD group, OIDC `groups` claim). */
export function humanGroup(graph: GraphBuilder, group: string, team: string | undefined): string {
  return graph.node({
    id: `principal:group:${group}`,
    kind: "principal",
    label: `group ${group}`,
    owner: team !== undefined ? { kind: "team", team } : { kind: "platform" },
  });
}

/** Everyone who can log in through SSO: the subject of Argo CD's `policy.default`. */
export function anyone(graph: GraphBuilder): string {
  return graph.node({ id: "principal:anyone", kind: "principal", label: "every authenticated user", owner: { kind: "anyone" } });
}

export function tenantStack(graph: GraphBuilder, stack: string): string {
  return graph.node({
    id: `principal:stack:${stack}`,
    kind: "principal",
    label: `tenant stack ${stack} (its provider credentials)`,
    owner: { kind: "tenant", stack },
  });
}

export function platformIdentity(graph: GraphBuilder, id: string, label: string): string {
  return graph.node({ id: `principal:platform:${id}`, kind: "principal", label, owner: { kind: "platform" } });
}
