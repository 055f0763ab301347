import { POLICIES_API_VERSION } from "../../components/platform/kyverno/policy-manifests";
import { KYVERNO_SERVICE } from "../../components/platform/kyverno/service";
import { expiryInstant, type ExceptionRecord } from "../exceptions/exception-record";
import { celList, celString } from "./cel-literals";

export const EXCEPTION_REASON_ANNOTATION = "platform.delivery/exception-reason";
export const EXCEPTION_EXPIRES_ANNOTATION = "platform.delivery/exception-expires";
export const EXCEPTION_OWNER_ANNOTATION = "platform.delivery/exception-owner";
export const EXCEPTION_TICKET_ANNOTATION = "platform.delivery/exception-ticket";
/** The match condition that ends the exception at admission when it expires, without a redeploy. */
export const NOT_EXPIRED_CONDITION = "not-expired";

/** A policy the plan creates that an exception can reference, and the namespaces it covers (per-app policies). */
export interface PolicyTarget {
  kind: "ValidatingPolicy" | "ImageValidatingPolicy";
  name: string;
  guardrail: string;
  /** Only for policies that cover some namespaces by name (an app's image policies). */
  namespaces?: readonly string[];
}

/** The namespace an object is in; for a Namespace object, its own name (the namespace-labels policy admits those). */
const OBJECT_NAMESPACE = "(object.kind == 'Namespace' ? object.metadata.name : object.metadata.?namespace.orValue(''))";

/**
 * The match conditions of an exception: its scope, and its expiry checked on every request with
 * Kyverno's `time.now()` (kyverno/sdk extensions/cel/libs/time, in the environment Kyverno 1.19
 * compiles exception conditions in: pkg/cel/policies/vpol/compiler/compiler.go and
 * pkg/image/verification/evaluator/compiler.go). `spec.expiresAt` alone is read when Kyverno
 * (re)compiles a policy (pkg/cel/engine/exception.go ListExceptions), not at each request.
 */
export function exceptionConditions(
  record: ExceptionRecord,
  namespaces: readonly string[] | undefined,
): { name: string; expression: string }[] {
  const { resource } = record.scope;
  const scope =
    namespaces !== undefined
      ? [{ name: "in-scope-namespaces", expression: `${OBJECT_NAMESPACE} in ${celList(namespaces)}` }]
      : resource?.kind !== undefined
        ? [
            {
              name: "in-scope-object",
              expression: [
                `object.kind == ${celString(resource.kind)}`,
                `object.metadata.name == ${celString(resource.name!)}`,
                `object.metadata.?namespace.orValue('') == ${celString(resource.namespace ?? "")}`,
              ].join(" && "),
            },
          ]
        : [];
  return [...scope, { name: NOT_EXPIRED_CONDITION, expression: `time.now() <= timestamp(${celString(expiryInstant(record.expires))})` }];
}

/**
 * The Kyverno PolicyException (policies.kyverno.io/v1, served by Kyverno 1.19's CRD
 * config/crds/policies.kyverno.io/policies.kyverno.io_policyexceptions.yaml) of one exception
 * record, referencing the plan's policies of its guardrail that its scope reaches. CEL
 * PolicyExceptions reference policies by kind and name only (`policyRefs[]` has no rule names), so
 * the whole policy is excepted where the conditions hold. Undefined when no policy is reached (a
 * CrossGuard-only guardrail, or a Pulumi URN scope).
 *
 * `namespaces`: the scope's namespaces (apps resolved through the naming module); undefined for
 * `stack` and `resource` scopes.
 */
export function policyException(
  record: ExceptionRecord,
  targets: readonly PolicyTarget[],
  namespaces: readonly string[] | undefined,
): Record<string, unknown> | undefined {
  if (record.scope.resource?.urn !== undefined) return undefined;
  const reached = new Set(namespaces ?? (record.scope.resource?.namespace ? [record.scope.resource.namespace] : []));
  const refs = targets
    .filter((t) => t.guardrail === record.guardrail)
    .filter((t) => t.namespaces === undefined || reached.size === 0 || t.namespaces.some((ns) => reached.has(ns)));
  if (refs.length === 0) return undefined;
  return {
    apiVersion: POLICIES_API_VERSION,
    kind: "PolicyException",
    metadata: {
      name: record.id,
      namespace: KYVERNO_SERVICE.namespace,
      labels: { "platform.delivery/guardrail": record.guardrail },
      annotations: {
        [EXCEPTION_REASON_ANNOTATION]: record.reason,
        [EXCEPTION_EXPIRES_ANNOTATION]: record.expires,
        [EXCEPTION_OWNER_ANNOTATION]: record.owner,
        [EXCEPTION_TICKET_ANNOTATION]: record.ticket,
      },
    },
    spec: {
      policyRefs: refs.map((t) => ({ kind: t.kind, name: t.name })),
      expiresAt: expiryInstant(record.expires),
      properties: {
        guardrail: record.guardrail,
        reason: record.reason,
        owner: record.owner,
        ticket: record.ticket,
        expires: record.expires,
      },
      matchConditions: exceptionConditions(record, namespaces),
    },
  };
}
