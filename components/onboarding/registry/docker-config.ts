/** The `.dockerconfigjson` of a `kubernetes.io/dockerconfigjson` Secret for one registry login. */
export function dockerConfigJson(registryHost: string, username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`).toString("base64");
  return JSON.stringify({ auths: { [registryHost]: { username, password, auth } } });
}
