// Whether two Vault policy globs reach a common path: the guardrails ask it of every grant against
// the areas no app may write (sys/policies/acl/*, auth/*/role/*, ...) and the apps' KV area.
import fc from "fast-check";
import { globMatches, globsOverlap } from "../../policies/crossguard/vault-path-glob";

describe("globsOverlap", () => {
  it.each([
    ["sys/policies/acl/*", "sys/policies/acl/ci.web.shop.build", true],
    ["sys/policies/acl/ci.*", "sys/policies/acl/*", true],
    ["sys/*", "sys/policies/acl/*", true],
    ["*", "auth/+/role/*", true],
    ["auth/kubernetes/role/app.web.shop.prod", "auth/+/role/*", true],
    ["auth/kubernetes/login", "auth/+/role/*", false],
    ["secret/+/apps/*", "secret/data/apps/web/shop/prod/*", true],
    ["secret/data/platform/services/*", "secret/+/apps/*", false],
    ["secret/data/apps/we*", "secret/data/apps/payments/*", false],
    ["secret/data/apps/we*", "secret/data/apps/+/shop/*", true],
    ["transit/keys/shop/config", "transit/keys/+/config", true],
    ["transit/keys/shop", "transit/keys/shop/*", false],
    ["a/+", "a/b/c", false],
  ])("%s and %s: %s", (a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });

  const segment = fc.constantFrom("a", "b", "ab", "");
  const globSegment = fc.constantFrom("a", "b", "ab", "+");
  const glob = fc
    .tuple(fc.array(globSegment, { minLength: 0, maxLength: 3 }), fc.option(fc.constantFrom("*", "a*", "ab*", "b*"), { nil: undefined }))
    .map(([segments, last]) => [...segments, ...(last === undefined ? [] : [last])].join("/"))
    .filter((g) => g !== "");
  const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join("/"));

  it("never misses an overlap: a path both globs match means they overlap", () => {
    fc.assert(
      fc.property(glob, glob, path, (a, b, p) => {
        if (globMatches(a, p) && globMatches(b, p)) expect(globsOverlap(a, b)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
