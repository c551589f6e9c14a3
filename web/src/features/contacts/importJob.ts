import type { ImportJob, JobProgressEvent } from "../../api/contacts";

export type ImportPhase = "running" | "done" | "failed";

export const isFinished = (job: ImportJob | undefined) => job?.status === "done" || job?.status === "failed";

export function importPhase(job: ImportJob | undefined): ImportPhase {
  if (job?.status === "done") return "done";
  if (job?.status === "failed") return "failed";
  return "running";
}

// A `job.progress` event folded into what polling last said. Progress only moves forward, and
// the event never finishes the job by itself: its result has counts but not the rejected lines,
// so "done" comes from GET .../jobs/{id}, fetched at once when the event says so.
export function withProgress(job: ImportJob | undefined, event: JobProgressEvent): ImportJob {
  if (job && isFinished(job)) return job;
  const done = Math.max(job?.progress.done ?? 0, event.progress.done);
  return {
    id: event.job_id,
    kind: event.kind,
    result: null,
    error: null,
    ...job,
    status: "running",
    progress: { done, total: event.progress.total ?? job?.progress.total ?? null },
  };
}

// Percent for the bar; null while the total isn't known yet.
export function percent(job: ImportJob | undefined): number | null {
  if (!job) return null;
  if (job.status === "done") return 100;
  const { done, total } = job.progress;
  if (total === null || total === undefined) return null;
  if (total === 0) return 100;
  return Math.min(100, Math.round((done / total) * 100));
}

export function isJobProgressEvent(
  data: Record<string, unknown>,
): data is Record<string, unknown> & JobProgressEvent {
  const p = data.progress as { done?: unknown } | undefined;
  return typeof data.job_id === "string" && typeof data.status === "string" && typeof p?.done === "number";
}

export const EXPECTED_HEADER = "phone,name,tags,lead_status,owner_user_id,opted_out";
export const EXAMPLE_ROW = "+351912345678,Ana Silva,vip;lisbon,new,,false";
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
