// backing-services-private-encrypted over the plan's Helm releases: a Valkey release must keep TLS, auth and
// ClusterIP Services; other charts are not its business. (Clusters run through both points in parity.test.ts.)
import { appNames } from "../../components/onboarding/app-names";
import { appSpecSchema } from "../../components/onboarding/app-spec";
import { valkeyValues } from "../../components/onboarding/backing-services/valkey-values";
import { planResource, violations } from "./harness";
import { renderedCluster } from "./backing-service-fixtures";

const spec = appSpecSchema.parse({ name: "shop", team: "web", environments: ["prod"], services: { cache: {} } });
const names = appNames(spec, { gitlabParentGroup: "apps", registryHost: "harbor.example.com", domain: "example.com" });
const values = valkeyValues(
  spec.services.cache!,
  names,
  { registry: "harbor.example.com/dockerhub-proxy", repository: "valkey/valkey", tag: "9.1.1" },
  true,
);
const release = (chart: string, releaseValues: Record<string, unknown>) =>
  planResource("kubernetes:helm.sh/v3:Release", "shop-services-prod-cache", {
    name: "shop-cache",
    chart,
    version: "0.11.0",
    values: releaseValues,
  });

test("the release onboarding renders passes", async () => {
  expect(await violations("backing-services-private-encrypted", release("valkey", values))).toEqual([]);
});

test.each([
  ["TLS off", { ...values, tls: { enabled: false } }, /values\.tls\.enabled is not true/],
  ["auth off", { ...values, auth: { enabled: false } }, /values\.auth\.enabled is not true/],
  ["a LoadBalancer", { ...values, service: { type: "LoadBalancer" } }, /values\.service\.type is LoadBalancer/],
  [
    "a NodePort for the replicas",
    { ...values, replica: { enabled: true, service: { type: "NodePort" } } },
    /values\.replica\.service\.type is NodePort/,
  ],
  [
    "a public metrics Service",
    { ...values, metrics: { enabled: true, service: { type: "LoadBalancer" } } },
    /values\.metrics\.service\.type/,
  ],
])("a Valkey release with %s is refused", async (_title, bad, message) => {
  const found = await violations("backing-services-private-encrypted", release("valkey", bad));
  expect(found).toEqual([expect.stringMatching(message)]);
});

test("other charts and other kinds are not checked; a Cluster inside a ConfigGroup is", async () => {
  expect(await violations("backing-services-private-encrypted", release("grafana", { service: { type: "LoadBalancer" } }))).toEqual([]);
  const cluster = renderedCluster();
  cluster.spec.enableSuperuserAccess = true;
  const group = planResource("kubernetes:yaml/v2:ConfigGroup", "smuggled", { objs: [cluster] });
  expect(await violations("backing-services-private-encrypted", group)).toEqual([expect.stringMatching(/enableSuperuserAccess is true/)]);
});
