import { POLICIES_API_VERSION } from "../../components/platform/kyverno/policy-manifests";
import { KYVERNO_SERVICE } from "../../components/platform/kyverno/service";
import { GUARDRAILS } from "../catalog";

export const EXCEPTION_REASON_ANNOTATION = "platform.delivery/exception-reason";
export const EXCEPTION_EXPIRES_ANNOTATION = "platform.delivery/exception-expires";
/** Exceptions are temporary: at most this many days ahead. */
export const MAX_EXCEPTION_DAYS = 180;

export interface ExceptionRequest {
  /** DNS-1123 name of the exception. */
  name: string;
  /** Guardrail ids the exception applies to (their Kyverno policies). */
  guardrails: readonly string[];
  /** Why the exception is acceptable, and who accepted it. */
  reason: string;
  /** Last day the exception is valid, YYYY-MM-DD (UTC). */
  expires: string;
  /** CEL conditions selecting what is excepted, e.g. `object.metadata.namespace == 'legacy-prod'`. */
  matchConditions: readonly { name: string; expression: string }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A Kyverno PolicyException (policies.kyverno.io/v1) for guardrail policies.
 * Rejected at generation time when it has no reason, no conditions, an
 * unknown guardrail, or an expiry that is past or too far ahead.
 */
export function policyException(request: ExceptionRequest, now: Date = new Date()): Record<string, unknown> {
  const problems: string[] = [];
  if (request.reason.trim().length < 10) problems.push("reason must explain the exception (at least 10 characters)");
  const expiry = /^\d{4}-\d{2}-\d{2}$/.test(request.expires) ? new Date(`${request.expires}T23:59:59Z`) : undefined;
  if (expiry === undefined || Number.isNaN(expiry.getTime())) problems.push(`expires must be a date YYYY-MM-DD (got '${request.expires}')`);
  else if (expiry.getTime() < now.getTime()) problems.push(`expired on ${request.expires}`);
  else if (expiry.getTime() - now.getTime() > MAX_EXCEPTION_DAYS * DAY_MS)
    problems.push(`expires more than ${MAX_EXCEPTION_DAYS} days ahead`);
  if (request.guardrails.length === 0) problems.push("must name at least one guardrail");
  const kyvernoGuardrails = new Map(GUARDRAILS.filter((g) => g.kyverno !== undefined).map((g) => [g.id, g]));
  for (const id of request.guardrails) if (!kyvernoGuardrails.has(id)) problems.push(`'${id}' is not a guardrail enforced by Kyverno`);
  if (request.matchConditions.length === 0) problems.push("must narrow the exception with at least one match condition");
  if (problems.length > 0) throw new Error(`policy exception '${request.name}': ${problems.join("; ")}`);

  return {
    apiVersion: POLICIES_API_VERSION,
    kind: "PolicyException",
    metadata: {
      name: request.name,
      namespace: KYVERNO_SERVICE.namespace,
      annotations: { [EXCEPTION_REASON_ANNOTATION]: request.reason, [EXCEPTION_EXPIRES_ANNOTATION]: request.expires },
    },
    spec: {
      policyRefs: request.guardrails.map((id) => ({
        kind: id === "image-signature-verified" ? "ImageValidatingPolicy" : "ValidatingPolicy",
        name: id,
      })),
      matchConditions: request.matchConditions.map((c) => ({ ...c })),
    },
  };
}
