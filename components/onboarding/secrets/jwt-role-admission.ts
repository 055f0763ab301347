/**
 * Whether a Vault JWT auth role accepts an ID token, by the rules of vault-plugin-auth-jwt
 * (claims.go validateBoundClaims, matchFound, normalizeList) as the Vault provider configures it:
 *
 * - the token's `aud` (a string or a list) must contain one of `boundAudiences`;
 * - every bound claim must be present in the token; a token claim may be a string, bool, number
 *   or a list of them (any element may match);
 * - terraform-provider-vault splits each bound value at commas into alternatives and trims them
 *   (resource_jwt_auth_backend_role.go); with `bound_claims_type: string` one alternative must
 *   equal the claim exactly, type included: the string "true" never equals the boolean `true`.
 *
 * Only what this platform's roles use is modelled: string matching on top-level claims.
 */
export interface JwtRoleBinding {
  boundAudiences: readonly string[];
  boundClaimsType: string;
  boundClaims: Readonly<Record<string, string>>;
}

/** An ID token's claims (`aud` included), as the issuer wrote them. */
export type IdTokenClaims = Readonly<Record<string, unknown>>;

export type Admission = { admitted: true } | { admitted: false; reason: string };

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const scalar = (value: unknown): boolean => ["string", "boolean", "number"].includes(typeof value);

export function jwtRoleAdmits(role: JwtRoleBinding, token: IdTokenClaims): Admission {
  if (role.boundClaimsType !== "string") throw new Error(`bound_claims_type '${role.boundClaimsType}' is not modelled (only 'string')`);
  const audiences = token.aud === undefined ? [] : asList(token.aud);
  if (!audiences.some((aud) => role.boundAudiences.includes(aud as string)))
    return { admitted: false, reason: `aud ${JSON.stringify(token.aud)} is not one of ${role.boundAudiences.join(", ")}` };
  for (const [claim, bound] of Object.entries(role.boundClaims)) {
    if (claim.startsWith("/")) throw new Error(`bound claim '${claim}': JSON pointer claims are not modelled`);
    const actual = token[claim];
    if (actual === undefined || actual === null) return { admitted: false, reason: `claim '${claim}' is missing` };
    const values = asList(actual);
    if (!values.every(scalar)) return { admitted: false, reason: `claim '${claim}' is not a string, bool, number or list` };
    const alternatives = bound.split(",").map((v) => v.trim());
    if (!values.some((value) => alternatives.includes(value as string)))
      return {
        admitted: false,
        reason: `claim '${claim}' is ${JSON.stringify(actual)}, the role requires ${alternatives.map((a) => JSON.stringify(a)).join(" or ")}`,
      };
  }
  return { admitted: true };
}
