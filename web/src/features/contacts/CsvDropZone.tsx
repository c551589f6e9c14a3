import { useState, type DragEvent } from "react";
import { Button, FileButton, Group, Paper, Stack, Text } from "@mantine/core";
import { IconFileSpreadsheet, IconUpload } from "@tabler/icons-react";
import { formatCount } from "../../app/format";

interface Props {
  file: File | null;
  onFile: (file: File | null) => void;
}

const kb = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${formatCount(Math.ceil(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// Drop a CSV here or pick one.
export function CsvDropZone({ file, onFile }: Props) {
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    onFile(e.dataTransfer.files[0] ?? null);
  };
  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      data-testid="csv-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      style={{
        borderStyle: "dashed",
        borderWidth: 2,
        borderColor: over ? "var(--mantine-primary-color-filled)" : undefined,
        background: over ? "var(--mantine-primary-color-light)" : undefined,
      }}
    >
      <Stack align="center" gap="xs">
        {file ? <IconFileSpreadsheet size={32} /> : <IconUpload size={32} stroke={1.5} />}
        {file ? (
          <Text fw={500} ta="center" style={{ wordBreak: "break-all" }}>
            {file.name}{" "}
            <Text span c="dimmed" size="sm">
              ({kb(file.size)})
            </Text>
          </Text>
        ) : (
          <Text size="sm" c="dimmed" ta="center">
            Drag a CSV file here, or
          </Text>
        )}
        <Group>
          <FileButton onChange={onFile} accept=".csv,text/csv,application/csv">
            {(props) => (
              <Button variant={file ? "default" : "light"} size="xs" {...props}>
                {file ? "Pick another file" : "Choose a file"}
              </Button>
            )}
          </FileButton>
        </Group>
      </Stack>
    </Paper>
  );
}
