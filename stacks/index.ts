// Pulumi program entry (Pulumi.yaml `main`). Validates the stack config before
// anything is registered, then builds the platform.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../components/validation/issues";
import { loadPlatformConfig } from "./config/load";
import { deliveryPlatform } from "./program";

function main() {
  try {
    return deliveryPlatform(loadPlatformConfig());
  } catch (error) {
    // RunError prints the message without a stack trace: the problems are the user's to fix, not ours.
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

export = main();
