import type { PlanResource, PolicyViolation } from "./plan-document";

/** How to fix a violation of a guardrail (the catalog's `fix`), given its id. */
export type FixOf = (policy: string) => string;

const LEVEL_ORDER = { mandatory: 0, advisory: 1 } as const;

/**
 * Every policy violation, as `pulumi preview` with a policy pack lists them: level and guardrail
 * id, the resource (name, type and URN), the problem and the fix. Mandatory ones first. Pure:
 * returns the text.
 */
export function renderPolicyViolations(
  violations: readonly PolicyViolation[],
  resources: readonly Pick<PlanResource, "urn" | "name" | "type">[],
  fixOf: FixOf,
): string {
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  const sorted = [...violations].sort(
    (a, b) =>
      LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel] || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn),
  );
  return sorted
    .map((violation) => {
      const resource = byUrn.get(violation.urn);
      const named = resource === undefined ? violation.urn : `${resource.name} (${resource.type})\n            ${violation.urn}`;
      return [
        `[${violation.enforcementLevel}] ${violation.policy}`,
        `  resource: ${named}`,
        `  problem:  ${violation.message}`,
        `  fix:      ${fixOf(violation.policy)}`,
        ...(violation.waiver
          ? [
              `  waived:   by exception '${violation.waiver.id}' (owner ${violation.waiver.owner}, ticket ${violation.waiver.ticket}, expires ${violation.waiver.expires})`,
            ]
          : []),
      ].join("\n");
    })
    .join("\n");
}
