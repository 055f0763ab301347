import type { ClaimValue } from "./gitlab-ref-classes";

/**
 * Whether a JWT role's `bound_claims` accept a token with these claims
 * (https://developer.hashicorp.com/vault/docs/auth/jwt#bound-claims): every bound claim must be
 * present and equal one of its listed values (the provider's map takes comma-separated
 * alternatives); with `bound_claims_type: glob` a value may hold `*`. A claim the pusher chooses
 * (`anyExcept`) matches any bound value other than the excluded ones. A claim the ref classes do
 * not model (`environment`, `user_login`, `project_path` of the project itself…) is assumed
 * satisfiable: the graph over-reports rather than miss a path.
 */
export function boundClaimsMatch(
  boundClaims: Readonly<Record<string, unknown>>,
  claims: Readonly<Record<string, ClaimValue>>,
  type: "string" | "glob" = "string",
): boolean {
  for (const [claim, bound] of Object.entries(boundClaims)) {
    const accepted = (Array.isArray(bound) ? bound.map(String) : String(bound).split(",")).map((v) => v.trim());
    const value: ClaimValue = claims[claim] ?? { anyExcept: [] };
    const accepts = (candidate: string, actual: string) => (type === "glob" ? globLike(candidate, actual) : candidate === actual);
    const ok =
      "exact" in value
        ? accepted.some((candidate) => accepts(candidate, value.exact))
        : // A chosen value can equal any accepted literal except the excluded ones; a glob can always be satisfied
          // unless it is a literal that is excluded.
          accepted.some((candidate) => !value.anyExcept.includes(candidate) || (type === "glob" && candidate.includes("*")));
    if (!ok) return false;
  }
  return true;
}

/** Vault's glob bound claims allow `*` anywhere in a value. */
function globLike(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return regex.test(value);
}
