// Every Kubernetes object the program creates validates against its schema (kubernetes-models).
import { examplePlan } from "../helpers/example-plans";
import { planResource } from "../helpers/plan-resource";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { barmanObjectStore } from "../../components/onboarding/backing-services/barman-object-store-schema";

// CRD groups without a validator on npm; their objects are built by typed factories instead (the Barman
// Cloud plugin's ObjectStores are also checked against the project's schema of the CRD, below).
const NO_NPM_VALIDATOR = new Set(["velero.io", "operator.victoriametrics.com", "barmancloud.cnpg.io"]);

describe.each(["dev", "prod"])("Kubernetes objects of the %s plan", (stack) => {
  it("validate with kubernetes-models", async () => {
    const verdicts = validateKubernetesObjects(await examplePlan(stack));
    expect(verdicts.length).toBeGreaterThan(0);
    const failures = verdicts.filter(
      (v) => v.status === "invalid" || (v.status === "no-validator" && !NO_NPM_VALIDATOR.has(v.apiVersion.split("/")[0]!)),
    );
    expect(failures).toEqual([]);
  });
});

describe.each(["dev", "prod"])("ObjectStores of the %s plan", (stack) => {
  it("validate against the project's schema of the barmancloud.cnpg.io CRD", async () => {
    const stores = (await examplePlan(stack)).resources.filter((r) => r.type === "kubernetes:barmancloud.cnpg.io/v1:ObjectStore");
    expect(stores.length).toBeGreaterThan(0);
    for (const store of stores)
      expect({ urn: store.urn, issues: barmanObjectStore.safeParse(store.inputs).error?.issues }).toEqual({
        urn: store.urn,
        issues: undefined,
      });
  });
});

describe("the validator", () => {
  it("rejects an object that breaks its schema", () => {
    const plan = {
      project: "p",
      stack: "s",
      outputs: {},
      outputSecretPaths: [],
      policies: { violations: [] },
      resources: [planResource("kubernetes:core/v1:Namespace", "bad", { apiVersion: "v1", kind: "Namespace", metadata: { name: 42 } })],
    };
    expect(validateKubernetesObjects(plan)).toEqual([expect.objectContaining({ status: "invalid", kind: "Namespace" })]);
  });
});
