import { testApp, testOnboardingContext } from "../helpers/onboarding-context";
import { planComponent } from "../helpers/plan-component";

describe("onboarding test helpers", () => {
  it("apply the app spec defaults", () => {
    const app = testApp();
    expect(app.pipeline.builder).toBe("buildkit");
    expect(app.delivery.production).toEqual({ sync: "manual" });
    expect(app.resources.quota.cpu).toBe("4");
  });

  it("register the platform providers with pinned plugins", async () => {
    const plan = await planComponent((opts) => testOnboardingContext(opts));
    const providers = plan.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.type, r.pluginVersion]);
    expect(providers).toEqual(
      expect.arrayContaining([
        ["pulumi:providers:harbor", "3.10.21"],
        ["pulumi:providers:gitlab", "10.1.1"],
      ]),
    );
  });
});
