// Every class of bad config: one message naming the key path, exit code 2, nothing registered.
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

type Config = Record<string, unknown>;
const P = "delivery-platform:";

const cases: { name: string; mutate: (c: Config) => void; secretKeys?: string[]; expected: RegExp[] }[] = [
  {
    name: "wrong type",
    mutate: (c) => {
      c[`${P}apps`] = [{ name: "alpha", team: 42, environments: ["dev"] }];
    },
    expected: [/apps\[0\]\.team: expected string, received number/],
  },
  {
    name: "unknown top-level key, with a suggestion",
    mutate: (c) => {
      c[`${P}domian`] = "x.example.test";
    },
    expected: [/domian: unknown key; did you mean 'domain'\?/],
  },
  {
    name: "unknown nested key",
    mutate: (c) => {
      c[`${P}services`] = { harbr: { enabled: false } };
    },
    expected: [/services\.harbr: unknown key; did you mean 'harbor'\?/],
  },
  {
    name: "invalid app name",
    mutate: (c) => {
      c[`${P}apps`] = [
        { name: "alpha", team: "one", environments: ["dev"] },
        { name: "Beta_App", team: "two", environments: ["dev"] },
      ];
    },
    expected: [/apps\[1\]\.name: must be a DNS-1123 label/],
  },
  {
    name: "duplicate app names",
    mutate: (c) => {
      c[`${P}apps`] = [
        { name: "alpha", team: "one", environments: ["dev"] },
        { name: "alpha", team: "two", environments: ["dev"] },
      ];
    },
    expected: [/apps\[1\]\.name: duplicate app name 'alpha'/],
  },
  {
    name: "unknown environment",
    mutate: (c) => {
      c[`${P}apps`] = [{ name: "alpha", team: "one", environments: ["dev", "qa"] }];
    },
    expected: [/apps\[0\]\.environments\[1\]: unknown environment 'qa'; declared environments: dev, staging/],
  },
  {
    name: "missing required secrets in prod",
    mutate: (c) => {
      c[`${P}environment`] = "prod";
    },
    expected: [/gitlab\.token: required in prod/, /services\.velero\.storage\.kind: prod backups must leave the cluster/],
  },
  {
    name: "secret given in plain text",
    mutate: (c) => {
      c[`${P}gitlab`] = { url: "https://gitlab.example.test", parentGroup: "apps", token: "glpat-plaintext" };
    },
    expected: [/gitlab\.token: must be stored as a secret: run 'pulumi config set --secret --path gitlab\.token <value>'/],
  },
  {
    name: "malformed domain",
    mutate: (c) => {
      c[`${P}domain`] = "Not A Domain";
    },
    expected: [/domain: must be a DNS domain/],
  },
  {
    name: "malformed URL",
    mutate: (c) => {
      c[`${P}gitlab`] = { url: "gitlab.example.test", parentGroup: "apps" };
    },
    expected: [/gitlab\.url: must be an absolute http\(s\) URL/],
  },
  {
    name: "invalid profile",
    mutate: (c) => {
      c[`${P}environment`] = "production";
    },
    expected: [/environment: Invalid option: expected one of "dev"\|"staging"\|"prod"/],
  },
  {
    name: "apps without the services they need",
    mutate: (c) => {
      c[`${P}services`] = { argocd: { enabled: false } };
    },
    expected: [/apps: onboarding apps needs services\.argocd/],
  },
  {
    name: "quota nonsense in an app",
    mutate: (c) => {
      c[`${P}apps`] = [
        { name: "alpha", team: "one", environments: ["dev"], resources: { quota: { cpu: "1" }, container: { max: { cpu: "2" } } } },
      ];
    },
    expected: [/apps\[0\]\.resources\.container\.max\.cpu: must not exceed quota\.cpu/],
  },
  {
    name: "Argo CD's read-only default outside dev",
    mutate: (c) => {
      c[`${P}environment`] = "staging";
      c[`${P}services`] = { argocd: { readOnlyDefault: true } };
    },
    expected: [
      /services\.argocd\.readOnlyDefault: must be false in staging: role:readonly lets every signed-in user read every app's logs/,
    ],
  },
  {
    name: "a platform repository Vault cannot bind",
    mutate: (c) => {
      c[`${P}gitlab`] = {
        url: "https://gitlab.example.test",
        parentGroup: "apps",
        platformProjectId: "42",
        platformDefaultBranch: "main,dev",
      };
    },
    expected: [
      /gitlab\.platformProjectId: expected number, received string/,
      /gitlab\.platformDefaultBranch: must be a branch name such as main/,
    ],
  },
  {
    name: "neither context nor kubeconfig",
    mutate: (c) => {
      c[`${P}cluster`] = {};
    },
    expected: [/cluster: set exactly one of 'context' or 'kubeconfig'/],
  },
];

describe("invalid stack config", () => {
  it.each(cases)("$name: exit 2, a message naming the key, zero resources", async ({ mutate, expected }) => {
    const config = devConfig();
    mutate(config);
    const dir = writeStacks({ bad: { config } });
    const run = await runPlanCli(["--stack", "bad", "--stacks-dir", dir]);
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    for (const pattern of expected) expect(run.stderr).toMatch(pattern);
    expect(run.stdout).toBe("");
  });

  it("reports several problems at once, one line each", async () => {
    const config = devConfig();
    config[`${P}domain`] = "bad domain";
    config[`${P}apps`] = [{ name: "UPPER", team: "one", environments: ["dev"] }];
    const dir = writeStacks({ bad: { config } });
    const run = await runPlanCli(["--stack", "bad", "--stacks-dir", dir]);
    const problems = run.stderr.split("\n").filter((line) => line.startsWith("  - "));
    expect(problems).toEqual([expect.stringMatching(/^ {2}- domain: /), expect.stringMatching(/^ {2}- apps\[0\]\.name: /)]);
  });

  it("rejects usage errors with exit 2", async () => {
    expect((await runPlanCli([])).exitCode).toBe(2);
    expect((await runPlanCli(["--stack", "dev", "--bogus"])).exitCode).toBe(2);
    const missing = await runPlanCli(["--stack", "nope", "--stacks-dir", writeStacks({})]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/no stack file .*Pulumi\.nope\.yaml/);
  });
});
