/**
 * The release ledger's shared names (docs/release-ledger.md): the in-toto predicate type of a release
 * record, the DSSE payload type of a ledger entry, where the ledger lives in an app's config repository
 * and the fields its VictoriaLogs lines carry. The pipeline generator writes them, the evidence CLI
 * reads them, so they live in one place.
 */

/**
 * The project has no published domain: `.example` is reserved (RFC 2606), so this URI can never name
 * someone else's predicate. Bump `/v1` on any incompatible change of compliance/schemas/release-record.schema.json.
 */
export const RELEASE_RECORD_PREDICATE_TYPE = "https://delivery-platform.example/release-record/v1";

/** DSSE payloadType of one ledger entry (one JSON line of the ledger file). */
export const LEDGER_ENTRY_PAYLOAD_TYPE = "application/vnd.delivery-platform.ledger-entry.v1+json";

/** The config repository's ledger: a branch of its own that only the GitOps writer bot may push, never force-pushed. */
export const LEDGER_BRANCH = "ledger";
export const LEDGER_FILE = "ledger/releases.jsonl";

/** `prev` of the first entry: there is no previous line to hash. */
export const LEDGER_GENESIS = "0".repeat(64);

export const CHANGE_TYPES = ["standard", "emergency"] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export const LEDGER_ENTRY_KINDS = ["release", "approval", "sync", "review"] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/**
 * VictoriaLogs JSON-lines ingestion (docs.victoriametrics.com/victorialogs/data-ingestion: POST
 * /insert/jsonline, one JSON object a line; `_stream_fields`, `_time_field` and `_msg_field` query args
 * name the stream, time and message fields). Every release ledger line and every Argo CD sync event
 * lands with these fields, which the dashboard's and the alert rules' LogsQL read.
 */
export const LEDGER_LOG_FIELDS = {
  /** `release-ledger` for pipeline and platform records, `argocd-sync` for Argo CD notifications. */
  source: "source",
  kind: "kind",
  app: "app",
  environment: "env",
  revision: "revision",
  time: "time",
  phase: "phase",
  changeType: "change_type",
  digest: "digest",
  commit: "commit",
  pipelineUrl: "pipeline_url",
  reviewDue: "review_due",
  pipelineId: "pipeline_id",
  seq: "seq",
  entrySha256: "entry_sha256",
  health: "health",
  images: "images",
  message: "message",
} as const;

export const LEDGER_LOG_SOURCES = { ledger: "release-ledger", argocd: "argocd-sync" } as const;

/** The ingestion path with its query args; the host comes from the stack (the VictoriaLogs Service). */
export const JSONLINE_INGEST_PATH = `/insert/jsonline?_stream_fields=${LEDGER_LOG_FIELDS.source},${LEDGER_LOG_FIELDS.app},${LEDGER_LOG_FIELDS.environment}&_time_field=${LEDGER_LOG_FIELDS.time}&_msg_field=${LEDGER_LOG_FIELDS.message}`;
