import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import type { AppNames } from "./app-names";
import type { OnboardingContext } from "./onboarding-context";

export interface CiCredentialsArgs {
  names: AppNames;
  context: OnboardingContext;
  /** The Harbor push robot (AppRegistry.pushRobot); absent where another stack holds the robot (a tenant app's tenant half). */
  registryRobot?: { name: pulumi.Input<string>; secret: pulumi.Input<string> };
  /** The config repository's write token (AppRepositories.configRepoWriter.token); absent in a tenant app's foundations. */
  gitopsToken?: pulumi.Input<string>;
}

/**
 * Puts the pipeline's credentials where the pipeline reads them: the app's CI
 * folder in Vault (`apps/<team>/<app>/ci/*`), readable only through the app's
 * JWT role from protected refs. Nothing secret becomes a GitLab CI variable.
 */
export class CiCredentials extends pulumi.ComponentResource {
  /** Vault paths (relative to the KV mount) the pipeline reads. */
  public readonly paths: { registry: string; gitops: string };

  constructor(name: string, args: CiCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:onboarding:CiCredentials", name, {}, opts);
    this.paths = { registry: args.names.vault.ciSecretPaths.registry, gitops: args.names.vault.ciSecretPaths.gitops };
    const secret = (resource: string, path: string, data: Record<string, pulumi.Input<string>>) =>
      new vault.kv.SecretV2(
        `${name}-${resource}`,
        {
          mount: args.context.vault.kvMountPath,
          name: path,
          dataJson: pulumi.secret(pulumi.output(data).apply((values) => JSON.stringify(values))),
        },
        // Deleting an app must not silently delete what its pipeline logs in with.
        { parent: this, provider: args.context.vault.provider, protect: true },
      );
    // Each secret is written by the stack that holds the credential: the platform the robot, the tenant its GitLab token.
    if (args.registryRobot)
      secret("registry", this.paths.registry, { username: args.registryRobot.name, password: args.registryRobot.secret });
    if (args.gitopsToken !== undefined) secret("gitops", this.paths.gitops, { token: args.gitopsToken });
    this.registerOutputs({ paths: this.paths });
  }
}
