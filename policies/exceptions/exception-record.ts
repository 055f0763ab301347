import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { GUARDRAILS, type Profile } from "../catalog";

/**
 * One policy exception, as the stack config records it (`exceptions[]`): which guardrail, where,
 * why, who owns it, where it was decided and until when. From this one record the plan derives
 * the CrossGuard waiver and the Kyverno PolicyException (policies/exceptions/, policies/kyverno/).
 */

/** Exceptions are temporary: at most this many days ahead, per profile (prod is reviewed quarterly). */
export const MAX_EXCEPTION_DAYS: Readonly<Record<Profile, number>> = { dev: 180, staging: 180, prod: 90 };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

const guardrailIds = GUARDRAILS.map((g) => g.id);
const suggestion = (id: string) => {
  const best = closest(id, guardrailIds);
  return distance(id, best) <= Math.max(2, Math.floor(id.length / 3)) ? `; did you mean '${best}'?` : "";
};

const names = (what: string) =>
  z.array(z.string().regex(DNS_LABEL, `must be ${what} (a DNS-1123 label)`)).min(1, `must list at least one ${what}`);

export const exceptionScopeSchema = z
  .strictObject({
    stack: z.literal(true).optional().meta({ description: "The whole stack: every resource and every app namespace." }),
    apps: names("app")
      .optional()
      .meta({ description: "Apps of this stack: their namespaces and, without `environments`, everything their onboarding creates." }),
    environments: names("environment").optional().meta({ description: "With `apps`: only these environments' namespaces." }),
    namespaces: names("namespace").optional().meta({ description: "Namespaces the platform owns." }),
    resource: z
      .strictObject({
        kind: z
          .string()
          .regex(KIND, "must be a Kubernetes kind such as Deployment")
          .optional()
          .meta({ description: "Kind of the Kubernetes object." }),
        namespace: z
          .string()
          .regex(DNS_LABEL, "must be a namespace (a DNS-1123 label)")
          .optional()
          .meta({ description: "Its namespace (none for cluster-scoped objects)." }),
        name: z
          .string()
          .min(1)
          .optional()
          .meta({ description: "Its name. A controller's pods are other objects: scope their namespace to except them." }),
        urn: z
          .string()
          .startsWith("urn:pulumi:", "must be a Pulumi URN")
          .optional()
          .meta({ description: "A Pulumi resource's URN (CrossGuard only)." }),
      })
      .refine((r) => (r.urn !== undefined) !== (r.kind !== undefined && r.name !== undefined), {
        message: "name either a Kubernetes object (kind, namespace, name) or a Pulumi resource (urn)",
      })
      .optional()
      .meta({
        description: "One object: a Kubernetes object (`kind`, `namespace`, `name`) or a Pulumi `urn` (waived in CrossGuard only).",
      }),
  })
  .superRefine((scope, ctx) => {
    const kinds = (["stack", "apps", "namespaces", "resource"] as const).filter((k) => scope[k] !== undefined);
    if (kinds.length !== 1)
      ctx.addIssue({
        code: "custom",
        message: `set exactly one of stack, apps, namespaces or resource${kinds.length > 1 ? ` (got ${kinds.join(", ")})` : ""}`,
      });
    if (scope.environments !== undefined && scope.apps === undefined)
      ctx.addIssue({ code: "custom", path: ["environments"], message: "only narrows `apps`; list the namespaces instead" });
  })
  .meta({
    description: "Where the exception applies: exactly one of `stack`, `apps` (optionally with `environments`), `namespaces`, `resource`.",
  });

export const exceptionRecordSchema = z
  .strictObject({
    id: z
      .string()
      .max(63, "must be at most 63 characters")
      .regex(DNS_LABEL, "must be a DNS-1123 label such as legacy-batch-root (it names the PolicyException)")
      .meta({ description: "Unique name of the exception; also the name of its Kyverno PolicyException." }),
    guardrail: z
      .string()
      .refine((id) => guardrailIds.includes(id), {
        error: (issue) =>
          `unknown guardrail '${String(issue.input)}'${suggestion(String(issue.input))} (the ids are in docs/guardrails.md)`,
      })
      .meta({ description: "Id of the guardrail excepted (docs/guardrails.md)." }),
    scope: exceptionScopeSchema,
    reason: z
      .string()
      .min(20, "say why the exception is acceptable and what replaces the guardrail meanwhile (at least 20 characters)")
      .meta({ description: "Why the exception is acceptable." }),
    owner: z.string().min(1, "required: who answers for the exception (a person or role)").meta({ description: "Who answers for it." }),
    ticket: z
      .string()
      .min(1, "required: where the decision is recorded (an issue or change id)")
      .meta({ description: "Where it was decided." }),
    expires: z
      .string()
      .regex(ISO_DATE, "must be a date such as 2027-06-30")
      .refine((date) => !Number.isNaN(Date.parse(`${date}T00:00:00Z`)), "must be a real calendar date")
      .meta({ description: "Last day (UTC) the exception holds, YYYY-MM-DD; at most 90 days ahead in prod, 180 elsewhere." }),
  })
  .meta({
    description: "A temporary, owned exception from one guardrail: the CrossGuard waiver and the Kyverno PolicyException come from it.",
  });

export type ExceptionRecord = z.output<typeof exceptionRecordSchema>;
export type ExceptionScope = ExceptionRecord["scope"];

/** The last instant an exception holds: the end of its expiry day, UTC. */
export const expiryInstant = (expires: string): string => `${expires}T23:59:59Z`;

export const isExpiredOn = (record: Pick<ExceptionRecord, "expires">, now: Date): boolean =>
  Date.parse(expiryInstant(record.expires)) < now.getTime();

/** The scope in words, for reports: `apps payments-api (dev)`. */
export function describeScope(scope: ExceptionScope): string {
  if (scope.stack) return "the whole stack";
  if (scope.apps) return `apps ${scope.apps.join(", ")}${scope.environments ? ` (${scope.environments.join(", ")})` : ""}`;
  if (scope.namespaces) return `namespaces ${scope.namespaces.join(", ")}`;
  const r = scope.resource!;
  return r.urn ?? `${r.kind}${r.namespace ? ` ${r.namespace}/` : " "}${r.name}`;
}

/** An exception as the plan reports it: the record, its scope in words and whether it is still open. */
export type ExceptionStatus = ExceptionRecord & { scopeText: string; status: "open" | "expired" };

export const exceptionStatus = (record: ExceptionRecord, now: Date): ExceptionStatus => ({
  ...record,
  scopeText: describeScope(record.scope),
  status: isExpiredOn(record, now) ? "expired" : "open",
});
