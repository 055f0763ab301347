import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { appNameProblems, environmentProblems, productionWindowProblems } from "../../components/onboarding/app-rules";
import { appSpecSchema, type AppSpec } from "../../components/onboarding/app-spec";
import { ConfigError, describeIssue, formatPath } from "../../components/validation/issues";
import { PROJECT, type PlatformConfig } from "../config/schema";
import type { TenantConfig } from "./config";

/**
 * The claim model (docs/access.md, "Tenant stack credentials"): a tenant stack publishes its
 * validated app specs as the stack output `claims`; the platform stack reads the output of each
 * tenant its ownership registry (`tenants`) lists, accepts the apps the registry gives that
 * tenant and creates their foundations. A claim for anyone else's app stops the platform's plan
 * (exit 2, nothing planned): a tenant cannot make the platform write another owner's names.
 */
export const TENANT_CLAIMS_OUTPUT = "claims";

const claimsSchema = z.strictObject({
  /** The group the tenant's team groups live under: CI roles bind project paths derived from it. */
  gitlabParentGroup: z.string().min(1),
  apps: z.array(z.unknown()),
});

/** What a tenant stack exports as `claims`: plain values, no secrets. */
export function tenantClaimsOutput(config: TenantConfig, platformParentGroup: string): z.input<typeof claimsSchema> {
  return { gitlabParentGroup: config.gitlab.parentGroup ?? platformParentGroup, apps: config.apps };
}

/** A registered tenant's accepted claim. */
export interface AcceptedClaim {
  stack: string;
  gitlabParentGroup: string;
  apps: AppSpec[];
}

/** A registered tenant whose claim is not there yet: its first `up` comes before the platform's. */
export interface PendingClaim {
  stack: string;
  waitingFor: string;
}

/** The fully qualified name of a registered tenant stack: same organization and project as this one. */
export const tenantStackReference = (stack: string): string => `${pulumi.getOrganization()}/${PROJECT}/${stack}`;

/**
 * Reads and checks the claims of every registered tenant before anything else is registered
 * (only the StackReferences are): any problem is a ConfigError naming tenant, app and owner.
 */
export async function readTenantClaims(config: PlatformConfig): Promise<{ accepted: AcceptedClaim[]; pending: PendingClaim[] }> {
  const accepted: AcceptedClaim[] = [];
  const pending: PendingClaim[] = [];
  const problems: string[] = [];
  const declared = config.environments.map((e) => e.name);
  const platformApps = new Set(config.apps.flatMap((app) => [app.name, ...app.formerNames]));
  for (const [index, tenant] of config.tenants.entries()) {
    const name = tenantStackReference(tenant.stack);
    const reference = new pulumi.StackReference(`tenant-claims-${tenant.stack}`, { name });
    const details = await reference.getOutputDetails(TENANT_CLAIMS_OUTPUT);
    const at = (path: (string | number)[], message: string) =>
      problems.push(`${formatPath(["tenants", index, ...path])} (stack '${tenant.stack}'): ${message}`);
    if (details.secretValue !== undefined) {
      at([], `its '${TENANT_CLAIMS_OUTPUT}' output is secret; it must be plain values`);
      continue;
    }
    if (details.value === undefined || details.value === null) {
      pending.push({
        stack: tenant.stack,
        waitingFor: `stack '${name}' exports no '${TENANT_CLAIMS_OUTPUT}': run its 'pulumi up' first (docs/runbooks/tenant-stack-split.md)`,
      });
      continue;
    }
    const parsed = claimsSchema.safeParse(details.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) at([TENANT_CLAIMS_OUTPUT, ...issue.path.map(String)], issue.message);
      continue;
    }
    const apps: AppSpec[] = [];
    parsed.data.apps.forEach((raw, appIndex) => {
      const spec = appSpecSchema.safeParse(raw);
      const where = [TENANT_CLAIMS_OUTPUT, "apps", appIndex];
      if (!spec.success) {
        for (const issue of spec.error.issues) for (const line of describeIssue(issue, () => undefined)) at(where, line);
        return;
      }
      const app = spec.data;
      // The registry decides: an app of the platform, of another tenant or of nobody is refused by name.
      if (!tenant.apps.includes(app.name)) {
        const other = config.tenants.find((t) => t.apps.includes(app.name))?.stack;
        const owner = platformApps.has(app.name)
          ? `owned by the platform stack '${pulumi.getStack()}'`
          : other !== undefined
            ? `owned by tenant stack '${other}'`
            : `not registered to '${tenant.stack}' (tenants[${index}].apps)`;
        at([...where, "name"], `claims app '${app.name}', which is ${owner}; nothing is planned until the claim is withdrawn`);
        return;
      }
      const appProblems = [
        ...environmentProblems(app, declared),
        ...productionWindowProblems(app, config.environments),
        ...appNameProblems(app),
      ];
      for (const problem of appProblems) at([...where, ...problem.path], `app '${app.name}': ${problem.message}`);
      if (appProblems.length === 0) apps.push(app);
    });
    accepted.push({ stack: tenant.stack, gitlabParentGroup: parsed.data.gitlabParentGroup, apps });
    const unclaimed = tenant.apps.filter((app) => !apps.some((a) => a.name === app));
    if (unclaimed.length > 0)
      pending.push({ stack: tenant.stack, waitingFor: `claims for ${unclaimed.join(", ")} (registered, not claimed by the stack yet)` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { accepted, pending };
}
