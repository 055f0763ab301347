// The guardrails' exemptions for previews are exact: a preview AppProject may whitelist its own
// namespaces by name and deploy into `<app>-preview-*`, nothing wider; only planned apps' preview
// projects skip cosign; the preview JWT role must bind merge-request pipelines of the app's project.
import type { PlanResource } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { violations } from "./harness";

const PROJECT = "kubernetes:argoproj.io/v1alpha1:AppProject";
const HARBOR = "harbor:index/project:Project";
const JWT_ROLE = "vault:jwt/authBackendRole:AuthBackendRole";

let resources: PlanResource[];
beforeAll(async () => {
  resources = (await examplePlan("prod")).resources;
});

interface Entry {
  group: string;
  kind: string;
  name?: string;
}
/** The inputs the cases edit: an AppProject's spec, a Harbor project's cosign flag, a JWT role's claims. */
interface Inputs {
  spec: { clusterResourceWhitelist: Entry[]; destinations: { namespace: string; server?: string; name?: string }[] };
  enableContentTrustCosign?: boolean;
  boundClaims: Record<string, string>;
}

/** The plan with one resource's inputs changed. */
function edited(type: string, name: string, change: (inputs: Inputs) => void): PlanResource[] {
  return resources.map((r) => {
    if (
      r.type !== type ||
      ((r.inputs.metadata as { name?: string } | undefined)?.name !== name && r.inputs.name !== name && r.inputs.roleName !== name)
    )
      return r;
    const inputs = structuredClone(r.inputs) as unknown as Inputs;
    change(inputs);
    return { ...r, inputs: inputs as unknown as PlanResource["inputs"] };
  });
}

describe("preview exemptions", () => {
  it("the example plan's preview project passes argocd-app-project-scoped", async () => {
    expect(await violations("argocd-app-project-scoped", resources)).toEqual([]);
  });

  it.each([
    ["every Namespace", (spec: Inputs["spec"]) => (spec.clusterResourceWhitelist = [{ group: "", kind: "Namespace" }])],
    [
      "another app's namespaces",
      (spec: Inputs["spec"]) => (spec.clusterResourceWhitelist = [{ group: "", kind: "Namespace", name: "payments-api-*" }]),
    ],
    [
      "a ClusterRole",
      (spec: Inputs["spec"]) => void spec.clusterResourceWhitelist.push({ group: "rbac.authorization.k8s.io", kind: "ClusterRole" }),
    ],
    [
      "production's namespace",
      (spec: Inputs["spec"]) => void spec.destinations.push({ ...spec.destinations[0]!, namespace: "storefront-prod" }),
    ],
    ["a wider pattern", (spec: Inputs["spec"]) => (spec.destinations[0]!.namespace = "storefront-*")],
  ])("a preview project that allows %s is flagged", async (_, change) => {
    const plan = edited(PROJECT, "storefront-preview", (inputs) => change(inputs.spec));
    expect(await violations("argocd-app-project-scoped", plan)).not.toEqual([]);
  });

  it("an app's own AppProject cannot borrow the preview exemption", async () => {
    const plan = edited(PROJECT, "storefront", (inputs) => {
      inputs.spec.clusterResourceWhitelist = [{ group: "", kind: "Namespace", name: "storefront-preview-*" }];
    });
    expect(await violations("argocd-app-project-scoped", plan)).toEqual([
      expect.stringContaining("allows the cluster-scoped kind core/Namespace"),
    ]);
  });

  it("only a planned app's preview project skips cosign: the app's own project does not", async () => {
    expect(await violations("harbor-cosign-enforced", resources)).toEqual([]);
    const plan = edited(HARBOR, "storefront", (inputs) => (inputs.enableContentTrustCosign = false));
    expect(await violations("harbor-cosign-enforced", plan)).toEqual([expect.stringContaining("'storefront' does not enforce cosign")]);
  });

  it("a preview role that also admits pushes, or any project, is flagged", async () => {
    expect(await violations("vault-jwt-role-bound-claims", resources)).toEqual([]);
    const withoutSource = edited(JWT_ROLE, "ci.web.storefront.preview", (inputs) => delete inputs.boundClaims.pipeline_source);
    expect(await violations("vault-jwt-role-bound-claims", withoutSource)).toEqual(
      expect.arrayContaining([expect.stringContaining("is a preview identity but admits")]),
    );
  });
});
