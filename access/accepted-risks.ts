import { z } from "zod";
import type { AcceptedRisk } from "./graph";
import { field } from "./plan-index";

/**
 * What the stack config says about GitLab and the risks it accepts, read from the plan's outputs
 * (the stack exports them; nothing here reads config files):
 *   onboarding.gitlab.tier   free | premium | ultimate. Absent: premium, because the plan
 *                            creates merge request approval rules, which GitLab Free refuses.
 *   acceptedRisks[]          { id, reason, apps? }:
 *     gitlab-free-approvals  on Free, approval rules and code owners are not enforced: production
 *                            changes rely on the team's process. Accepting it turns the missing
 *                            approval into a recorded edge instead of a failure.
 *     emergency-change       { group, approvals }: an on-call group may merge production changes
 *                            with a reduced approval and review afterwards; the graph shows it as
 *                            an explicit edge from that group.
 * An accepted risk is an edge the report prints with its reason, never a silent bypass.
 */
const risk = z.discriminatedUnion("id", [
  z.strictObject({
    id: z.literal("gitlab-free-approvals"),
    reason: z.string().min(1),
    // Who accepted it and until when (stack config gitlab.acceptMissingApprovals); shown in the evidence.
    owner: z.string().optional(),
    ticket: z.string().optional(),
    expires: z.string().optional(),
    apps: z.array(z.string()).optional(),
  }),
  z.strictObject({
    id: z.literal("emergency-change"),
    reason: z.string().min(1),
    group: z.string().min(1),
    approvals: z.number().int().min(0),
    apps: z.array(z.string()).optional(),
  }),
]);

const schema = z.object({
  tier: z.enum(["free", "premium", "ultimate"]).optional(),
  acceptedRisks: z.array(risk).default([]),
});

export type GitlabTier = "free" | "premium" | "ultimate";
export type AcceptedRiskEntry = z.infer<typeof risk>;

export interface AccessSettings {
  tier: GitlabTier;
  tierAssumed: boolean;
  risks: readonly AcceptedRiskEntry[];
}

export class AccessSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

/** Reads and checks the settings once; a malformed entry is a usage error naming its key. */
export function accessSettings(outputs: Record<string, unknown>): AccessSettings {
  const parsed = schema.safeParse({ tier: field(outputs, "onboarding", "gitlab", "tier"), acceptedRisks: outputs.acceptedRisks });
  if (!parsed.success) {
    const key = (path: PropertyKey[]) => (path[0] === "tier" ? "onboarding.gitlab.tier" : path.map(String).join("."));
    throw new AccessSettingsError(
      parsed.error.issues.map(
        (i) => `outputs.${key(i.path)}: ${i.message} (fix the stack config that exports it; see access/accepted-risks.ts)`,
      ),
    );
  }
  return { tier: parsed.data.tier ?? "premium", tierAssumed: parsed.data.tier === undefined, risks: parsed.data.acceptedRisks };
}

/** The accepted risk of this kind covering `app`, if any. */
export function acceptedRisk(settings: AccessSettings, id: AcceptedRiskEntry["id"], app: string): AcceptedRisk | undefined {
  const entry = settings.risks.find((r) => r.id === id && (r.apps === undefined || r.apps.includes(app)));
  return entry === undefined ? undefined : { id: entry.id, reason: entry.reason };
}
