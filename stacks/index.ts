// Pulumi program entry (Pulumi.yaml `main`). Validates the stack config before
// anything is registered, then builds the platform, or only apps when the stack
// is a tenant stack (`delivery-platform:platformStack` set).
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError, ConfigError } from "../components/validation/issues";
import { loadPlatformConfig } from "./config/load";
import { deliveryPlatform } from "./program";
import { tenantDeliveryPlatform } from "./tenant";
import { isTenantStack, loadTenantConfig } from "./tenant/config";
import { PlatformReferenceError } from "./tenant/platform-outputs";

// RunError prints the message without a stack trace: the problems are the user's to fix, not ours.
function asRunError(error: unknown): Error {
  if (error instanceof ConfigError || error instanceof PlatformReferenceError || error instanceof ComponentArgsError)
    return new pulumi.RunError(error.message);
  return error instanceof Error ? error : new Error(String(error));
}

function main() {
  try {
    if (isTenantStack(pulumi.runtime.allConfig())) {
      return tenantDeliveryPlatform(loadTenantConfig()).catch((error: unknown) => Promise.reject(asRunError(error)));
    }
    return deliveryPlatform(loadPlatformConfig()).catch((error: unknown) => Promise.reject(asRunError(error)));
  } catch (error) {
    throw asRunError(error);
  }
}

export = main();
