// Which stacks CI can deploy, read from the config: a kubeconfig is for CI, a context is a workstation's;
// a CI stack whose domain only a workstation resolves is refused.
import { deploymentTarget, isLoopbackDomain } from "../../stacks/config/deployment-target";
import { configSchema } from "../../stacks/config/schema";

const base = {
  environment: "dev",
  gitlab: { url: "https://gitlab.example.test", parentGroup: "apps" },
};
const problems = (config: Record<string, unknown>) => {
  const result = configSchema(new Set(["cluster"])).safeParse({ ...base, ...config });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("the deployment target", () => {
  it("is ci for a kubeconfig and workstation for a context", () => {
    expect(deploymentTarget({ kubeconfig: "apiVersion: v1" })).toBe("ci");
    expect(deploymentTarget({ context: "k3d-delivery-platform" })).toBe("workstation");
  });

  it.each([
    ["platform.127.0.0.1.nip.io", true],
    ["app.127-0-0-1.sslip.io", true],
    ["127.0.0.1.nip.io", true],
    ["localhost", true],
    ["platform.localhost", true],
    ["platform.10.0.0.5.nip.io", false],
    ["platform.example.com", false],
    ["nip.io.example.com", false],
    ["platform-127.example.com", false],
  ])("calls %s a loopback domain: %s", (domain, loopback) => {
    expect(isLoopbackDomain(domain)).toBe(loopback);
  });

  it("refuses a CI stack on a loopback domain, naming the key and the fix, and accepts it on a workstation", () => {
    expect(problems({ domain: "platform.127.0.0.1.nip.io", cluster: { kubeconfig: "apiVersion: v1" } })).toEqual([
      "domain: 'platform.127.0.0.1.nip.io' resolves to the loopback address, which no CI runner or other cluster reaches: set the platform's real DNS domain, or deploy this stack from a workstation with 'cluster.context'",
    ]);
    expect(problems({ domain: "platform.127.0.0.1.nip.io", cluster: { context: "k3d-delivery-platform" } })).toEqual([]);
    expect(problems({ domain: "platform.example.test", cluster: { kubeconfig: "apiVersion: v1" } })).toEqual([]);
  });
});

describe("namespaces the platform creates for itself", () => {
  it("are taken by no app: an app 'tenant' with an environment 'stacks' would derive the tenant stacks' namespace", () => {
    const result = configSchema(new Set()).safeParse({
      ...base,
      domain: "platform.example.test",
      cluster: { context: "kind-test" },
      environments: [{ name: "stacks" }],
      apps: [{ name: "tenant", team: "web", environments: ["stacks"] }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join("\n")).toContain("tenant-stacks");
  });
});
