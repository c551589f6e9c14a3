import { useQuery, useQueryClient } from "@tanstack/react-query";
import { contactsApi, type ImportJob } from "../../api/contacts";
import { useLiveEvents } from "../../app/liveEvents";
import { contactsKey } from "./useContactsQuery";
import { isFinished, isJobProgressEvent, withProgress } from "./importJob";

const POLL_MS = 500;

// An import job, kept current two ways: polling GET .../jobs/{id} every 500 ms, and the
// business's live `job.progress` events for this job. Whichever arrives first moves the bar.
export function useImportJob(businessId: string, jobId: string | null) {
  const client = useQueryClient();
  const key = [...contactsKey(businessId), "job", jobId ?? ""] as const;
  const job = useQuery({
    queryKey: key,
    queryFn: () => contactsApi.importJob(businessId, jobId ?? ""),
    enabled: !!jobId,
    refetchInterval: (q) => (isFinished(q.state.data) ? false : POLL_MS),
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
  useLiveEvents((e) => {
    if (!jobId || e.type !== "job.progress" || !isJobProgressEvent(e.data) || e.data.job_id !== jobId) return;
    const event = e.data;
    client.setQueryData<ImportJob>(key, (prev) => withProgress(prev, event));
    if (event.status === "done" || event.status === "failed")
      void client.invalidateQueries({ queryKey: key });
  });
  return job;
}
