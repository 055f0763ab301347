// The Vault raft snapshot restore drill script, run for real with stand-ins for vault, rclone and
// curl on PATH (each records how it was called): it picks the newest snapshot, restores it with
// -force into a scratch server, checks the copy unsealed, reports its metrics and cleans up.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const SCRIPT = path.join(__dirname, "..", "..", "docs", "runbooks", "vault-raft-restore-drill.sh");

function stubs(dir: string, options: { unseals: boolean }): void {
  const log = path.join(dir, "calls.log");
  const tool = (name: string, body: string) => {
    writeFileSync(path.join(dir, name), `#!/usr/bin/env bash\necho "${name} $*" >> ${log}\n${body}\n`);
    chmodSync(path.join(dir, name), 0o755);
  };
  tool(
    "rclone",
    [
      'case "$1" in',
      '  lsf) printf "vault-raft-20261130T000000Z.snap\\nvault-raft-20261201T180000Z.snap\\nvault-raft-20261201T060000Z.snap\\n" ;;',
      '  copyto) echo snapshot > "$3" ;;',
      "esac",
    ].join("\n"),
  );
  tool(
    "vault",
    [
      'case "$1 $2" in',
      '  "server "*) exec sleep 30 ;;',
      `  "status "*) if [ -f ${dir}/restored ]; then echo '{"sealed": ${options.unseals ? "false" : "true"}}'; exit ${options.unseals ? 0 : 2}; fi; exit 2 ;;`,
      '  "operator init") echo \'{"root_token": "s.scratch"}\' ;;',
      `  "operator raft") if [ "$4" = restore ]; then touch ${dir}/restored; fi ;;`,
      "esac",
    ].join("\n"),
  );
  tool("curl", `cat "\${5#@}" > ${dir}/pushed.prom`);
}

function run(env: Record<string, string>, dir: string) {
  return spawnSync("bash", [SCRIPT], {
    encoding: "utf8",
    env: { PATH: `${dir}:/usr/bin:/bin`, HOME: dir, TMPDIR: dir, ...env },
    timeout: 60_000,
  });
}

describe("docs/runbooks/vault-raft-restore-drill.sh", () => {
  it("parses as bash", () => {
    expect(spawnSync("bash", ["-n", SCRIPT]).status).toBe(0);
  });

  it("refuses to run without the snapshot location and the seal configuration", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "raft-drill-"));
    const result = run({}, dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: SNAPSHOT_REMOTE=<rclone path> SEAL_CONFIG=<file>");
  });

  it("restores the newest snapshot with -force into a scratch server, reports success and the snapshot's age, and cleans up", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "raft-drill-"));
    stubs(dir, { unseals: true });
    const seal = path.join(dir, "seal.hcl");
    writeFileSync(seal, 'seal "awskms" {\n  region = "eu-central-1"\n  kms_key_id = "alias/vault-unseal"\n}\n');
    const result = run({ SNAPSHOT_REMOTE: "backup:bucket/vault-snapshots", SEAL_CONFIG: seal, METRICS_URL: "http://vmagent:8429/x" }, dir);
    expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 0 });
    const calls = readFileSync(path.join(dir, "calls.log"), "utf8");
    expect(calls).toMatch(
      /rclone copyto backup:bucket\/vault-snapshots\/vault-raft-20261201T180000Z\.snap \S+\/vault-raft-20261201T180000Z\.snap/,
    );
    expect(calls).toMatch(/vault operator raft snapshot inspect \S+vault-raft-20261201T180000Z\.snap/);
    expect(calls).toMatch(/vault operator raft snapshot restore -force \S+vault-raft-20261201T180000Z\.snap/);
    const pushed = readFileSync(path.join(dir, "pushed.prom"), "utf8");
    expect(pushed).toContain('restore_drill_success{drill="vault-raft-snapshot",schedule="vault-raft-snapshot"} 1');
    const age = Number(/restore_drill_backup_age_seconds\{[^}]*\} (\d+)/.exec(pushed)![1]);
    expect(age).toBeGreaterThan(0);
    expect(Math.abs(Date.now() / 1000 - age - Date.parse("2026-12-01T18:00:00Z") / 1000)).toBeLessThan(120);
    // The scratch directory (with the snapshot, the scratch root token) is gone.
    const workdir = /vault operator raft snapshot restore -force (\S+)\//.exec(calls)![1]!;
    expect(existsSync(workdir)).toBe(false);
  });

  it("fails, and reports the failure, when the restored copy does not unseal", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "raft-drill-"));
    stubs(dir, { unseals: false });
    const seal = path.join(dir, "seal.hcl");
    writeFileSync(seal, "");
    const result = run(
      {
        SNAPSHOT_REMOTE: "backup:bucket/vault-snapshots",
        SEAL_CONFIG: seal,
        METRICS_URL: "http://vmagent:8429/x",
        UNSEAL_WAIT_SECONDS: "2",
      },
      dir,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("the restored copy did not unseal");
    expect(readFileSync(path.join(dir, "pushed.prom"), "utf8")).toContain(
      'restore_drill_success{drill="vault-raft-snapshot",schedule="vault-raft-snapshot"} 0',
    );
  });
});
