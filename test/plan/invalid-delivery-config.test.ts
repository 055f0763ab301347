// Bad canary, blue-green and preview specs: one message naming the key, exit 2, nothing registered.
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

type Config = Record<string, unknown>;
const P = "delivery-platform:";
const app = (extra: Record<string, unknown>, environments = ["dev"]) => [{ name: "alpha", team: "one", environments, ...extra }];
const services = (c: Config, patch: Record<string, unknown>) => {
  c[`${P}services`] = { ...(c[`${P}services`] ?? {}), ...patch };
};

const cases: { name: string; mutate: (c: Config) => void; expected: RegExp[] }[] = [
  {
    name: "unknown delivery strategy",
    mutate: (c) => {
      c[`${P}apps`] = app({ delivery: { strategy: "linear" } });
    },
    expected: [/apps\[0\] \(alpha\)\.delivery\.strategy: Invalid option: expected one of "rolling"\|"canary"\|"blueGreen"/],
  },
  {
    name: "a canary without metrics to analyse",
    mutate: (c) => {
      c[`${P}apps`] = app({ delivery: { strategy: "canary" } });
      services(c, { victoriaMetrics: { enabled: false } });
    },
    expected: [/apps\[0\] \(alpha\)\.delivery\.analysis\.prometheusAddress: a canary release without metrics cannot abort/],
  },
  {
    name: "a blue-green release without Argo Rollouts",
    mutate: (c) => {
      c[`${P}apps`] = app({ delivery: { strategy: "blueGreen" } });
      services(c, { argoRollouts: { enabled: false } });
    },
    expected: [/apps\[0\] \(alpha\)\.delivery\.strategy: 'blueGreen' needs Argo Rollouts/],
  },
  {
    name: "an analysis matcher that is no single label matcher",
    mutate: (c) => {
      c[`${P}apps`] = app({ delivery: { strategy: "canary", analysis: { errorMatcher: 'code=~"5.."} or vector(1' } } });
    },
    expected: [/apps\[0\] \(alpha\)\.delivery\.analysis\.errorMatcher: must be one label matcher/],
  },
  {
    name: "canary weights that do not rise",
    mutate: (c) => {
      c[`${P}apps`] = app({ delivery: { strategy: "canary", analysis: { canaryWeights: [50, 20] } } });
    },
    expected: [/apps\[0\] \(alpha\)\.delivery\.analysis\.canaryWeights: must rise step by step/],
  },
  {
    name: "previews on an app without a non-production environment",
    mutate: (c) => {
      c[`${P}environments`] = [{ name: "dev" }, { name: "live", production: true }];
      c[`${P}apps`] = app({ previews: { enabled: true } }, ["live"]);
    },
    expected: [/apps\[0\] \(alpha\)\.previews\.enabled: previews on an app without a non-production environment \(live\)/],
  },
  {
    name: "previews beside production",
    mutate: (c) => {
      c[`${P}environments`] = [{ name: "dev" }, { name: "live", production: true }];
      c[`${P}apps`] = app({ previews: { enabled: true, environment: "live" } }, ["dev", "live"]);
    },
    expected: [/apps\[0\] \(alpha\)\.previews\.environment: 'live' is a production environment/],
  },
  {
    name: "previews in an environment the app does not have",
    mutate: (c) => {
      c[`${P}apps`] = app({ previews: { enabled: true, environment: "staging" } }, ["dev"]);
    },
    expected: [/apps\[0\] \(alpha\)\.previews\.environment: 'staging' is not one of the app's environments \(dev\)/],
  },
  {
    name: "previews without Kyverno",
    mutate: (c) => {
      c[`${P}apps`] = app({ previews: { enabled: true } });
      services(c, { kyverno: { enabled: false } });
    },
    expected: [/apps\[0\] \(alpha\)\.previews\.enabled: previews need Kyverno/],
  },
  {
    name: "a preview time to live beyond two weeks",
    mutate: (c) => {
      c[`${P}apps`] = app({ previews: { enabled: true, ttlHours: 1000 } });
    },
    expected: [/apps\[0\] \(alpha\)\.previews\.ttlHours: /],
  },
];

describe("invalid delivery config", () => {
  it.each(cases)("$name: exit 2, a message naming the key, zero resources", async ({ mutate, expected }) => {
    const config = devConfig();
    mutate(config);
    const run = await runPlanCli(["--stack", "bad", "--stacks-dir", writeStacks({ bad: { config } })]);
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    for (const pattern of expected) expect(run.stderr).toMatch(pattern);
    expect(run.stdout).toBe("");
  });

  it("the same specs with what they need plan (the rules are not always failing)", async () => {
    const config = devConfig();
    config[`${P}apps`] = app({ delivery: { strategy: "canary" }, previews: { enabled: true } });
    const run = await runPlanCli(["--stack", "good", "--stacks-dir", writeStacks({ good: { config } })]);
    expect(run.stderr).not.toMatch(/delivery|previews/);
    expect(run.exitCode).toBe(0);
  });
});
