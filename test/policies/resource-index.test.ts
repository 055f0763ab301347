import { policyResources } from "../../plan/policy-evaluation";
import { UNKNOWN_PLACEHOLDER } from "../../plan/wire-values";
import { dependentsOf, resourcesInNamespace, resourcesOfType } from "../../policies/crossguard/resource-index";
import { planResource } from "./harness";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const PROJECT = "gitlab:index/project:Project";
const PROTECTION = "gitlab:index/branchProtection:BranchProtection";

const project = planResource(PROJECT, "app", { name: "app" });
const other = planResource(PROJECT, "other", { name: "other" });
const resources = policyResources([
  project,
  other,
  planResource(PROTECTION, "app-main", { branch: "main" }, { dependencies: [project.urn] }),
  // Depends on the project twice over (two properties): still one dependent.
  planResource(PROTECTION, "app-release", { branch: "release" }, { dependencies: [project.urn, project.urn] }),
  planResource("gitlab:index/projectVariable:ProjectVariable", "app-var", { key: "A" }, { dependencies: [project.urn] }),
  planResource(NETWORK_POLICY, "a-deny", { metadata: { name: "deny", namespace: "a" } }),
  planResource(NETWORK_POLICY, "b-deny", { metadata: { name: "deny", namespace: "b" } }),
  // Unknown during preview: reading its metadata throws, as in the analyzer.
  planResource(CONFIG_MAP, "pending", { metadata: UNKNOWN_PLACEHOLDER }),
]);
const names = (list: readonly { name: string }[]) => list.map((r) => r.name);

describe("resource index for stack guardrails", () => {
  it("lists resources of a type in plan order", () => {
    expect(names(resourcesOfType(resources, PROJECT))).toEqual(["app", "other"]);
    expect(resourcesOfType(resources, "vault:index/policy:Policy")).toEqual([]);
  });

  it("finds direct dependents of one type, once each", () => {
    const app = resourcesOfType(resources, PROJECT)[0]!;
    expect(names(dependentsOf(resources, PROTECTION, app))).toEqual(["app-main", "app-release"]);
    expect(dependentsOf(resources, PROTECTION, resourcesOfType(resources, PROJECT)[1]!)).toEqual([]);
  });

  it("groups by namespace, reading raw values: one unknown metadata does not throw the whole rule into an advisory", () => {
    expect(names(resourcesInNamespace(resources, NETWORK_POLICY, "a"))).toEqual(["a-deny"]);
    expect(resourcesInNamespace(resources, NETWORK_POLICY, "c")).toEqual([]);
    // The unknown ConfigMap lands in no namespace: rules that need its namespace ask for undefined and settle it.
    expect(resourcesInNamespace(resources, CONFIG_MAP, "a")).toEqual([]);
    expect(names(resourcesInNamespace(resources, CONFIG_MAP, undefined as unknown as string))).toEqual(["pending"]);
  });

  it("is built per resource list, so another plan sees its own resources", () => {
    const second = policyResources([planResource(PROJECT, "third", { name: "third" })]);
    expect(names(resourcesOfType(second, PROJECT))).toEqual(["third"]);
    expect(names(resourcesOfType(resources, PROJECT))).toEqual(["app", "other"]);
  });
});
