import { appNames, type AppNames } from "../components/onboarding/app-names";
import { field, list, record, text, TYPES, type PlanIndex } from "./plan-index";

/** An app the plan onboards, with every name the naming module derives for it. */
export interface PlannedApp {
  names: AppNames;
  /** Environments whose changes are production changes. */
  production: ReadonlySet<string>;
}

/**
 * The apps of the plan and who owns each name. Apps are read from their namespaces' owner labels
 * (`platform.delivery/app|team|environment`, set on every app namespace and required by the
 * namespace-labels guardrail), so platform and tenant plans are read alike; their names come from
 * components/onboarding/app-names.ts, never rebuilt here. Production environments are the
 * platform's (`onboarding.environments`) or, in a tenant plan, those a pipeline deploys with
 * `deployment_tier: production`.
 */
export class AppRegistry {
  readonly apps: readonly PlannedApp[];
  private readonly byName = new Map<string, PlannedApp>();
  private readonly byNamespace = new Map<string, { app: PlannedApp; environment: string }>();
  private readonly byTransitKey = new Map<string, PlannedApp>();
  private readonly byGroup = new Map<string, string>();
  private readonly byAccess = new Map<string, PlannedApp>();
  /** `<app>-preview`: the app's preview Harbor project (and Argo CD project) is the app's. */
  private readonly byPreviewProject = new Map<string, PlannedApp>();

  constructor(index: PlanIndex) {
    const outputs = index.plan.outputs;
    const platform = {
      gitlabParentGroup: text(field(outputs, "onboarding", "gitlab", "parentGroup")) ?? "",
      registryHost: text(outputs.registryHost) ?? "",
      domain: text(outputs.domain) ?? "",
    };
    const productionEnvironments = new Set(
      list(field(outputs, "onboarding", "environments"))
        .filter((e) => field(e, "production") === true)
        .map((e) => text(field(e, "name")) ?? ""),
    );
    const found = new Map<string, { team: string; environments: string[] }>();
    for (const namespace of index.ofType(TYPES.namespace)) {
      const labels = record(field(namespace.inputs, "metadata", "labels"));
      const app = text(labels["platform.delivery/app"]);
      const team = text(labels["platform.delivery/team"]);
      const environment = text(labels["platform.delivery/environment"]);
      if (app === undefined || team === undefined || environment === undefined) continue;
      const entry = found.get(app) ?? { team, environments: [] };
      entry.environments.push(environment);
      found.set(app, entry);
    }
    // A tenant plan creates no namespaces (the platform's foundations do): its apps are its claims
    // (stacks/tenant/claims.ts), named with the group its claim declares.
    const claimed = list(field(outputs, "claims", "apps")).flatMap((spec) => {
      const name = text(field(spec, "name"));
      const team = text(field(spec, "team"));
      if (name === undefined || team === undefined) return [];
      const formerNames = list(field(spec, "formerNames")).map((n) => text(n) ?? "");
      const environments = list(field(spec, "environments")).map((e) => text(e) ?? "");
      return [{ identity: { name, team, formerNames, environments }, environments, claimed: true }];
    });
    const claimGroup = text(field(outputs, "claims", "gitlabParentGroup"));
    // Claims first: a tenant's plan combined with its platform's (combined-plan.ts) names the apps with the tenant's group.
    const identities = [
      ...claimed,
      // Physical names derive from the stable name, which the labels carry: no former names needed.
      ...[...found].map(([name, { team, environments }]) => ({
        identity: { name, team, formerNames: [] as string[], environments },
        environments,
        claimed: false,
      })),
    ];
    const apps: PlannedApp[] = [];
    const naming = claimGroup === undefined ? platform : { ...platform, gitlabParentGroup: claimGroup };
    for (const { identity, environments, claimed: isClaim } of identities) {
      const names = appNames(identity, isClaim ? naming : platform);
      if (this.byName.has(names.stable)) continue;
      const { team } = identity;
      const name = names.stable;
      const production = new Set(environments.filter((e) => productionEnvironments.has(e)));
      const app = { names, production };
      apps.push(app);
      this.byName.set(name, app);
      this.byTransitKey.set(names.vault.transitKey, app);
      for (const environment of environments) this.byNamespace.set(names.kubernetes.namespaces[environment] ?? "", { app, environment });
      for (const access of [...Object.values(names.vault.ciAccess), ...Object.values(names.vault.environmentAccess)])
        this.byAccess.set(access, app);
      this.byPreviewProject.set(names.previews.registryProject, app);
      this.byGroup.set(names.groups.developers, team);
      this.byGroup.set(names.groups.maintainers, team);
    }
    this.apps = apps;
  }

  /** A tenant plan has no platform environments: its pipelines' `deployment_tier: production` says which are. */
  markProduction(app: PlannedApp, environment: string): void {
    if (app.names.environments.includes(environment)) (app.production as Set<string>).add(environment);
  }

  app(name: string): PlannedApp | undefined {
    return this.byName.get(name) ?? this.byPreviewProject.get(name);
  }

  namespace(namespace: string): { app: PlannedApp; environment: string } | undefined {
    return this.byNamespace.get(namespace);
  }

  transitKey(key: string): PlannedApp | undefined {
    return this.byTransitKey.get(key);
  }

  /**
   * The app whose Vault policy or role name this is (`ci.<team>.<app>`, `app.<team>.<app>.<env>`),
   * also for a name one purpose below it (`ci.<team>.<app>.sign`).
   */
  vaultAccess(name: string): PlannedApp | undefined {
    for (let candidate = name; ; candidate = candidate.slice(0, candidate.lastIndexOf("."))) {
      const app = this.byAccess.get(candidate);
      if (app !== undefined) return app;
      if (!candidate.includes(".")) return undefined;
    }
  }

  /** The team whose default access group this is (`<team>-developers`, `<team>-maintainers`). */
  groupTeam(group: string): string | undefined {
    return this.byGroup.get(group);
  }
}

export const appOwner = (app: PlannedApp) => ({ kind: "app" as const, app: app.names.stable, team: app.names.team });
