import { z } from "zod";

/**
 * The GitLab tier the platform runs against. Required merge request approvals (approval rules, the
 * project's approval settings) and Code Owners are GitLab Premium features; on Free a maintainer
 * can merge an unapproved merge request, their own included, so production changes lose their
 * independent approval (docs/config-repository.md). Free is allowed only with that gap accepted
 * explicitly, on the record.
 */
export const GITLAB_TIERS = ["free", "premium", "ultimate"] as const;
export type GitlabTier = (typeof GITLAB_TIERS)[number];

export const hasApprovalRules = (tier: GitlabTier): boolean => tier !== "free";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A risk the operator accepts explicitly: who, why, until when. Listed in the plan's outputs and the evidence. */
export const acceptedRiskSchema = z.strictObject({
  reason: z
    .string()
    .min(20, "say why the risk is acceptable (at least 20 characters)")
    .meta({ description: "Why the risk is acceptable." }),
  owner: z.string().min(1).meta({ description: "Who accepted it (a person or role)." }),
  ticket: z.string().min(1).optional().meta({ description: "Where the decision is recorded." }),
  expires: z
    .string()
    .regex(ISO_DATE, "must be a date such as 2027-06-30")
    .refine((date) => !Number.isNaN(Date.parse(date)), "must be a real calendar date")
    .meta({ description: "Date (YYYY-MM-DD) after which the acceptance no longer holds and the plan fails." }),
});
export type AcceptedRisk = z.output<typeof acceptedRiskSchema>;

/** Whether an acceptance has expired on `today` (it holds through its expiry date). */
export const isExpired = (risk: Pick<AcceptedRisk, "expires">, today: Date): boolean =>
  Date.parse(`${risk.expires}T23:59:59Z`) < today.getTime();
