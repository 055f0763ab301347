// The Vault JWT role matcher the identity tests and the access graph rely on, against the rules of
// vault-plugin-auth-jwt (claims.go) as the Vault provider configures a role.
import { ciBoundClaims } from "../../components/onboarding/secrets/ci-role-claims";
import { jwtRoleAdmits } from "../../components/onboarding/secrets/jwt-role-admission";

const VAULT = "https://vault.example.test";
const role = (boundClaims: Record<string, string>) => ({ boundAudiences: [VAULT], boundClaimsType: "string", boundClaims });
const token = { aud: VAULT, project_id: "42", ref: "main", ref_type: "branch", ref_protected: "true" };

describe("jwtRoleAdmits", () => {
  it("admits a token whose claims equal every bound claim, and names the first claim that differs", () => {
    expect(jwtRoleAdmits(role({ project_id: "42", ref: "main" }), token)).toEqual({ admitted: true });
    expect(jwtRoleAdmits(role({ project_id: "43" }), token)).toEqual({
      admitted: false,
      reason: `claim 'project_id' is "42", the role requires "43"`,
    });
  });

  it("refuses a missing claim and a foreign audience; takes an audience list", () => {
    expect(jwtRoleAdmits(role({ environment: "prod" }), token)).toMatchObject({
      admitted: false,
      reason: "claim 'environment' is missing",
    });
    expect(jwtRoleAdmits(role({}), { ...token, aud: "sigstore" }).admitted).toBe(false);
    expect(jwtRoleAdmits(role({}), { ...token, aud: ["sigstore", VAULT] }).admitted).toBe(true);
  });

  it("compares exactly, type included: the string 'true' is not the boolean true, '42' not 42", () => {
    expect(jwtRoleAdmits(role({ ref_protected: "true" }), { ...token, ref_protected: true }).admitted).toBe(false);
    expect(jwtRoleAdmits(role({ project_id: "42" }), { ...token, project_id: 42 }).admitted).toBe(false);
    expect(jwtRoleAdmits(role({ ref: "main" }), { ...token, ref: "main-2" }).admitted).toBe(false);
  });

  it("reads a comma in a bound value as alternatives, as the provider splits it; a list claim matches by any element", () => {
    expect(jwtRoleAdmits(role({ ref: "main, release" }), { ...token, ref: "release" }).admitted).toBe(true);
    expect(jwtRoleAdmits(role({ groups: "admins" }), { ...token, groups: ["dev", "admins"] }).admitted).toBe(true);
  });

  it("does not pretend to model glob matching", () => {
    expect(() => jwtRoleAdmits({ ...role({}), boundClaimsType: "glob" }, token)).toThrow(/not modelled/);
  });
});

describe("ciBoundClaims", () => {
  it("binds build to the project's protected refs, sign and deploy also to the default branch", () => {
    expect(ciBoundClaims("build", { project_id: "42" }, "main")).toEqual({ project_id: "42", ref_protected: "true" });
    for (const purpose of ["sign", "deploy"] as const)
      expect(ciBoundClaims(purpose, { project_id: "42" }, "main")).toEqual({
        project_id: "42",
        ref_protected: "true",
        ref_type: "branch",
        ref: "main",
      });
  });

  it("refuses a default branch Vault would split into alternatives", () => {
    expect(() => ciBoundClaims("sign", { project_id: "42" }, "main,release")).toThrow(/list of alternatives/);
  });
});
