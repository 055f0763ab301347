import { isBackingServiceImage } from "../../components/platform/cloudnative-pg/backing-service-images";
import type { PolicyResource } from "@pulumi/policy";
import { allContainers, containerInputs, containerName, podOf } from "./pod-specs";
import { objectKinds, objectsOfKind } from "./resource-index";
import type { StackRule } from "./rule";
import { inAppNamespaces } from "./tenancy";
import { REGISTRY_DEFAULTS } from "./workloads";

/**
 * An app namespace runs the app's own images: `<registry>/<app>/...`, the app's Harbor project
 * (app-names.ts: the project is named after the app, the label `platform.delivery/app` of the
 * namespace). Images of another app's project are signed by that app's pipeline, and proxy-cache
 * projects hold unsigned upstream images: the per-app signature policy matches only the app's own
 * project, so without this rule both would run unverified.
 */
export const appImagePrefix = (registryHost: string, app: string): string => `${registryHost}/${app}/`;

/** Kinds in the plan whose objects carry pods (custom pod-shaped kinds included). */
const podKinds = (resources: readonly PolicyResource[]) =>
  objectKinds(resources).filter((kind) => objectsOfKind(resources, kind).some(({ object }) => podOf(object) !== undefined));

export const appImagesOwnProject: StackRule = inAppNamespaces(
  podKinds,
  ({ object }) => {
    const pod = podOf(object);
    return pod === undefined ? [] : containerInputs("image").map((pattern) => (pod.at === "" ? pattern : `${pod.at}.${pattern}`));
  },
  ({ object }, namespace, config) => {
    const pod = podOf(object);
    if (pod === undefined || config.registryHost === "") return [];
    const prefix = appImagePrefix(config.registryHost, namespace.app);
    return allContainers(pod.spec).flatMap((container, index) => {
      if (pod.partial && container.image === undefined) return [];
      const image = String(container.image ?? "");
      // The platform's backing services (a database, a cache) run these exact upstream repositories through the proxy caches.
      return image.startsWith(prefix) || isBackingServiceImage(image, config.registryHost)
        ? []
        : [`container '${containerName(container, index)}' runs '${image}', which is not from the app's own project ${prefix}`];
    });
  },
  REGISTRY_DEFAULTS,
);
