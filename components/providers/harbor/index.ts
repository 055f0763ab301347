/**
 * Typed bindings for the pulumiverse Harbor provider (plugin `harbor` 3.10.21).
 *
 * `@pulumiverse/harbor` is not published on the npm registry, so these classes
 * register the same type tokens, inputs, declared outputs, secret handling and
 * plugin options (version + pluginDownloadURL) as its generated SDK. They are
 * replaceable by `@pulumiverse/harbor` once it can be installed: change the
 * imports; URNs, default-provider names and state stay the same.
 *
 * Covered: the provider, Project, RobotAccount, Registry, RetentionPolicy,
 * ImmutableTagRule, GarbageCollection, PurgeAuditLog, ConfigSystem, InterrogationServices, ConfigAuth
 * (its OIDC inputs), ProjectMemberGroup.
 * Before `pulumi up` on a machine without network access to GitHub releases, run
 * `pulumi plugin install resource harbor v3.10.21 --server github://api.github.com/pulumiverse/pulumi-harbor`.
 */
export { HARBOR_PLUGIN } from "./binding";
export { Provider, type ProviderArgs } from "./provider";
export { Project, type ProjectArgs } from "./project";
export { RobotAccount, type RobotAccountArgs, type RobotAccountPermission, type RobotAccountPermissionAccess } from "./robot-account";
export { Registry, type RegistryArgs } from "./registry";
export { RetentionPolicy, type RetentionPolicyArgs, type RetentionPolicyRule } from "./retention-policy";
export { ImmutableTagRule, type ImmutableTagRuleArgs } from "./immutable-tag-rule";
export { GarbageCollection, type GarbageCollectionArgs } from "./garbage-collection";
export { PurgeAuditLog, type PurgeAuditLogArgs } from "./purge-audit-log";
export { ConfigSystem, type ConfigSystemArgs, type ConfigSystemBannerMessage } from "./config-system";
export { InterrogationServices, type InterrogationServicesArgs } from "./interrogation-services";
export { ConfigAuth, type ConfigAuthArgs } from "./config-auth";
export { ProjectMemberGroup, type ProjectMemberGroupArgs } from "./project-member-group";
