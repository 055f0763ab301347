import { findSecretLookingValues, isSecretLookingKey } from "./secret-values";
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

export const noSecretsInConfigMaps: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== CONFIG_MAP) return args.notApplicable(`applies to ${CONFIG_MAP}`);
    const name = (args.props.metadata as { name?: string } | undefined)?.name ?? args.name;
    const data: unknown = args.props.data;
    const binaryData: unknown = args.props.binaryData;
    for (const path of findSecretLookingValues({ data: data ?? {}, binaryData: binaryData ?? {} }))
      report(`ConfigMap '${name}' has a secret-looking value at ${path}`);
  },
};

export const gitlabSecretVariablesMasked: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== GITLAB_VARIABLE) return args.notApplicable(`applies to ${GITLAB_VARIABLE}`);
    const key = String(args.props.key ?? "");
    const value: unknown = args.props.value;
    // The binding always makes the value secret, so the key (and a recognisable token format) is what tells a secret apart.
    const looksSecret = isSecretLookingKey(key) || (typeof value === "string" && findSecretLookingValues(value).length > 0);
    if (!looksSecret) return;
    if (args.props.masked !== true) report(`CI variable '${key}' looks secret but is not masked`);
    if (args.props.protected !== true) report(`CI variable '${key}' looks secret but is not protected`);
  },
};
