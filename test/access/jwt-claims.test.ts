import { boundClaimsMatch } from "../../policies/crossguard/jwt-bound-claims";
import { REF_CLASSES } from "../../policies/crossguard/gitlab-ref-classes";

const accepted = (boundClaims: Record<string, string>, type: "string" | "glob" = "string") =>
  REF_CLASSES.filter((c) => boundClaimsMatch(boundClaims, c.claims("42", "main"), type)).map((c) => c.refClass);

describe("JWT bound claims against the token GitLab issues per ref class", () => {
  it("project_id + ref_protected (the landed CI role): every protected branch and tag, never a merge request, fork or unprotected branch", () => {
    expect(accepted({ project_id: "42", ref_protected: "true" })).toEqual(["protected-branch", "default-branch", "tag"]);
  });

  it("plus ref_type branch and ref main (the target sign and deploy roles): the default branch only", () => {
    expect(accepted({ project_id: "42", ref_protected: "true", ref_type: "branch", ref: "main" })).toEqual(["default-branch"]);
  });

  it("project_id only (docs/pipeline.md's ci.platform): merge requests and unprotected branches too, not forks", () => {
    expect(accepted({ project_id: "42" })).toEqual(["merge-request", "unprotected-branch", "protected-branch", "default-branch", "tag"]);
  });

  it("no project binding: a fork's pipeline gets it", () => {
    expect(accepted({ ref_protected: "false" })).toEqual(["merge-request", "fork-merge-request", "unprotected-branch"]);
  });

  it("comma-separated alternatives and globs", () => {
    expect(accepted({ project_id: "7,42", ref_type: "tag" })).toEqual(["tag"]);
    expect(accepted({ project_id: "42", ref: "release/*" }, "glob")).toEqual([
      "merge-request",
      "unprotected-branch",
      "protected-branch",
      "tag",
    ]);
    // A ref a pusher names can be anything but the default branch: binding `ref: main` keeps every other branch out.
    expect(accepted({ project_id: "42", ref: "main", ref_type: "branch" })).toEqual(["default-branch"]);
  });
});
