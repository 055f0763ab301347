/**
 * Where a stack is deployed from, read from how its config reaches the cluster: a `kubeconfig` (a
 * secret the CI decrypts with the stack passphrase) is a cluster CI runners can reach; a `context`
 * names an entry of the kubeconfig on the machine that runs `pulumi up`, so only that workstation can
 * deploy it. A tenant stack before its first grant names no cluster: CI deploys its GitLab half. The repository CI's Pulumi jobs (.gitlab-ci.yml `.stacks`, `up:platform`, `up:tenants`)
 * list exactly the `ci` stacks (test/pipeline/repository-ci.test.ts reads this output of each plan).
 */
export type DeploymentTarget = "ci" | "workstation";

export const deploymentTarget = (cluster: { context?: string; kubeconfig?: unknown } | undefined): DeploymentTarget =>
  cluster?.context !== undefined ? "workstation" : "ci";

/**
 * Wildcard DNS services that answer with the address written into the name (nip.io, sslip.io) and
 * the `localhost` names (RFC 6761 6.3): with a loopback address only the machine itself resolves such
 * a domain to the platform, so a CI runner's jobs, a workload cluster's agents or a colleague cannot.
 */
const WILDCARD_DNS = /(^|\.)(nip\.io|sslip\.io)$/;
const LOOPBACK_IN_NAME = /(^|[.-])127([.-]\d{1,3}){3}([.-]|$)/;

export function isLoopbackDomain(domain: string): boolean {
  if (domain === "localhost" || domain.endsWith(".localhost")) return true;
  return WILDCARD_DNS.test(domain) && LOOPBACK_IN_NAME.test(domain.replace(WILDCARD_DNS, ""));
}
