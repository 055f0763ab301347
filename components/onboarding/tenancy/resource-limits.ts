import type * as k8s from "@pulumi/kubernetes";
import type { AppSpec } from "../app-spec";

export const RESOURCE_QUOTA_NAME = "tenant-quota";
export const LIMIT_RANGE_NAME = "tenant-limits";

/**
 * The namespace's ResourceQuota. Requests and limits share one ceiling (the spec has one number per
 * resource). LoadBalancer and NodePort Services are forbidden: they would expose pods past the
 * ingress controller and its NetworkPolicy rule.
 */
export function resourceQuotaSpec(resources: AppSpec["resources"]): k8s.types.input.core.v1.ResourceQuotaSpec {
  const { cpu, memory, pods, storage } = resources.quota;
  return {
    hard: {
      "requests.cpu": cpu,
      "limits.cpu": cpu,
      "requests.memory": memory,
      "limits.memory": memory,
      pods: String(pods),
      "requests.storage": storage,
      "services.loadbalancers": "0",
      "services.nodeports": "0",
    },
  };
}

/**
 * Container defaults and ceiling. The quota covers limits, so a pod without limits would be rejected;
 * the defaults let such pods start within the quota instead.
 */
export function limitRangeSpec(resources: AppSpec["resources"]): k8s.types.input.core.v1.LimitRangeSpec {
  const { defaultRequest, defaultLimit, max } = resources.container;
  return {
    limits: [
      {
        type: "Container",
        defaultRequest: { cpu: defaultRequest.cpu, memory: defaultRequest.memory },
        default: { cpu: defaultLimit.cpu, memory: defaultLimit.memory },
        max: { cpu: max.cpu, memory: max.memory },
      },
    ],
  };
}
