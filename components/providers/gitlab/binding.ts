import * as pulumi from "@pulumi/pulumi";

/**
 * Release of the Pulumi GitLab provider these bindings are written against: the schema of
 * pulumi/pulumi-gitlab tag v10.1.1 (b2f78319, 2026-07-23), the newest tag in the stored snapshot
 * (HEAD 3bd7426e changes only description text). The real `@pulumi/gitlab` SDK registers with
 * `{ version }` and no pluginDownloadURL, because the plugin is published by Pulumi itself;
 * passing the same options keeps default-provider URNs and plugin installs identical.
 */
// renovate: datasource=github-releases depName=pulumi/pulumi-gitlab
export const GITLAB_PLUGIN_VERSION = "10.1.1";

/**
 * How an input crosses to the engine. `required` inputs are checked before registration, as the
 * generated SDK does, so a missing one registers nothing; `secret` ones are wrapped in `pulumi.secret`
 * and listed in `additionalSecretOutputs`, so they stay encrypted in state even when the schema
 * does not mark them secret (ProjectVariable.value).
 */
export type InputKind = "optional" | "required" | "secret" | "required-secret";

/** Everything the engine needs to know about one bound resource type, readable at runtime for tests. */
export interface BindingSpec<Args extends object> {
  readonly token: string;
  /** Exactly the keys of `Args` (the mapped type rejects missing and extra names). */
  readonly inputs: { readonly [K in keyof Args]-?: InputKind };
  /**
   * Inputs the class exposes as Outputs. They are sent even when unset, so the Output exists and resolves
   * from the provider's state (a server default such as `defaultBranch`).
   */
  readonly exposedInputs: readonly (keyof Args & string)[];
  /** Output-only properties, sent as `undefined` so the runtime creates an Output for each. */
  readonly outputs: readonly string[];
  /** Output-only properties the schema marks secret. */
  readonly secretOutputs: readonly string[];
}

const isRequired = (kind: InputKind) => kind === "required" || kind === "required-secret";
const isSecret = (kind: InputKind) => kind === "secret" || kind === "required-secret";

/**
 * The property bag for `super()`. Unlike the generated SDK, which sends all of a type's inputs (100 for
 * a Project), unset inputs that the class does not expose are left out: the engine receives the same
 * properties either way (undefined ones are not serialised), and the SDK no longer keeps an Output for
 * each, which was a fifth of an app's memory in a plan (docs/performance.md).
 */
export function registrationInputs<Args extends object>(
  spec: BindingSpec<Args>,
  args: Args,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Inputs {
  const inputs: pulumi.Inputs = {};
  for (const [name, kind] of Object.entries(spec.inputs) as [keyof Args & string, InputKind][]) {
    const value = (args as Partial<Record<string, unknown>>)[name];
    // `opts.urn` means the resource is being rehydrated by URN: the engine already has its inputs.
    if (value === undefined && isRequired(kind) && opts?.urn === undefined) {
      throw new Error(`${spec.token}: missing required property '${name}'`);
    }
    if (value !== undefined) inputs[name] = isSecret(kind) ? pulumi.secret(value) : value;
  }
  for (const name of spec.exposedInputs) if (!(name in inputs)) inputs[name] = undefined;
  for (const name of spec.outputs) inputs[name] = undefined;
  return inputs;
}

/** Pins the plugin version and marks secret inputs and outputs, as the generated SDK does. */
export function registrationOptions<Args extends object>(
  spec: BindingSpec<Args>,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  const secretInputs = Object.entries(spec.inputs)
    .filter(([, kind]) => isSecret(kind as InputKind))
    .map(([name]) => name);
  const additionalSecretOutputs = [...secretInputs, ...spec.secretOutputs];
  const withVersion = pulumi.mergeOptions({ version: GITLAB_PLUGIN_VERSION }, opts);
  return additionalSecretOutputs.length === 0 ? withVersion : pulumi.mergeOptions(withVersion, { additionalSecretOutputs });
}

/** Invokes (data sources) need the same version so they reach the same plugin. */
export function invokeOptions<T extends pulumi.InvokeOptions>(opts: T | undefined): T {
  return { ...opts, version: opts?.version ?? GITLAB_PLUGIN_VERSION } as T;
}
