import type { z } from "zod";
import { replicasSetting, serviceSettings, type SecretField } from "../service-settings";

/** `services.argoRollouts` in the stack config. */
export const argoRolloutsSettings = (_secret: SecretField) =>
  serviceSettings("Argo Rollouts: canary and blue-green releases of apps with `delivery.strategy` canary or blueGreen.", {
    replicas: replicasSetting("Controller replicas (leader election); default 1 in dev, 2 in staging/prod."),
  });

export type ArgoRolloutsSettings = z.output<ReturnType<typeof argoRolloutsSettings>>;
