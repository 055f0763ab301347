// Every class of bad config: one message naming the key path, exit code 2, nothing registered.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

type Config = Record<string, unknown>;
const P = "delivery-platform:";

const cases: { name: string; mutate: (c: Config) => void; secretKeys?: string[]; expected: RegExp[] }[] = [
  {
    name: "wrong type",
    mutate: (c) => {
      c[`${P}apps`] = [{ name: "alpha", team: 42, environments: ["dev"] }];
    },
    expected: [/apps\[0\] \(alpha\)\.team: expected string, received number/],
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
    expected: [/apps\[1\] \(Beta_App\)\.name: must be a DNS-1123 label/],
  },
  {
    name: "duplicate app names",
    mutate: (c) => {
      c[`${P}apps`] = [
        { name: "alpha", team: "one", environments: ["dev"] },
        { name: "alpha", team: "two", environments: ["dev"] },
      ];
    },
    expected: [/apps\[1\] \(alpha\)\.name: duplicate app name 'alpha'/],
  },
  {
    name: "unknown environment",
    mutate: (c) => {
      c[`${P}apps`] = [{ name: "alpha", team: "one", environments: ["dev", "qa"] }];
    },
    expected: [/apps\[0\] \(alpha\)\.environments\[1\]: unknown environment 'qa'; declared environments: dev, staging/],
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
    expected: [/apps\[0\] \(alpha\)\.resources\.container\.max\.cpu: must not exceed quota\.cpu/],
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
  {
    name: "a project key under a misspelt namespace (every app would be dropped)",
    mutate: (c) => {
      c[`delivery-platfrom:apps`] = c[`${P}apps`];
      delete c[`${P}apps`];
    },
    expected: [
      /delivery-platfrom:apps: is in namespace 'delivery-platfrom', not the project's \('delivery-platform'\), so the program never reads it; did you mean 'delivery-platform:apps'\?/,
    ],
  },
  {
    name: "a project key without a namespace",
    mutate: (c) => {
      c.apps = c[`${P}apps`];
      delete c[`${P}apps`];
    },
    expected: [/^ {2}- apps: has no namespace, so the program never reads it; did you mean 'delivery-platform:apps'\?$/m],
  },
  {
    name: "a cron hour of 25 in an app's backup schedule",
    mutate: (c) => {
      c[`${P}apps`] = [{ name: "alpha", team: "one", environments: ["dev"], backup: { schedule: "0 25 * * *" } }];
    },
    expected: [
      /apps\[0\] \(alpha\)\.backup\.schedule: hour '25': 25 is not within 0-23; the fields are: minute hour day-of-month month day-of-week/,
    ],
  },
  {
    name: "a sync window opening on day-of-week 8, in an unknown time zone",
    mutate: (c) => {
      c[`${P}environments`] = [{ name: "dev" }, { name: "prod", production: true }];
      c[`${P}apps`] = [
        {
          name: "alpha",
          team: "one",
          environments: ["dev", "prod"],
          delivery: { production: { sync: "window", schedule: "0 22 * * 8", duration: "2h", timeZone: "Mars/Olympus" } },
        },
      ];
    },
    expected: [
      /apps\[0\] \(alpha\)\.delivery\.production\.schedule: day-of-week '8': 8 is not within 0-6 or SUN-SAT/,
      /apps\[0\] \(alpha\)\.delivery\.production\.timeZone: must be an IANA time zone/,
    ],
  },
  {
    name: "a platform backup schedule with a minute of 60",
    mutate: (c) => {
      c[`${P}services`] = { velero: { backups: { schedule: "60 1 * * *" } } };
    },
    expected: [/services\.velero\.backups\.schedule: minute '60': 60 is not within 0-59/],
  },
  {
    name: "a Harbor schedule without its seconds field",
    mutate: (c) => {
      c[`${P}services`] = { harbor: { schedules: { garbageCollection: "0 2 * * 6" } } };
    },
    expected: [
      /services\.harbor\.schedules\.garbageCollection: must have 6 fields \(second minute hour day-of-month month day-of-week\), got 5/,
    ],
  },
  {
    name: "a production sync window on an app without a production environment",
    mutate: (c) => {
      c[`${P}environments`] = [{ name: "dev" }, { name: "staging" }, { name: "prod", production: true }];
      c[`${P}apps`] = [
        {
          name: "alpha",
          team: "one",
          environments: ["dev", "staging"],
          delivery: { production: { sync: "window", schedule: "0 22 * * 5", duration: "2h" } },
        },
      ];
    },
    expected: [
      /apps\[0\] \(alpha\)\.delivery\.production\.sync: a production sync window, but none of the app's environments \(dev, staging\) is a production environment \(prod\)/,
    ],
  },
  {
    name: "an entry deep in the list, named by its app",
    mutate: (c) => {
      c[`${P}apps`] = [
        { name: "alpha", team: "one", environments: ["dev"] },
        { name: "beta", team: "two", environments: ["dev"] },
        { name: "orders-api", team: "three", environments: ["dev", "staging", "qa"] },
      ];
    },
    expected: [/apps\[2\] \(orders-api\)\.environments\[2\]: unknown environment 'qa'/],
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
    expect(problems).toEqual([expect.stringMatching(/^ {2}- domain: /), expect.stringMatching(/^ {2}- apps\[0\] \(UPPER\)\.name: /)]);
  });

  it("reports structural and cross-field problems in one run", async () => {
    const config = devConfig();
    config[`${P}apps`] = [
      { name: "alpha", team: "one", environments: ["dev"], backup: { schedule: "0 25 * * *" } },
      { name: "beta", team: "two", environments: ["dev", "qa"] },
      { name: "beta", team: "three", environments: ["dev"] },
    ];
    const run = await runPlanCli(["--stack", "bad", "--stacks-dir", writeStacks({ bad: { config } })]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split("\n").filter((line) => line.startsWith("  - "))).toEqual([
      expect.stringMatching(/^ {2}- apps\[0\] \(alpha\)\.backup\.schedule: hour '25'/),
      // The cross-field rules ran over the valid entries; their indexes are those of the stack file.
      expect.stringMatching(/^ {2}- apps\[2\] \(beta\)\.name: duplicate app name 'beta'/),
      expect.stringMatching(/^ {2}- apps\[1\] \(beta\)\.environments\[1\]: unknown environment 'qa'/),
    ]);
  });

  it("names the file, line and column of a YAML syntax error (exit 2, no stack trace)", async () => {
    const dir = writeStacks({});
    writeFileSync(
      path.join(dir, "Pulumi.bad.yaml"),
      "config:\n  delivery-platform:environment: dev\n  delivery-platform:apps:\n    - name: alpha\n     team: one\n",
    );
    const run = await runPlanCli(["--stack", "bad", "--stacks-dir", dir]);
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    expect(run.stderr).toContain(
      `stack 'bad': the stack file is not valid YAML (nothing was planned):\n  - ${path.join(dir, "Pulumi.bad.yaml")}:5:1: `,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("names a duplicate key and a config that is not a mapping", async () => {
    const dir = writeStacks({});
    writeFileSync(
      path.join(dir, "Pulumi.twice.yaml"),
      "config:\n  delivery-platform:domain: a.example.test\n  delivery-platform:domain: b.example.test\n",
    );
    writeFileSync(path.join(dir, "Pulumi.list.yaml"), "config:\n  - delivery-platform:domain\n");
    const twice = await runPlanCli(["--stack", "twice", "--stacks-dir", dir]);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain(`${path.join(dir, "Pulumi.twice.yaml")}:3:3: Map keys must be unique`);
    const list = await runPlanCli(["--stack", "list", "--stacks-dir", dir]);
    expect(list.exitCode).toBe(2);
    expect(list.stderr).toContain(`${path.join(dir, "Pulumi.list.yaml")}: config: must be a mapping of '<namespace>:<key>' to values`);
  });

  it("rejects usage errors with exit 2", async () => {
    expect((await runPlanCli([])).exitCode).toBe(2);
    expect((await runPlanCli(["--stack", "dev", "--bogus"])).exitCode).toBe(2);
    const missing = await runPlanCli(["--stack", "nope", "--stacks-dir", writeStacks({})]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/no stack file .*Pulumi\.nope\.yaml/);
  });
});
