// MFA and access evidence rated from the identity configuration (issue 19): met on the prod
// example plan, and each "technically present but dangerous" variant of it is caught.
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { control, reportOf } from "./fixtures";

let prod: PlanDocument;
beforeAll(async () => {
  prod = await examplePlan("prod");
});

const edited = (change: (plan: PlanDocument) => void): PlanDocument => {
  const plan = structuredClone(prod);
  change(plan);
  return plan;
};
const ofType = (plan: PlanDocument, type: string) => plan.resources.filter((r) => r.type === type);
const mfa = (plan: PlanDocument) => control(reportOf(plan), "NIS2-21-2-J-MFA");

describe("NIS2 (j) MFA from the realm", () => {
  it("prod: met by the bound MFA flow, the default enrolment action and clients without password grants", () => {
    const c = mfa(prod);
    expect(c).toMatchObject({ status: "met", missing: [] });
    const types = c.evidence.flatMap((e) => (e.kind === "resource" ? [e.type] : []));
    expect(types).toEqual(
      expect.arrayContaining([
        "keycloak:index/realm:Realm",
        "keycloak:authentication/bindings:Bindings",
        "keycloak:authentication/execution:Execution",
        "keycloak:index/requiredAction:RequiredAction",
        "harbor:index/configAuth:ConfigAuth",
        "vault:jwt/authBackend:AuthBackend",
      ]),
    );
  });

  it("a second factor that is only ALTERNATIVE (skippable) does not count", () => {
    const plan = edited((p) => {
      for (const e of ofType(p, "keycloak:authentication/execution:Execution"))
        if (e.inputs.authenticator === "auth-otp-form") e.inputs.requirement = "ALTERNATIVE";
    });
    expect(mfa(plan).status).toBe("partial");
    expect(
      mfa(plan)
        .missing.map((m) => m.what)
        .join("\n"),
    ).toMatch(/no REQUIRED password and second factor/);
  });

  it("an MFA flow that is not bound as the browser flow does not count", () => {
    const plan = edited((p) => {
      p.resources = p.resources.filter((r) => r.type !== "keycloak:authentication/bindings:Bindings");
    });
    expect(
      mfa(plan)
        .missing.map((m) => m.what)
        .join("\n"),
    ).toMatch(/built-in browser flow .* MFA optional/);
  });

  it("a client that accepts password grants (which skip the browser flow) is named", () => {
    const plan = edited((p) => {
      const client = ofType(p, "keycloak:openid/client:Client").find((c) => c.inputs.clientId === "grafana")!;
      client.inputs.directAccessGrantsEnabled = true;
    });
    expect(mfa(plan).missing.map((m) => m.what)).toContain("client grafana: direct access (password) grants are not off, which skips MFA");
  });

  it("a local Argo CD admin left on in prod is named", () => {
    const plan = edited((p) => {
      const argocd = p.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "argo-cd")!;
      (argocd.inputs.values as { configs: { cm: Record<string, unknown> } }).configs.cm["admin.enabled"] = true;
    });
    expect(mfa(plan).missing.map((m) => m.what)).toContain("Argo CD: the local admin is enabled in prod (configs.cm admin.enabled)");
  });

  it("without a realm (external issuer) MFA is not verifiable", () => {
    const plan = edited((p) => {
      p.resources = p.resources.filter((r) => !r.type.startsWith("keycloak:"));
    });
    expect(mfa(plan).status).toBe("partial");
    expect(mfa(plan).missing[0]?.what).toMatch(/cannot be verified from this configuration/);
  });
});

describe("DORA access control: leavers", () => {
  it("prod: time-limited offline sessions and Vault SSO tokens are evidence; GitLab PATs stay missing (instance setting)", () => {
    const c = control(reportOf(prod), "DORA-ACCESS-CONTROL");
    expect(c.status).toBe("partial");
    expect(c.missing.map((m) => m.what)).toEqual([expect.stringMatching(/^GitLab personal access tokens/)]);
  });

  it("an Argo CD account with the apiKey capability and an unlimited offline session are named", () => {
    const plan = edited((p) => {
      const argocd = p.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "argo-cd")!;
      (argocd.inputs.values as { configs: { cm: Record<string, unknown> } }).configs.cm["accounts.ci"] = "apiKey, login";
      ofType(p, "keycloak:index/realm:Realm")[0]!.inputs.offlineSessionMaxLifespanEnabled = false;
    });
    const missing = control(reportOf(plan), "DORA-ACCESS-CONTROL").missing.map((m) => m.what);
    expect(missing).toEqual(
      expect.arrayContaining([
        "Argo CD: local accounts with the apiKey capability (accounts.ci)",
        expect.stringMatching(/offline sessions .* no maximum lifespan/),
      ]),
    );
  });
});
