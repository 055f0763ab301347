import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { applicationFinalizers, applicationSpec } from "./gitops/application";
import type { AppGitOpsArgs } from "./gitops/args";
import { appProjectSpec, PROJECT_FINALIZER } from "./gitops/project";
import { REPOSITORY_SECRET_LABELS, repositorySecretData } from "./gitops/repository";
import { gitOpsTargets } from "./gitops/targets";

export type { AppGitOpsArgs, RepositoryCredentials } from "./gitops/args";

const ARGO_API_VERSION = "argoproj.io/v1alpha1";

/**
 * The app's Argo CD side: an AppProject scoped to its config repository and
 * namespaces, and one Application per environment. AppProject and
 * Applications hold no data (the workload's state lives in the cluster and in
 * Git), so nothing here is protected; production workloads survive the
 * deletion of their Application because it carries no cascade finalizer.
 */
export class AppGitOps extends pulumi.ComponentResource {
  /** AppProject name (the app name). */
  public readonly projectName: pulumi.Output<string>;
  /** Environment -> Application name (`<app>-<env>`). */
  public readonly applicationNames: Record<string, pulumi.Output<string>>;
  public readonly project: k8s.apiextensions.CustomResource;
  public readonly applications: Record<string, k8s.apiextensions.CustomResource>;

  constructor(name: string, args: AppGitOpsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { spec, names, context, configRepoUrl } = args;
    super("delivery-platform:onboarding:AppGitOps", name, {}, opts);

    const argocdNamespace = context.argocd.namespace;
    // The release installs the CRDs and, transitively, Argo CD's namespace.
    const dependsOn = context.argocd.release ? [context.argocd.release] : [];
    const labels = { "platform.delivery/app": names.stable, "platform.delivery/team": names.team };
    const targets = gitOpsTargets(names, context.environments, context.argocd.clusterNames, args.namespaces);

    this.project = new k8s.apiextensions.CustomResource(
      `${name}-project`,
      {
        apiVersion: ARGO_API_VERSION,
        kind: "AppProject",
        metadata: { name: names.argocd.project, namespace: argocdNamespace, labels, finalizers: [PROJECT_FINALIZER] },
        spec: appProjectSpec(spec, names, targets, configRepoUrl),
      },
      { parent: this, dependsOn },
    );
    this.projectName = this.project.metadata.name;

    if (args.repositoryCredentials) {
      new k8s.core.v1.Secret(
        `${name}-repository`,
        {
          metadata: {
            name: names.argocd.repositorySecret,
            namespace: argocdNamespace,
            labels: { ...labels, ...REPOSITORY_SECRET_LABELS },
          },
          type: "Opaque",
          stringData: pulumi.secret(repositorySecretData(names.argocd.project, configRepoUrl, args.repositoryCredentials)),
        },
        { parent: this, dependsOn },
      );
    }

    this.applications = {};
    this.applicationNames = {};
    for (const target of targets) {
      const application = new k8s.apiextensions.CustomResource(
        `${name}-app-${target.environment}`,
        {
          apiVersion: ARGO_API_VERSION,
          kind: "Application",
          metadata: {
            name: target.applicationName,
            namespace: argocdNamespace,
            labels: { ...labels, "platform.delivery/environment": target.environment },
            finalizers: applicationFinalizers(target),
          },
          // Referencing the project's name output orders creation after, and deletion before, the project.
          spec: applicationSpec(this.projectName, spec, target, configRepoUrl),
        },
        { parent: this, dependsOn },
      );
      this.applications[target.environment] = application;
      this.applicationNames[target.environment] = application.metadata.name;
    }

    this.registerOutputs({ projectName: this.projectName, applicationNames: this.applicationNames });
  }
}
