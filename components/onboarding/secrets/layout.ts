/**
 * Where an app's secrets live in Vault and how its Vault objects are named.
 *
 * KV v2 layout, relative to the platform's KV mount (`secret` by default):
 *   apps/<team>/<app>/<env>/*   runtime secrets of one environment; ESO syncs `<env>/config`
 *   apps/<team>/<app>/ci/*      secrets of the app's CI pipeline (protected refs only)
 * The API form inserts `data/` (values) or `metadata/` (listing, versions) after the mount:
 * `secret/data/apps/web/shop/dev/config`; the `vault kv` CLI takes `secret/apps/web/shop/dev/config`.
 */

/** Folder of CI secrets; an environment with this name would share it, so none may have it. */
export const CI_FOLDER = "ci";
/** The secret ESO syncs into the `<app>-config` Kubernetes Secret of each environment. */
export const CONFIG_SECRET = "config";

export interface AppRef {
  team: string;
  app: string;
}

export const appEnvironmentPath = ({ team, app }: AppRef, environment: string): string => `apps/${team}/${app}/${environment}`;
export const appCiPath = ({ team, app }: AppRef): string => `apps/${team}/${app}/${CI_FOLDER}`;
export const configSecretPath = (ref: AppRef, environment: string): string => `${appEnvironmentPath(ref, environment)}/${CONFIG_SECRET}`;

// Teams, apps and environments are DNS labels, which never contain '.': joining them with '.'
// keeps names unique (team "a-b" + app "c" vs team "a" + app "b-c" would collide with '-').
// Vault role names allow '.' (framework.GenericNameRegex); policy names allow any character.

/** Name of the app policy of one environment, and of the Kubernetes auth role that grants it. */
export const environmentAccessName = ({ team, app }: AppRef, environment: string): string => `app.${team}.${app}.${environment}`;
/** Name of the CI policy, and of the JWT auth role that grants it. */
export const ciAccessName = ({ team, app }: AppRef): string => `ci.${team}.${app}`;

/** The Kubernetes Secret ESO writes in each of the app's namespaces. */
export const configSecretName = (app: string): string => `${app}-${CONFIG_SECRET}`;
/** The namespaced SecretStore in each of the app's namespaces. */
export const secretStoreName = (app: string): string => `${app}-vault`;
/** The app's cosign key in the transit engine (`cosign sign --key hashivault://<app>`); app names are unique platform-wide. */
export const transitKeyName = (app: string): string => app;
