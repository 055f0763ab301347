import { z } from "zod";

/**
 * VictoriaMetrics and VictoriaLogs `-retentionPeriod`: a number with an h/d/w/y unit, or months
 * without one; both refuse less than 24h (chart values.yaml comments of vmsingle and server).
 */
export const retentionPeriod = z
  .string()
  .regex(/^[1-9]\d*[hdwy]?$/, "must be a retention period such as 24h, 30d, 12w, 1y, or a number of months such as 3")
  .refine((value) => !value.endsWith("h") || Number(value.slice(0, -1)) >= 24, { message: "must be at least 24h" });

/** A Kubernetes resource quantity for storage, such as 10Gi. */
export const storageQuantity = z.string().regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/, "must be a storage quantity such as 10Gi");

export const storageClassName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a StorageClass name (lower-case DNS-1123 subdomain)");
