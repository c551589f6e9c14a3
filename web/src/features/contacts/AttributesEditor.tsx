import { ActionIcon, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { AttributeRow } from "./attributes";

export interface EditableRow extends AttributeRow {
  id: number;
}

interface Props {
  rows: EditableRow[];
  onChange: (rows: EditableRow[]) => void;
  error?: string;
}

// Custom fields as key/value rows; an emptied value removes the attribute.
export function AttributesEditor({ rows, onChange, error }: Props) {
  const set = (id: number, patch: Partial<AttributeRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const add = () =>
    onChange([...rows, { id: Math.max(0, ...rows.map((r) => r.id)) + 1, key: "", value: "" }]);
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Attributes
      </Text>
      {rows.length === 0 && (
        <Text size="xs" c="dimmed">
          No custom fields yet. Add one such as city or plan; imports fill them from extra CSV columns.
        </Text>
      )}
      {rows.map((r, i) => (
        <Group key={r.id} gap={6} wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={`Attribute ${i + 1} name`}
            placeholder="Name"
            value={r.key}
            maxLength={64}
            onChange={(e) => set(r.id, { key: e.currentTarget.value })}
            style={{ flex: 2 }}
          />
          <TextInput
            aria-label={`Attribute ${i + 1} value`}
            placeholder="Value"
            value={r.value}
            onChange={(e) => set(r.id, { value: e.currentTarget.value })}
            style={{ flex: 3 }}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Remove attribute ${r.key || i + 1}`}
            onClick={() => onChange(rows.filter((x) => x.id !== r.id))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
      <Group>
        <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={add}>
          Add attribute
        </Button>
      </Group>
    </Stack>
  );
}
