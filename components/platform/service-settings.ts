import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/**
 * Builds a field that must arrive as a Pulumi secret. Stack config knows
 * whether a key was delivered as a secret; component tests pass `allSecret`.
 */
export type SecretField = (path: string, description: string) => z.ZodType<pulumi.Output<string>, string>;

export const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

export function secretField(delivered: (topLevelKey: string) => boolean): SecretField {
  return (path, description) =>
    z
      .string()
      .min(1, "must not be empty")
      .refine(() => delivered(path.split(".")[0] ?? path), {
        message: `must be stored as a secret: run 'pulumi config set --secret --path ${path} <value>'`,
      })
      .transform((value) => pulumi.secret(value))
      .meta({ description, secret: true });
}

/** For component tests and docs: every key counts as delivered secretly. */
export const allSecret: SecretField = secretField(() => true);

/** What every platform service accepts in `services.<name>`. */
export const serviceSettingsBase = {
  enabled: z.boolean().default(true).meta({ description: "Install this service." }),
  chartVersion: z
    .string()
    .regex(EXACT_VERSION, "must be an exact chart version such as 1.2.3 (ranges are not allowed)")
    .optional()
    .meta({ description: "Override the pinned Helm chart version (exact version only)." }),
  values: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: "Extra Helm values merged over the profile's defaults. Never put secrets here." }),
};

/** `replicas` of a service's controllers: an override of the profile's default, 1 to 5. */
export const replicasSetting = (description: string) =>
  z.number().int("must be a whole number").min(1, "must be at least 1").max(5, "must be at most 5").optional().meta({ description });

/** A service's `services.<name>` settings: the common fields plus its own. */
export function serviceSettings<T extends z.ZodRawShape>(description: string, extra: T) {
  return (
    z
      .strictObject({ ...serviceSettingsBase, ...extra })
      // An omitted section means "defaults"; sections with required fields then report those fields.
      .prefault({} as never)
      .meta({ description })
  );
}
