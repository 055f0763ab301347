import { asObject, textOf } from "./kubernetes-objects";
import { schemaWithDefaults, withDefaults, type ResourceRule } from "./rule";
import { rawValue, settleUnknowns, UNKNOWN_INPUT_DEFAULTS, unknownInputs, type UnknownInputConfig } from "./unknown-values";

const TRANSIT_KEY = "vault:transit/secretBackendKey:SecretBackendKey";

/**
 * Settings of a Vault transit key that lose it or let it leave Vault (@pulumi/vault 7.8.0
 * transit/secretBackendKey.d.ts): `deletionAllowed` lets the key be deleted (every signature and
 * ciphertext made with it is lost), `exportable` and `allowPlaintextBackup` hand out the key
 * material and cannot be turned off again.
 */
export const TRANSIT_KEY_FLAGS: readonly string[] = ["deletionAllowed", "exportable", "allowPlaintextBackup"];

const DEFAULTS = { ...UNKNOWN_INPUT_DEFAULTS };

export const vaultTransitKeysRetained: ResourceRule = {
  configSchema: schemaWithDefaults(DEFAULTS),
  validateResource: (args, report) => {
    if (args.type !== TRANSIT_KEY) return args.notApplicable(`applies to ${TRANSIT_KEY}`);
    const config = withDefaults(DEFAULTS, args.getConfig<Partial<UnknownInputConfig>>());
    const props = asObject(rawValue(args.props));
    const subject = `transit key '${textOf(props.name ?? args.name)}'`;
    const unknown = unknownInputs(props, [...TRANSIT_KEY_FLAGS, "minAvailableVersion"]);
    if (unknown.length > 0)
      return settleUnknowns(
        unknown.map((path) => ({ path, subject })),
        config,
        report,
      );
    for (const flag of TRANSIT_KEY_FLAGS) if (props[flag] === true) report(`${subject} sets ${flag}: true`);
    // Trimming deletes every key version below it for good (Vault transit API, min_available_version).
    if (typeof props.minAvailableVersion === "number" && props.minAvailableVersion > 1)
      report(`${subject} sets minAvailableVersion: ${props.minAvailableVersion}, which deletes the older key versions`);
  },
};
