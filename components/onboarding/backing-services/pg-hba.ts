/**
 * Client authentication rules the platform adds to every cluster. CloudNativePG puts user rules
 * after its own fixed ones (local, certificate-authenticated replication) and before its final
 * `host all all all <method>` catch-all, which admits plaintext TCP; rejecting every non-TLS TCP
 * connection first leaves TLS as the only way in (encryption in transit). The guardrail
 * backing-services-private-encrypted checks these lines are there.
 */
export const PG_HBA_REJECT_PLAINTEXT = ["hostnossl all all 0.0.0.0/0 reject", "hostnossl all all ::/0 reject"] as const;
