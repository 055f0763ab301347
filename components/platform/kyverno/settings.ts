import { z } from "zod";
import { serviceSettings, type SecretField } from "../service-settings";
import { VALIDATION_ACTIONS } from "./validation-actions";

/** The chart is versioned without a `v` (3.9.1); a `v`-prefixed version names no chart. */
const CHART_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** `services.kyverno` in the stack config. */
export const kyvernoSettings = (_secret: SecretField) =>
  serviceSettings("Kyverno: admission guardrails.", {
    chartVersion: z
      .string()
      .regex(CHART_VERSION, "must be an exact chart version without a 'v' prefix, such as 3.9.1")
      .optional()
      .meta({ description: "Override the pinned Helm chart version (exact version, such as 3.9.1)." }),
    validationActions: z
      .array(z.enum(VALIDATION_ACTIONS))
      .min(1, "must list at least one action")
      .refine((actions) => new Set(actions).size === actions.length, { message: "must not list an action twice" })
      .refine((actions) => !actions.includes("Deny"), {
        message:
          "must not include 'Deny': a guardrail denies where it is mandatory in the environment's tier, for CrossGuard and Kyverno alike; to block in an environment set its `environments[].enforcement` to prod",
      })
      .optional()
      .meta({
        description:
          "What Kyverno does on a violation of a guardrail that is advisory in the namespace's environment (Audit, Warn). Default: [Audit] in dev-tier environments, [Audit, Warn] in staging and prod tiers. Mandatory guardrails always deny.",
      }),
  });

export type KyvernoSettings = z.output<ReturnType<typeof kyvernoSettings>>;
export type KyvernoSettingsInput = z.input<ReturnType<typeof kyvernoSettings>>;
