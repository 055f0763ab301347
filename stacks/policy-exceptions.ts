import { appNames } from "../components/onboarding/app-names";
import { plannedImagePolicies } from "../components/onboarding/image-policy-groups";
import type { AppImagePolicies } from "../components/onboarding/onboarding-context";
import { hostFor } from "../components/platform/platform-context";
import { exceptionStatus, type ExceptionRecord, type ExceptionStatus } from "../policies/exceptions/exception-record";
import { policyTargets } from "../policies/kyverno/manifests";
import { policyException, type PolicyTarget } from "../policies/kyverno/policy-exception";
import type { PlatformConfig } from "./config/schema";
import { stackAppNamespaces } from "./owned-namespaces";

/** An exception as the stack exports it (output `guardrails.exceptions`): status, the namespaces its scope resolves to, its PolicyException. */
export type ExportedException = ExceptionStatus & {
  /** The scope's namespaces (apps resolved through the naming module); absent for stack and resource scopes. */
  namespaces?: string[];
  /** The Kyverno side: the PolicyException's name and the policies it references (`Kind/name`); absent when none. */
  kyverno?: { policyException: string; policies: string[] };
};

export interface StackExceptions {
  /** PolicyExceptions of the open records, for the Kyverno component. */
  manifests: Record<string, unknown>[];
  exported: ExportedException[];
}

/** The namespaces a scope names: an app's (in the listed environments), or the listed ones. */
function scopeNamespaces(record: ExceptionRecord, appNamespaces: ReturnType<typeof stackAppNamespaces>): string[] | undefined {
  const { apps, environments, namespaces } = record.scope;
  if (namespaces !== undefined) return [...namespaces];
  if (apps === undefined) return undefined;
  return apps.flatMap((app) =>
    (appNamespaces.get(app) ?? [])
      .filter((ns) => environments === undefined || environments.includes(ns.environment!))
      .map((ns) => ns.name),
  );
}

/**
 * From each `exceptions` record: its status today and, when open, its Kyverno PolicyException
 * against the policies this stack really creates: the platform's guardrail policies (every
 * per-environment variant) and each app's image policies. An expired record gets none, and its
 * CrossGuard waiver is not applied (plan/policy-evaluation.ts reads `exported`).
 */
export function stackPolicyExceptions(
  config: PlatformConfig,
  platformPolicies: readonly Record<string, unknown>[],
  imagePolicies: AppImagePolicies,
  now: Date = new Date(),
): StackExceptions {
  const naming = { gitlabParentGroup: config.gitlab.parentGroup, registryHost: hostFor(config, "harbor"), domain: config.domain };
  const appImageTargets: PolicyTarget[] = config.apps.flatMap((app) =>
    plannedImagePolicies(appNames(app, naming), app.environments, imagePolicies).map((planned) => ({
      kind: "ImageValidatingPolicy" as const,
      name: planned.name,
      guardrail: "image-signature-verified",
      namespaces: planned.namespaces,
    })),
  );
  const targets = [...policyTargets(platformPolicies), ...appImageTargets];
  const appNamespaces = stackAppNamespaces(config);
  const manifests: Record<string, unknown>[] = [];
  const exported = config.exceptions.map((record): ExportedException => {
    const status = exceptionStatus(record, now);
    const namespaces = scopeNamespaces(record, appNamespaces);
    const manifest = status.status === "open" ? policyException(record, targets, namespaces) : undefined;
    if (manifest !== undefined) manifests.push(manifest);
    const refs = ((manifest?.spec as { policyRefs?: { kind: string; name: string }[] } | undefined)?.policyRefs ?? []).map(
      (ref) => `${ref.kind}/${ref.name}`,
    );
    return {
      ...status,
      ...(namespaces !== undefined ? { namespaces } : {}),
      ...(manifest !== undefined ? { kyverno: { policyException: record.id, policies: refs } } : {}),
    };
  });
  return { manifests, exported };
}
