import { useEffect, useRef, useState } from "react";
import { Alert, Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { contactsApi, type ImportResult } from "../../api/contacts";
import { importError } from "./contactErrors";
import { formatCount } from "../../app/format";
import { CsvDropZone } from "./CsvDropZone";
import { ImportProgress } from "./ImportProgress";
import { EXAMPLE_ROW, EXPECTED_HEADER, importPhase, MAX_IMPORT_BYTES } from "./importJob";
import { useImportJob } from "./useImportJob";

interface Props {
  opened: boolean;
  onClose: () => void;
  businessId: string;
  onImported: (result: ImportResult) => void;
}

function ExpectedFormat() {
  return (
    <Stack gap={4}>
      <Text size="sm">
        The first row names the columns. <b>phone</b> is required; the others are optional:
      </Text>
      <Code block>
        {EXPECTED_HEADER}
        {"\n"}
        {EXAMPLE_ROW}
      </Code>
      <Text size="xs" c="dimmed">
        Separate tags with “;”. Any other column (city, plan…) becomes an attribute. A phone already in your
        contacts updates that contact.
      </Text>
    </Stack>
  );
}

// Pick a CSV, follow the import, see what was skipped. The job is followed while the window is
// closed too, so the list still refreshes when it ends.
export function ImportModal({ opened, onClose, businessId, onImported }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) => contactsApi.import(businessId, f),
    onSuccess: (r) => setJobId(r.job_id),
  });
  const job = useImportJob(businessId, jobId);
  const phase = jobId ? importPhase(job.data) : null;

  const reported = useRef<string | null>(null);
  const openedRef = useRef(opened);
  useEffect(() => {
    openedRef.current = opened;
  });
  useEffect(() => {
    const result = job.data?.result;
    if (phase !== "done" || !jobId || !result || reported.current === jobId) return;
    reported.current = jobId;
    onImported(result);
    if (!openedRef.current)
      notifications.show({
        color: "green",
        title: "Import finished",
        message: `${formatCount(result.created)} created, ${formatCount(result.updated)} updated.`,
      });
  }, [phase, jobId, job.data, onImported]);

  const reset = () => {
    setFile(null);
    setJobId(null);
    upload.reset();
  };
  const tooBig = !!file && file.size > MAX_IMPORT_BYTES;
  const finished = phase === "done" || phase === "failed";
  const close = () => {
    if (finished) reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="Import contacts from CSV" size="lg">
      <Stack>
        {!jobId && !upload.isPending ? (
          <>
            <ExpectedFormat />
            <CsvDropZone
              file={file}
              onFile={(f) => {
                upload.reset();
                setFile(f);
              }}
            />
            {tooBig && <Alert color="red">This file is over 64 MB. Split it into smaller files.</Alert>}
            {upload.error && <Alert color="red">{importError(upload.error)}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button disabled={!file || tooBig} onClick={() => file && upload.mutate(file)}>
                Start import
              </Button>
            </Group>
          </>
        ) : (
          <>
            {job.error && !job.data ? (
              <Alert color="red">{importError(job.error)}</Alert>
            ) : (
              <ImportProgress job={job.data} uploading={upload.isPending} />
            )}
            <Group justify="flex-end">
              {finished && (
                <Button variant="default" onClick={reset}>
                  Import another file
                </Button>
              )}
              <Button onClick={close} variant={finished ? "filled" : "default"}>
                {finished ? "Done" : "Close"}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
