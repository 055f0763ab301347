import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { namespace } from "../kubernetes/namespace";
import type { AppNames } from "./app-names";
import type { AppSpec } from "./app-spec";
import type { OnboardingContext } from "./onboarding-context";
import { egressCidrs } from "./backing-services/egress-cidrs";
import { EGRESS_CIDRS_ANNOTATION, environmentLabels, INGRESS_HOST_ANNOTATION } from "./tenancy/labels";
import { networkPolicies } from "./tenancy/network-policies";
import { LIMIT_RANGE_NAME, limitRangeSpec, RESOURCE_QUOTA_NAME, resourceQuotaSpec } from "./tenancy/resource-limits";
import { roleBindings } from "./tenancy/role-bindings";

/** The NetworkPolicy that lets the ingress controller reach the app (tenancy/network-policies.ts). */
const INGRESS_CONTROLLER_POLICY = "tenant-allow-ingress-controller";

/** The egress CIDRs annotation, only on namespaces that need one. */
const egressAnnotation = (cidrs: readonly string[]): Record<string, string> =>
  cidrs.length === 0 ? {} : { [EGRESS_CIDRS_ANNOTATION]: cidrs.join(",") };

/** Args as AppOnboarding passes them: the spec parsed, the names derived, nothing left to validate. */
export interface AppTenancyArgs {
  spec: AppSpec;
  names: AppNames;
  context: OnboardingContext;
  /** `.dockerconfigjson` content for the app's pull robot (AppRegistry's `dockerConfigJson`); kept secret. */
  dockerConfigJson: pulumi.Input<string>;
  /**
   * Kubernetes providers for clusters other than `in-cluster`, by Argo CD cluster name; AppOnboarding
   * requires one for every such cluster an app environment runs on: Argo CD does not create the
   * namespaces (`CreateNamespace=false`), so without them the app could never sync there.
   */
  providers?: Record<string, k8s.Provider>;
}

/**
 * The app's slice of the cluster in every environment: a namespace (Pod Security `restricted`,
 * annotated with the one host its Ingresses may claim) with quota and container limits, default-deny networking with the few openings an app behind
 * the ingress controller needs, the service account Vault's Kubernetes auth binds to, its image
 * pull Secret, and RBAC for the team's groups.
 */
export class AppTenancy extends pulumi.ComponentResource {
  /** Namespace per environment; depending on one waits for the namespace to exist. */
  public readonly namespaces: Record<string, pulumi.Output<string>>;
  /** The app's ServiceAccount, the same name in every namespace. */
  public readonly serviceAccountName: string;
  /** The dockerconfigjson Secret the ServiceAccount pulls with, in every namespace. */
  public readonly imagePullSecretName: string;
  /** Labels on every object of every environment (each also carries `platform.delivery/environment`). */
  public readonly labels: Record<string, string>;

  constructor(name: string, args: AppTenancyArgs, opts?: pulumi.ComponentResourceOptions) {
    const { spec, names, context, providers } = args;
    super("delivery-platform:onboarding:AppTenancy", name, {}, opts);

    this.serviceAccountName = names.kubernetes.serviceAccount;
    this.imagePullSecretName = names.kubernetes.imagePullSecret;
    this.labels = names.labels.app;
    this.namespaces = {};
    // Secret even when a plain string comes in; the SDK would mark stringData secret too, but only on the way out.
    const dockerConfigJson = pulumi.secret(args.dockerConfigJson);

    for (const env of spec.environments) {
      const environment = context.environments.find((e) => e.name === env)!;
      const provider = providers?.[environment.cluster];
      const labels = environmentLabels(names, env);
      const prefix = `${name}-${env}`;

      // Production namespaces hold the live workload and its volumes: deleting one is an outage
      // and data loss (Velero restores are manual), so removing an environment or renaming the app
      // there needs an explicit `pulumi state unprotect`.
      const ns = namespace(
        `${prefix}-namespace`,
        {
          name: names.kubernetes.namespaces[env]!,
          podSecurity: "restricted",
          labels,
          annotations: {
            [INGRESS_HOST_ANNOTATION]: names.ingress.hosts[env]!,
            ...egressAnnotation(egressCidrs(spec, context.backingServices, env)),
          },
        },
        { parent: this, provider, protect: environment.production },
      );
      const inNamespace = ns.metadata.name;
      this.namespaces[env] = inNamespace;
      const metadata = (objectName: string) => ({ name: objectName, namespace: inNamespace, labels });
      const childOpts: pulumi.CustomResourceOptions = { parent: this, provider };

      new k8s.core.v1.ResourceQuota(
        `${prefix}-quota`,
        { metadata: metadata(RESOURCE_QUOTA_NAME), spec: resourceQuotaSpec(spec.resources) },
        childOpts,
      );
      new k8s.core.v1.LimitRange(
        `${prefix}-limits`,
        { metadata: metadata(LIMIT_RANGE_NAME), spec: limitRangeSpec(spec.resources) },
        childOpts,
      );

      const policies = networkPolicies({
        ingressNamespace: context.ingress.namespace,
        servicePort: spec.service.port,
        monitoringNamespace: context.monitoring?.namespace,
        metricsPort: spec.service.metricsPort,
      });
      // Workers and batch jobs take no traffic from the ingress controller: they do not get its opening.
      const needed = spec.workload.kind === "web" ? policies : policies.filter((p) => p.name !== INGRESS_CONTROLLER_POLICY);
      for (const policy of needed)
        new k8s.networking.v1.NetworkPolicy(`${prefix}-${policy.name}`, { metadata: metadata(policy.name), spec: policy.spec }, childOpts);

      const pullSecret = new k8s.core.v1.Secret(
        `${prefix}-pull-secret`,
        {
          metadata: metadata(this.imagePullSecretName),
          type: "kubernetes.io/dockerconfigjson",
          stringData: { ".dockerconfigjson": dockerConfigJson },
        },
        childOpts,
      );
      // External Secrets requests tokens for this account through the TokenRequest API, so pods need no mounted token.
      new k8s.core.v1.ServiceAccount(
        `${prefix}-service-account`,
        {
          metadata: metadata(this.serviceAccountName),
          automountServiceAccountToken: false,
          imagePullSecrets: [{ name: pullSecret.metadata.name }],
        },
        childOpts,
      );

      for (const binding of roleBindings(names, environment.production))
        new k8s.rbac.v1.RoleBinding(
          `${prefix}-${binding.name}`,
          {
            metadata: metadata(binding.name),
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: binding.clusterRole },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: binding.group }],
          },
          childOpts,
        );
    }

    this.registerOutputs({
      namespaces: this.namespaces,
      serviceAccountName: this.serviceAccountName,
      imagePullSecretName: this.imagePullSecretName,
      labels: this.labels,
    });
  }
}
