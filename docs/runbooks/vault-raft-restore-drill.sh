#!/usr/bin/env bash
# Vault raft snapshot restore drill (docs/runbooks/vault-raft-restore-drill.md).
#
# Restores the newest raft snapshot from the bucket into a throw-away, single-node Vault on this
# machine, checks it unseals and answers, reports how long it took and how old the snapshot was
# (as restore_drill_* metrics, pushed to VictoriaMetrics when METRICS_URL is set), and removes the
# scratch server and its data. Nothing touches the production cluster.
#
# Needs: vault (the server version, 2.0.x), rclone, curl; read access to the snapshot prefix.
# Environment:
#   SNAPSHOT_REMOTE    rclone path of the snapshot prefix, e.g. backup:delivery-platform-backups/vault-snapshots
#                      (configure the remote with RCLONE_CONFIG_BACKUP_* variables, read-only credentials)
#   SEAL_CONFIG        file with the production seal stanza (e.g. seal "awskms" { region = ... kms_key_id = ... }):
#                      the restored data is encrypted with it, so the scratch server must unseal the same way
#   CHECK_TOKEN        optional: a token valid in production (e.g. a short-lived operator token); with it the drill
#                      also reads sys/storage/raft/configuration and lists the secret engines of the restored copy
#   METRICS_URL        optional: vmagent's /api/v1/import/prometheus endpoint (port-forwarded or in-cluster)
#   KEEP_WORKDIR=1     optional: keep the scratch directory for inspection
#   UNSEAL_WAIT_SECONDS  optional: how long the restored copy may take to unseal (default 60)
set -euo pipefail

usage() {
  echo "usage: SNAPSHOT_REMOTE=<rclone path> SEAL_CONFIG=<file> [CHECK_TOKEN=...] [METRICS_URL=...] $0" >&2
  exit 2
}
[[ -n "${SNAPSHOT_REMOTE:-}" && -n "${SEAL_CONFIG:-}" ]] || usage
[[ -r "$SEAL_CONFIG" ]] || { echo "SEAL_CONFIG $SEAL_CONFIG is not readable" >&2; exit 2; }
for tool in vault rclone curl; do command -v "$tool" > /dev/null || { echo "needs $tool in PATH" >&2; exit 2; }; done

DRILL="vault-raft-snapshot"
LABELS="drill=\"$DRILL\",schedule=\"vault-raft-snapshot\""
WORKDIR="$(mktemp -d)"
PORT="${SCRATCH_PORT:-18200}"
export VAULT_ADDR="http://127.0.0.1:$PORT"
OK=0
SERVER_PID=""
RESTORE_SECONDS=""
SNAPSHOT_AGE=""

report() {
  local now
  now="$(date +%s)"
  {
    echo "restore_drill_last_run_timestamp_seconds{$LABELS} $now"
    echo "restore_drill_success{$LABELS} $1"
    [[ -z "$RESTORE_SECONDS" ]] || echo "restore_drill_restore_duration_seconds{$LABELS} $RESTORE_SECONDS"
    [[ -z "$SNAPSHOT_AGE" ]] || echo "restore_drill_backup_age_seconds{$LABELS} $SNAPSHOT_AGE"
    [[ "$1" != 1 ]] || echo "restore_drill_last_success_timestamp_seconds{$LABELS} $now"
  } > "$WORKDIR/results.prom"
  cat "$WORKDIR/results.prom"
  if [[ -n "${METRICS_URL:-}" ]]; then
    curl -fsS --max-time 20 --data-binary "@$WORKDIR/results.prom" "$METRICS_URL" || echo "could not push the results" >&2
  fi
}
finish() {
  local rc=$?
  [[ "$OK" == 1 ]] || report 0
  [[ -z "$SERVER_PID" ]] || kill "$SERVER_PID" 2> /dev/null || true
  if [[ "${KEEP_WORKDIR:-}" == 1 ]]; then echo "kept $WORKDIR" >&2; else rm -rf "$WORKDIR"; fi
  exit "$rc"
}
trap finish EXIT

# 1. The newest snapshot (the job names them vault-raft-<UTC timestamp>.snap) and its age.
# The UTC timestamp in the name sorts like the time it stands for.
FILE="$(rclone lsf "$SNAPSHOT_REMOTE" --include 'vault-raft-*.snap' | sort | tail -n 1)"
[[ -n "$FILE" ]] || { echo "no snapshot under $SNAPSHOT_REMOTE" >&2; exit 1; }
STAMP="${FILE#vault-raft-}"
STAMP="${STAMP%.snap}"
TAKEN="$(date -u -d "${STAMP:0:4}-${STAMP:4:2}-${STAMP:6:2}T${STAMP:9:2}:${STAMP:11:2}:${STAMP:13:2}Z" +%s)"
START="$(date +%s)"
SNAPSHOT_AGE="$((START - TAKEN))"
rclone copyto "$SNAPSHOT_REMOTE/$FILE" "$WORKDIR/$FILE"
# A truncated or foreign file fails here, before anything else.
vault operator raft snapshot inspect "$WORKDIR/$FILE" > /dev/null

# 2. A scratch single-node raft Vault with the production seal, initialised, then overwritten by the snapshot.
mkdir -p "$WORKDIR/raft"
cat > "$WORKDIR/server.hcl" << HCL
storage "raft" {
  path    = "$WORKDIR/raft"
  node_id = "restore-drill"
}
listener "tcp" {
  address     = "127.0.0.1:$PORT"
  tls_disable = true
}
api_addr      = "http://127.0.0.1:$PORT"
cluster_addr  = "http://127.0.0.1:$((PORT + 1))"
disable_mlock = true
$(cat "$SEAL_CONFIG")
HCL
vault server -config="$WORKDIR/server.hcl" > "$WORKDIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
  code=0
  vault status > /dev/null 2>&1 || code=$?
  [[ "$code" == 1 ]] || break # 0 unsealed, 2 sealed: the server answers
  sleep 1
done
vault operator init -recovery-shares=1 -recovery-threshold=1 -format=json > "$WORKDIR/init.json"
VAULT_TOKEN="$(sed -n 's/.*"root_token": *"\([^"]*\)".*/\1/p' "$WORKDIR/init.json")"
export VAULT_TOKEN
# -force: the snapshot comes from another cluster (api-docs system/storage/raft: snapshot-force).
vault operator raft snapshot restore -force "$WORKDIR/$FILE"

# 3. The restored copy unseals with the production seal and answers.
for _ in $(seq 1 "${UNSEAL_WAIT_SECONDS:-60}"); do
  if vault status -format=json 2> /dev/null | grep -q '"sealed": *false'; then break; fi
  sleep 1
done
vault status -format=json | grep -q '"sealed": *false' || { echo "the restored copy did not unseal" >&2; exit 1; }
if [[ -n "${CHECK_TOKEN:-}" ]]; then
  VAULT_TOKEN="$CHECK_TOKEN" vault read -format=json sys/storage/raft/configuration > /dev/null
  VAULT_TOKEN="$CHECK_TOKEN" vault secrets list > /dev/null
fi
RESTORE_SECONDS="$(($(date +%s) - START))"
OK=1
report 1
echo "restored $FILE (taken $((SNAPSHOT_AGE / 3600))h ago) in ${RESTORE_SECONDS}s" >&2
