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
      .refine((actions) => !(actions.includes("Deny") && actions.includes("Warn")), {
        message: "must not combine 'Deny' and 'Warn' (Kubernetes rejects that pair)",
      })
      .optional()
      .meta({
        description:
          "What guardrail policies do on a violation (Deny, Audit, Warn). Default: [Audit] in dev, [Audit, Warn] in staging, [Deny] in prod.",
      }),
  });

export type KyvernoSettings = z.output<ReturnType<typeof kyvernoSettings>>;
export type KyvernoSettingsInput = z.input<ReturnType<typeof kyvernoSettings>>;
