import type * as pulumi from "@pulumi/pulumi";
import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import type { OnboardingContext } from "../onboarding-context";

/** Credentials Argo CD uses to clone the config repository (for example a GitLab deploy token). */
export interface RepositoryCredentials {
  username: pulumi.Input<string>;
  password: pulumi.Input<string>;
}

/** Args as AppOnboarding passes them: the spec parsed, the names derived, nothing left to validate. */
export interface AppGitOpsArgs {
  spec: AppSpec;
  names: AppNames;
  context: OnboardingContext;
  /** The app's config (GitOps) repository; the AppProject allows this repository and no other. */
  configRepoUrl: pulumi.Input<string>;
  /**
   * The Namespace name outputs of AppTenancy, by environment (tenancy creates them; Argo CD must
   * not). Destinations use `names`; the outputs only order the Argo CD objects after the namespaces.
   */
  namespaces: Record<string, pulumi.Input<string>>;
  /** When set, a project-scoped repository Secret lets Argo CD clone a private config repository. */
  repositoryCredentials?: RepositoryCredentials;
}
