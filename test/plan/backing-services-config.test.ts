// Bad backing-service and workload specs: one message naming the app and the key, exit 2, nothing registered.
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

type Config = Record<string, unknown>;
const P = "delivery-platform:";

/** The CloudNativePG settings an app with a database needs (a k3d-like dev cluster). */
const WITH_CNPG = {
  cloudnativePg: {
    enabled: true,
    backups: { bucket: "velero", endpointURL: "http://seaweedfs-all-in-one.velero.svc:8333", egress: { namespace: "velero", port: 8333 } },
    apiServer: { cidrs: ["10.43.0.1/32"] },
  },
};

const cases: { name: string; mutate: (c: Config) => void; expected: RegExp[] }[] = [
  {
    name: "a database in an environment the app does not have",
    mutate: (c) => {
      c[`${P}services`] = WITH_CNPG;
      c[`${P}apps`] = [{ name: "alpha", team: "one", environments: ["dev"], services: { postgres: { environments: ["dev", "staging"] } } }];
    },
    expected: [
      /apps\[0\] \(alpha\)\.services\.postgres\.environments\[1\]: 'staging' is not an environment of the app \(dev\): add it to the app's environments or remove it here/,
    ],
  },
  {
    name: "a cache in an environment the app does not have",
    mutate: (c) => {
      c[`${P}apps`] = [{ name: "alpha", team: "one", environments: ["staging"], services: { cache: { environments: ["dev"] } } }];
    },
    expected: [/apps\[0\] \(alpha\)\.services\.cache\.environments\[0\]: 'dev' is not an environment of the app \(staging\)/],
  },
  {
    name: "an unknown workload kind",
    mutate: (c) => {
      c[`${P}apps`] = [{ name: "alpha", team: "one", environments: ["dev"], workload: { kind: "daemon" } }];
    },
    expected: [/apps\[0\] \(alpha\)\.workload\.kind: unknown workload kind; expected one of: web, worker, batch/],
  },
  {
    name: "a batch job without a schedule",
    mutate: (c) => {
      c[`${P}apps`] = [{ name: "alpha", team: "one", environments: ["dev"], workload: { kind: "batch" } }];
    },
    expected: [/apps\[0\] \(alpha\)\.workload\.schedule: /],
  },
  {
    name: "a database and a cache that do not fit the quota",
    mutate: (c) => {
      c[`${P}services`] = WITH_CNPG;
      c[`${P}apps`] = [
        {
          name: "alpha",
          team: "one",
          environments: ["dev"],
          resources: { quota: { cpu: "2", memory: "4Gi" } },
          services: { postgres: { instances: 2, resources: { cpu: "1", memory: "1Gi" } }, cache: {} },
        },
      ];
    },
    // Workload 2 pods x 500m, postgres 3 pods x (1 + 100m sidecar), cache 1 x 250m = 4550m.
    expected: [
      /apps\[0\] \(alpha\)\.resources\.quota\.cpu: environment 'dev' needs 4550m \(workload \(2 pods at the rollout peak\): 1, postgres \(2 instances \+ 1 operator job\): 3300m, cache \(1 Valkey pod\): 250m\) but the quota is 2: raise resources\.quota\.cpu to at least 4550m or shrink the services/,
      /apps\[0\] \(alpha\)\.resources\.quota\.memory: environment 'dev' needs /,
    ],
  },
  {
    name: "volumes beyond the storage quota",
    mutate: (c) => {
      c[`${P}services`] = WITH_CNPG;
      c[`${P}apps`] = [
        { name: "alpha", team: "one", environments: ["dev"], services: { postgres: { instances: 3, storage: "8Gi", walStorage: "2Gi" } } },
      ];
    },
    expected: [
      /apps\[0\] \(alpha\)\.resources\.quota\.storage: environment 'dev' needs 30Gi \(postgres \(3 instances \+ 1 operator job\): 30Gi\) but the quota is 20Gi/,
    ],
  },
  {
    name: "a single-instance database in production",
    mutate: (c) => {
      c[`${P}environments`] = [{ name: "dev" }, { name: "prod", production: true }];
      c[`${P}services`] = WITH_CNPG;
      c[`${P}apps`] = [{ name: "alpha", team: "one", environments: ["dev", "prod"], services: { postgres: { instances: 1 } } }];
    },
    expected: [/apps\[0\] \(alpha\)\.services\.postgres\.instances: must be at least 2 in production \(prod\)/],
  },
  {
    name: "a database without the operator",
    mutate: (c) => {
      c[`${P}apps`] = [{ name: "alpha", team: "one", environments: ["dev"], services: { postgres: {} } }];
    },
    expected: [/apps\[0\] \(alpha\)\.services\.postgres: needs services\.cloudnativePg: enable it in the stack config/],
  },
  {
    name: "the operator without a backup store",
    mutate: (c) => {
      c[`${P}services`] = { cloudnativePg: { enabled: true, apiServer: { cidrs: ["10.43.0.1/32"] } } };
    },
    expected: [/services\.cloudnativePg\.backups: required when the service is enabled/],
  },
  {
    name: "a database container above the LimitRange maximum",
    mutate: (c) => {
      c[`${P}services`] = WITH_CNPG;
      c[`${P}apps`] = [
        {
          name: "alpha",
          team: "one",
          environments: ["dev"],
          resources: { quota: { cpu: "16", memory: "32Gi" } },
          services: { postgres: { resources: { cpu: "4" } } },
        },
      ];
    },
    expected: [/apps\[0\] \(alpha\)\.services\.postgres\.resources\.cpu: must not exceed resources\.container\.max\.cpu \(2\)/],
  },
];

describe("invalid backing services and workloads", () => {
  it.each(cases)("$name: exit 2, a message naming the app and key, zero resources", async ({ mutate, expected }) => {
    const config = devConfig();
    mutate(config);
    const dir = writeStacks({ bad: { config } });
    const run = await runPlanCli(["--stack", "bad", "--stacks-dir", dir]);
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    for (const pattern of expected) expect(run.stderr).toMatch(pattern);
  });

  it("a database, a cache and each workload kind that fit: the same stack plans", async () => {
    const config = devConfig();
    config[`${P}services`] = WITH_CNPG;
    config[`${P}apps`] = [
      { name: "alpha", team: "one", environments: ["dev"], services: { postgres: {}, cache: {} } },
      { name: "beta", team: "two", environments: ["dev"], workload: { kind: "worker" }, services: { cache: {} } },
      { name: "gamma", team: "two", environments: ["dev"], workload: { kind: "batch", schedule: "0 3 * * *" }, services: { postgres: {} } },
    ];
    const run = await runPlanCli(["--stack", "good", "--stacks-dir", writeStacks({ good: { config } })]);
    expect(run.stderr).not.toMatch(/apps\[/);
    expect(run.exitCode).toBe(0);
  });
});
