/**
 * Pod fixtures of the workload guardrails as an attacker writes them (capabilities, confinement,
 * host access, images of other projects), shared by the CrossGuard and Kyverno (CEL) sides of the
 * parity tests; fixtures.ts merges them with the basic ones per guardrail.
 */
import type { Fixture } from "./fixtures";
import { appNamespace } from "./exposure-fixtures";
import { DIGEST, podWith, REGISTRY, type Pod } from "./pods";

type Json = Record<string, unknown>;
const app = (pod: Pod) => pod.spec.containers[0]!;
const context = (pod: Pod) => app(pod).securityContext as Json;
const withContext = (extra: Json) => podWith((p) => Object.assign(context(p), extra));
const podContext = (extra: Json) => podWith((p) => Object.assign(p.spec.securityContext as Json, extra));
const adding = (...add: string[]) => withContext({ capabilities: { drop: ["ALL"], add } });
const annotated = (annotations: Record<string, string>) => podWith((p) => Object.assign(p.metadata, { annotations }));
const withVolume = (volume: Json) => podWith((p) => (p.spec.volumes = [{ name: "data", ...volume }]));
const withImage = (image: string) => podWith((p) => (app(p).image = image));
const initContainer = (securityContext: Json) =>
  podWith(
    (p) => (p.spec.initContainers = [{ ...structuredClone(app(p)), name: "init", securityContext: { ...context(p), ...securityContext } }]),
  );

export const WORKLOAD_FIXTURES: Readonly<Record<string, Fixture[]>> = {
  "capabilities-restricted": [
    { title: "drops ALL", object: withContext({}), allowed: true },
    { title: "adds NET_BIND_SERVICE", object: adding("NET_BIND_SERVICE"), allowed: true },
    { title: "adds SYS_ADMIN", object: adding("SYS_ADMIN"), allowed: false },
    { title: "adds NET_RAW and NET_ADMIN", object: adding("NET_RAW", "NET_ADMIN"), allowed: false },
    { title: "adds BPF in an init container", object: initContainer({ capabilities: { drop: ["ALL"], add: ["BPF"] } }), allowed: false },
    { title: "spells it CAP_SYS_ADMIN", object: adding("CAP_SYS_ADMIN"), allowed: false },
    { title: "spells it in lower case", object: adding("sys_ptrace"), allowed: false },
    { title: "drops only NET_RAW", object: withContext({ capabilities: { drop: ["NET_RAW"] } }), allowed: false },
    { title: "drops nothing", object: withContext({ capabilities: undefined }), allowed: false },
  ],
  "seccomp-apparmor-confined": [
    { title: "RuntimeDefault on the pod", object: podWith(() => undefined), allowed: true },
    {
      title: "Localhost profile on the container",
      object: withContext({ seccompProfile: { type: "Localhost", localhostProfile: "shop.json" } }),
      allowed: true,
    },
    { title: "pod Unconfined", object: podContext({ seccompProfile: { type: "Unconfined" } }), allowed: false },
    {
      title: "container Unconfined under a RuntimeDefault pod",
      object: withContext({ seccompProfile: { type: "Unconfined" } }),
      allowed: false,
    },
    { title: "no seccomp profile at all", object: podContext({ seccompProfile: undefined }), allowed: false },
    { title: "AppArmor Unconfined on the container", object: withContext({ appArmorProfile: { type: "Unconfined" } }), allowed: false },
    { title: "AppArmor Unconfined on the pod", object: podContext({ appArmorProfile: { type: "Unconfined" } }), allowed: false },
    { title: "AppArmor RuntimeDefault", object: podContext({ appArmorProfile: { type: "RuntimeDefault" } }), allowed: true },
    {
      title: "AppArmor annotation unconfined",
      object: annotated({ "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }),
      allowed: false,
    },
    {
      title: "AppArmor annotation localhost profile",
      object: annotated({ "container.apparmor.security.beta.kubernetes.io/app": "localhost/shop" }),
      allowed: true,
    },
    {
      title: "seccomp pod annotation unconfined",
      object: annotated({ "seccomp.security.alpha.kubernetes.io/pod": "unconfined" }),
      allowed: false,
    },
    {
      title: "seccomp container annotation unconfined",
      object: annotated({ "container.seccomp.security.alpha.kubernetes.io/app": "unconfined" }),
      allowed: false,
    },
    { title: "SELinux type spc_t", object: withContext({ seLinuxOptions: { type: "spc_t" } }), allowed: false },
    { title: "SELinux user on the pod", object: podContext({ seLinuxOptions: { user: "system_u" } }), allowed: false },
    { title: "SELinux level only", object: podContext({ seLinuxOptions: { level: "s0:c123,c456" } }), allowed: true },
  ],
  "no-host-namespaces": [
    { title: "hostIPC", object: podWith((p) => (p.spec.hostIPC = true)), allowed: false },
    { title: "host port", object: podWith((p) => (app(p).ports = [{ containerPort: 8080, hostPort: 8080 }])), allowed: false },
    { title: "container port only", object: podWith((p) => (app(p).ports = [{ containerPort: 8080 }])), allowed: true },
    { title: "procMount Unmasked", object: withContext({ procMount: "Unmasked" }), allowed: false },
    { title: "procMount Default", object: withContext({ procMount: "Default" }), allowed: true },
    { title: "nfs volume", object: withVolume({ nfs: { server: "10.0.0.5", path: "/" } }), allowed: false },
    { title: "gitRepo volume", object: withVolume({ gitRepo: { repository: "https://example.org/x.git" } }), allowed: false },
    { title: "claim and projected volumes", object: withVolume({ persistentVolumeClaim: { claimName: "data" } }), allowed: true },
    { title: "node-wide sysctl", object: podContext({ sysctls: [{ name: "kernel.msgmax", value: "65536" }] }), allowed: false },
    {
      title: "safe sysctl",
      object: podContext({ sysctls: [{ name: "net.ipv4.ip_local_port_range", value: "1024 65535" }] }),
      allowed: true,
    },
    { title: "Windows host process", object: podContext({ windowsOptions: { hostProcess: true } }), allowed: false },
  ],
  "run-as-non-root": [
    { title: "runAsUser 0 despite runAsNonRoot", object: withContext({ runAsNonRoot: true, runAsUser: 0 }), allowed: false },
    { title: "numeric non-root user", object: withContext({ runAsUser: 10001 }), allowed: true },
  ],
  "app-images-own-project": [
    { title: "the app's own project", object: withImage(`${REGISTRY}/shop/shop:1.2.3${DIGEST}`), namespace: appNamespace(), allowed: true },
    {
      title: "a backing service's image (PostgreSQL through the ghcr.io proxy)",
      object: withImage(`${REGISTRY}/ghcr-proxy/cloudnative-pg/postgresql:18.4-system-trixie${DIGEST}`),
      namespace: appNamespace(),
      allowed: true,
    },
    {
      title: "a repository that only starts like a backing service's",
      object: withImage(`${REGISTRY}/ghcr-proxy/cloudnative-pg/postgresql-tools:1.0${DIGEST}`),
      namespace: appNamespace(),
      allowed: false,
    },
    {
      title: "a backing service's repository name under another proxy",
      object: withImage(`${REGISTRY}/quay-proxy/cloudnative-pg/postgresql:18.4${DIGEST}`),
      namespace: appNamespace(),
      allowed: false,
    },
    {
      title: "another app's project",
      object: withImage(`${REGISTRY}/ledger/ledger:2.0.0${DIGEST}`),
      namespace: appNamespace(),
      allowed: false,
    },
    {
      title: "a proxy-cache project",
      object: withImage(`${REGISTRY}/dockerhub-proxy/library/nginx:1.27${DIGEST}`),
      namespace: appNamespace(),
      allowed: false,
    },
    {
      title: "a project named like a prefix",
      object: withImage(`${REGISTRY}/shopx/shop:1.2.3${DIGEST}`),
      namespace: appNamespace(),
      allowed: false,
    },
    { title: "another registry", object: withImage(`ghcr.io/shop/shop:1.2.3${DIGEST}`), namespace: appNamespace(), allowed: false },
  ],
};
