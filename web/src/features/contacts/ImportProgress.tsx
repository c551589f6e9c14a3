import { Alert, Group, Progress, ScrollArea, SimpleGrid, Stack, Table, Text, ThemeIcon } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import type { ImportJob } from "../../api/contacts";
import { formatCount } from "../../app/format";
import { importPhase, percent } from "./importJob";

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Stack gap={0} align="center">
      <Text fw={700} size="xl" c={color} data-testid={`import-${label.toLowerCase()}`}>
        {formatCount(value)}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

function RejectedLines({ lines, total }: { lines: { line: number; reason: string }[]; total: number }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Rows that were skipped
      </Text>
      <ScrollArea.Autosize mah={220} type="auto">
        <Table striped withTableBorder verticalSpacing={4} fz="sm" data-testid="rejected-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>Line</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((r) => (
              <Table.Tr key={`${r.line}:${r.reason}`}>
                <Table.Td ff="monospace">{r.line}</Table.Td>
                <Table.Td style={{ wordBreak: "break-word" }}>{r.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {total > lines.length && (
        <Text size="xs" c="dimmed">
          Showing the first {formatCount(lines.length)} of {formatCount(total)} skipped rows.
        </Text>
      )}
      <Text size="xs" c="dimmed">
        Line numbers count the header as line 1. Fix these rows and import the file again: rows already
        imported are updated, not duplicated.
      </Text>
    </Stack>
  );
}

// Where an import is: a bar while it runs, then what it did.
export function ImportProgress({ job, uploading }: { job: ImportJob | undefined; uploading: boolean }) {
  const phase = importPhase(job);
  if (phase === "failed")
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title="The import failed">
        {job?.error || "The file could not be imported."} Nothing after the failure was imported.
      </Alert>
    );
  if (phase === "done" && job?.result) {
    const r = job.result;
    const rejectedTotal = r.rejected_count ?? r.rejected.length;
    return (
      <Stack>
        <Group gap="xs">
          <ThemeIcon color="green" variant="light" radius="xl">
            <IconCircleCheck size={18} />
          </ThemeIcon>
          <Text fw={600}>Import finished</Text>
        </Group>
        <Progress value={100} color="green" aria-label="Import progress" data-testid="import-progress" />
        <SimpleGrid cols={3}>
          <Count label="Created" value={r.created} color="green" />
          <Count label="Updated" value={r.updated} />
          <Count label="Skipped" value={rejectedTotal} color={rejectedTotal ? "orange" : undefined} />
        </SimpleGrid>
        {rejectedTotal > 0 && <RejectedLines lines={r.rejected} total={rejectedTotal} />}
      </Stack>
    );
  }
  const value = percent(job);
  const done = job?.progress.done ?? 0;
  const total = job?.progress.total;
  return (
    <Stack gap="xs">
      <Text fw={500}>{uploading ? "Uploading the file…" : "Importing contacts…"}</Text>
      <Progress
        value={value ?? 100}
        animated={value === null || value < 100}
        aria-label="Import progress"
        data-testid="import-progress"
      />
      <Text size="sm" c="dimmed">
        {uploading || !job
          ? "Checking the file."
          : total
            ? `${formatCount(done)} of ${formatCount(total)} rows (${value ?? 0}%)`
            : `${formatCount(done)} rows so far`}
      </Text>
      <Text size="xs" c="dimmed">
        You can close this window; the import keeps going and the list refreshes when it's done.
      </Text>
    </Stack>
  );
}
