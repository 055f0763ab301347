import * as pulumi from "@pulumi/pulumi";

/**
 * The pulumiverse Harbor provider these bindings speak to. The engine installs
 * the plugin from these two options, exactly as `@pulumiverse/harbor` 3.10.21
 * would (its schema.json, `utilities.resourceOptsDefaults()` and package.json
 * all name this URL), so default-provider names and URNs stay the same if the
 * bindings are ever swapped for the real SDK.
 */
export const HARBOR_PLUGIN = {
  // renovate: datasource=github-releases depName=pulumiverse/pulumi-harbor
  version: "3.10.21",
  pluginDownloadURL: "github://api.github.com/pulumiverse/pulumi-harbor",
} as const;

/** Resource options every Harbor registration carries; `secretOutputs` mirror the schema's secret properties. */
export function harborOptions<T extends pulumi.ResourceOptions>(opts: T | undefined, secretOutputs: string[] = []): T {
  const withPlugin = pulumi.mergeOptions({ ...HARBOR_PLUGIN }, opts ?? {}) as T;
  return secretOutputs.length > 0 ? (pulumi.mergeOptions(withPlugin, { additionalSecretOutputs: secretOutputs }) as T) : withPlugin;
}

/**
 * The property bag for `super()`: every property the class declares (inputs and outputs), as `undefined`
 * unless given, so each declared Output exists and resolves from the provider's state, then the given
 * inputs. Unset inputs the class does not declare are left out; the engine cannot tell the difference.
 */
export function registrationProps(declared: readonly string[], args: object, overrides: pulumi.Inputs = {}): pulumi.Inputs {
  return { ...Object.fromEntries(declared.map((name) => [name, undefined])), ...args, ...overrides };
}

/** The generated SDKs refuse to register without required inputs (unless adopting by URN); so do we. */
export function requireInputs(
  type: string,
  args: object | undefined,
  keys: readonly string[],
  opts: pulumi.ResourceOptions | undefined,
): void {
  if (opts?.urn) return;
  for (const key of keys) {
    if (args === undefined || (args as Record<string, unknown>)[key] === undefined)
      throw new Error(`${type}: missing required property '${key}'`);
  }
}

/** Wraps a credential so it is stored and displayed as a secret, like the generated SDKs do. */
export const secretInput = (value: pulumi.Input<string> | undefined): pulumi.Output<string> | undefined =>
  value === undefined ? undefined : pulumi.secret(value);
