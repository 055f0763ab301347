import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PROFILES } from "../../shared/profiles";
import type { PlatformContext } from "../platform-context";
import type { SecretField } from "../service-settings";
import { argocdProfileProblems, argocdSettings, type ArgoCdSettings } from "./settings";

export interface ArgoCdArgs {
  context: PlatformContext;
  /** `services.argocd`, as parsed from stack config (secret fields are already Pulumi secrets). */
  settings: ArgoCdSettings;
  /** VictoriaLogs ingestion URLs, one per replica, for the release ledger's sync events (sync-events.ts). */
  syncEventUrls?: readonly string[];
}

const isInput = (value: unknown): boolean => (typeof value === "string" && value.length > 0) || pulumi.Output.isInstance(value);

/**
 * Re-validates parsed settings: secret fields arrive as Outputs, not strings.
 * The cast only adapts zod's input type; the check is the Output test.
 */
const parsedSecret: SecretField = (_path, description) =>
  z
    .custom<pulumi.Output<string>>((value) => pulumi.Output.isInstance(value), {
      message: "must be a Pulumi secret Output (pass the settings parsed from stack config)",
    })
    .meta({ description, secret: true }) as unknown as ReturnType<SecretField>;

export const argoCdArgsSchema = z
  .strictObject({
    context: z.strictObject({
      profile: z.enum(PROFILES),
      domain: z.string().min(1, "must not be empty"),
      ingressClassName: z.string().min(1, "must not be empty"),
      clusterIssuer: z.custom<pulumi.Input<string>>(isInput, { message: "must be a non-empty string or Output" }),
    }),
    settings: argocdSettings(parsedSecret),
    syncEventUrls: z.array(z.url({ protocol: /^https?$/ })).optional(),
  })
  .superRefine((args, ctx) => {
    for (const problem of argocdProfileProblems(args.context.profile, args.settings))
      ctx.addIssue({ code: "custom", path: ["settings", ...problem.path], message: problem.message });
  });
