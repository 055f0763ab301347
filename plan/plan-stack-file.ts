import { secretFingerprinter } from "./changes/secret-fingerprints";
import { passphraseFromEnvironment } from "./passphrase-secrets";
import { evaluatePlanPolicies } from "./policy-evaluation";
import { runOfflinePlan, type OfflinePlanOutcome } from "./run-offline-plan";
import { referencedStackOutputs } from "./stack-references";
import { readStackConfig, type StackConfig } from "./stack-config-file";

export interface StackFilePlanOptions {
  stacksDir: string;
  stack: string;
  /** Tenant stacks: the platform stack's outputs as a plan file (see stack-references.ts). */
  platformPlanFile?: string;
}

export type StackFilePlan = OfflinePlanOutcome & { stackConfig: StackConfig };

/**
 * Plans `<stacksDir>/Pulumi.<stack>.yaml` offline and, when it plans, records the
 * guardrail violations in the plan: what `npm run plan` and `npm run evidence`
 * report on. Throws StackFileError or PassphraseError for an unusable stack file.
 */
export async function planStackFile({ stacksDir, stack, platformPlanFile }: StackFilePlanOptions): Promise<StackFilePlan> {
  const stackConfig = readStackConfig(stacksDir, stack);
  const stackReferences = await referencedStackOutputs(stackConfig, stacksDir, platformPlanFile, stack);
  const passphrase = stackConfig.decrypted ? passphraseFromEnvironment() : undefined;
  const secretFingerprint =
    passphrase !== undefined && stackConfig.encryptionSalt !== undefined
      ? secretFingerprinter(passphrase, stackConfig.encryptionSalt)
      : undefined;
  const outcome = await runOfflinePlan({ stack, stackConfig, stackReferences, secretFingerprint });
  if (outcome.kind === "planned") outcome.plan.policies.violations = await evaluatePlanPolicies(outcome.plan);
  return { ...outcome, stackConfig };
}
