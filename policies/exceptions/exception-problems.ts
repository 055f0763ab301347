import type { Problem } from "../../components/onboarding/app-rules";
import { guardrailById, GUARDRAILS, type Profile } from "../catalog";
import { isExpiredOn, MAX_EXCEPTION_DAYS, type ExceptionRecord } from "./exception-record";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the records are checked against: the stack's profile, clock, apps and the namespaces it owns. */
export interface ExceptionContext {
  profile: Profile;
  now: Date;
  /** This stack's apps with their environments. */
  apps: readonly { name: string; environments: readonly string[] }[];
  /** Namespaces the platform owns (stacks/owned-namespaces.ts). */
  ownedNamespaces: readonly string[];
  /** Namespaces of this stack's apps: their image policies are this stack's. */
  appNamespaces: readonly string[];
}

const known = new Set(GUARDRAILS.map((g) => g.id));
const isAlwaysMandatory = (id: string) => Object.values(guardrailById(id).enforcement).every((level) => level === "mandatory");

/**
 * Problems of the `exceptions` records that need more than one key: unique ids, guardrails that take
 * exceptions, an expiry neither past (prod; elsewhere an expired record is reported, not applied)
 * nor too far ahead for the profile, and a scope naming what this stack has. Paths are relative to
 * `exceptions`.
 */
export function exceptionProblems(records: readonly ExceptionRecord[], context: ExceptionContext): Problem[] {
  const problems: Problem[] = [];
  const max = MAX_EXCEPTION_DAYS[context.profile];
  records.forEach((record, index) => {
    const at = (path: (string | number)[], message: string) => problems.push({ path: [index, ...path], message });
    if (records.findIndex((other) => other.id === record.id) < index)
      at(["id"], `duplicate exception id '${record.id}'; ids must be unique`);
    if (!known.has(record.guardrail)) return;
    const guardrail = guardrailById(record.guardrail);
    if (isAlwaysMandatory(record.guardrail))
      at(
        ["guardrail"],
        `'${record.guardrail}' is mandatory on every profile: its violation is never acceptable, so it takes no exceptions`,
      );

    const expiry = Date.parse(`${record.expires}T23:59:59Z`);
    if (context.profile === "prod" && isExpiredOn(record, context.now))
      at(
        ["expires"],
        `expired on ${record.expires}: an expired exception is an error in prod; fix the violation, or renew it with a new review`,
      );
    else if (expiry - context.now.getTime() > max * DAY_MS)
      at(["expires"], `more than ${max} days ahead (the ${context.profile} maximum); choose an earlier date and renew it when it comes`);

    const { scope } = record;
    const apps = new Map(context.apps.map((app) => [app.name, app]));
    scope.apps?.forEach((name, i) => {
      const app = apps.get(name);
      if (app === undefined)
        return at(["scope", "apps", i], `'${name}' is not an app of this stack (apps[]); tenant apps take exceptions in their namespaces`);
      scope.environments?.forEach((env, j) => {
        if (!app.environments.includes(env)) at(["scope", "environments", j], `app '${name}' has no environment '${env}'`);
      });
    });
    scope.namespaces?.forEach((namespace, i) => {
      if (!context.ownedNamespaces.includes(namespace))
        at(["scope", "namespaces", i], `'${namespace}' is not a namespace this platform owns`);
      else if (guardrail.id === "image-signature-verified" && !context.appNamespaces.includes(namespace))
        at(
          ["scope", "namespaces", i],
          `'${namespace}' has no image policy of this stack (a tenant's apps are checked by the tenant stack's)`,
        );
    });
    const resource = scope.resource;
    if (resource?.namespace !== undefined && !context.ownedNamespaces.includes(resource.namespace))
      at(["scope", "resource", "namespace"], `'${resource.namespace}' is not a namespace this platform owns`);
    if (resource?.urn !== undefined && !guardrail.implementations.includes("crossguard"))
      at(
        ["scope", "resource", "urn"],
        `'${guardrail.id}' is checked at admission only: name the Kubernetes object (kind, namespace, name)`,
      );
  });
  return problems;
}
