import { objectsOfResource } from "./kubernetes-objects";
import { findSecretLookingValues, isSecretLookingKey, isSecretLookingValue } from "./secret-values";
import type { ResourceRule } from "./rule";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const GITLAB_VARIABLE = "gitlab:index/projectVariable:ProjectVariable";

export const noSecretsInHelmValues: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== RELEASE) return args.notApplicable(`applies to ${RELEASE}`);
    for (const path of findSecretLookingValues(args.props.values ?? {}, "values"))
      report(`release '${String(args.props.name ?? args.name)}' has a secret-looking value at ${path}`);
  },
};

/** Decoded `binaryData`: the text, or undefined when it is not UTF-8 text (then it cannot be read for secrets). */
function decodedText(value: string): string | undefined {
  const bytes = Buffer.from(value, "base64");
  const text = bytes.toString("utf8");
  return Buffer.from(text, "utf8").equals(bytes) ? text : undefined;
}

export const noSecretsInConfigMaps: ResourceRule = {
  validateResource: (args, report) => {
    // ConfigMaps, their Patch type and those inside manifest resources (kubernetes-objects.ts).
    const configMaps = objectsOfResource(args.type, args.props, args.name).objects.filter((o) => o.kind === "ConfigMap" && !o.list);
    if (configMaps.length === 0) return args.notApplicable(`applies to ${CONFIG_MAP} and the manifests holding one`);
    for (const object of configMaps) {
      const name = object.where === "" ? `'${object.name}'` : `'${object.name}' (${object.where})`;
      for (const path of findSecretLookingValues({ data: object.body.data ?? {} }))
        report(`ConfigMap ${name} has a secret-looking value at ${path}`);
      const binaryData = (object.body.binaryData ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(binaryData)) {
        if (typeof value !== "string") continue;
        const text = decodedText(value);
        if (text === undefined) report(`ConfigMap ${name} has binaryData.${key} that is not text, so it cannot be checked for secrets`);
        else if ((isSecretLookingKey(key) && text !== "") || isSecretLookingValue(text))
          report(`ConfigMap ${name} has a secret-looking value at binaryData.${key} (decoded)`);
      }
    }
  },
};

/** CI variables of a project, a group (every project below it) and the instance (every project). */
const GITLAB_VARIABLES = [GITLAB_VARIABLE, "gitlab:index/groupVariable:GroupVariable", "gitlab:index/instanceVariable:InstanceVariable"];

export const gitlabSecretVariablesMasked: ResourceRule = {
  validateResource: (args, report) => {
    if (!GITLAB_VARIABLES.includes(args.type)) return args.notApplicable(`applies to ${GITLAB_VARIABLES.join(", ")}`);
    const key = String(args.props.key ?? "");
    const value: unknown = args.props.value;
    // The binding always makes the value secret, so the key (KUBECONFIG, DOCKER_AUTH_CONFIG, VAULT_TOKEN, *_API_KEY...)
    // and a recognisable secret format are what tell a secret apart.
    const looksSecret = isSecretLookingKey(key) || (typeof value === "string" && findSecretLookingValues(value).length > 0);
    if (!looksSecret) return;
    // A hidden variable is masked too (docs.gitlab.com ci/variables: "Masked and hidden").
    if (args.props.masked !== true && args.props.hidden !== true) report(`CI variable '${key}' looks secret but is not masked`);
    if (args.props.protected !== true) report(`CI variable '${key}' looks secret but is not protected`);
  },
};
