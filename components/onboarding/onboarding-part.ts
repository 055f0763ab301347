/**
 * Which half of an app's onboarding one AppOnboarding creates (docs/access.md, "Tenant stack
 * credentials"):
 *
 * - `all`: everything, for an app of the platform stack (one component, one stack).
 * - `foundations`: what needs platform rights, created by the platform stack for a tenant's
 *   accepted claim: namespaces with quota, limits, network policies, RBAC and the app's service
 *   account; the Vault policies, auth roles, KV placeholders and transit key; the Harbor project
 *   and robots; the Argo CD project, repository and applications; the image admission policy;
 *   monitoring and the backup schedule.
 * - `tenant`: what the tenant stack's scoped credentials may create: the GitLab projects with
 *   the pipeline and config repository, the GitOps writer token in the app's CI folder, and the
 *   External Secrets objects in the app's namespaces.
 *
 * Each resource keeps its name and parent in every part, so the halves of a tenant app have the
 * URNs they had in one stack (only the stack differs: moved with `pulumi state move`).
 */
export const ONBOARDING_PARTS = ["all", "foundations", "tenant"] as const;
export type OnboardingPart = (typeof ONBOARDING_PARTS)[number];

/** Whether a part creates the platform-privileged half. */
export const createsFoundations = (part: OnboardingPart): boolean => part !== "tenant";
/** Whether a part creates the half a tenant stack's credentials may create. */
export const createsTenantHalf = (part: OnboardingPart): boolean => part !== "foundations";
