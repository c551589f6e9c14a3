import { ActionIcon, Group, SegmentedControl, Select, Stack, TextInput, Tooltip } from "@mantine/core";
import { IconMessagePlus, IconSearch } from "@tabler/icons-react";
import type { ConversationStatus, PhoneNumber } from "../../api/types";
import { useBusiness } from "../../app/business";
import type { AssigneeFilter, InboxFilters } from "./inboxRules";

interface Props {
  filters: InboxFilters;
  onFilters: (f: InboxFilters) => void;
  search: string;
  onSearch: (s: string) => void;
  numbers: PhoneNumber[];
  onNew: () => void;
}

const statuses: { value: ConversationStatus; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "pending", label: "Pending" },
  { value: "resolved", label: "Resolved" },
];

export function ConversationFilters({ filters, onFilters, search, onSearch, numbers, onNew }: Props) {
  const { can } = useBusiness();
  // Agents only ever get unassigned conversations and their own: "all" is both.
  const assignees: { value: AssigneeFilter; label: string }[] = [
    { value: "all", label: can.seeAllConversations ? "All" : "Mine + unassigned" },
    { value: "me", label: "Mine" },
    { value: "unassigned", label: "Unassigned" },
  ];
  return (
    <Stack gap={8} p="sm" style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          placeholder="Search name or phone"
          aria-label="Search conversations"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => onSearch(e.currentTarget.value)}
          size="sm"
          style={{ flex: 1 }}
        />
        <Tooltip label="New conversation">
          <ActionIcon size="lg" variant="light" aria-label="New conversation" onClick={onNew}>
            <IconMessagePlus size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <SegmentedControl
        size="xs"
        fullWidth
        aria-label="Assignee filter"
        data={assignees}
        value={filters.assignee}
        onChange={(v) => onFilters({ ...filters, assignee: v as AssigneeFilter })}
      />
      <Group gap="xs" wrap="nowrap">
        <SegmentedControl
          size="xs"
          aria-label="Status filter"
          data={statuses}
          value={filters.status}
          onChange={(v) => onFilters({ ...filters, status: v as ConversationStatus })}
          style={{ flex: 1 }}
        />
        {numbers.length > 1 && (
          <Select
            size="xs"
            aria-label="Number"
            placeholder="All numbers"
            clearable
            w={130}
            data={numbers.map((n) => ({ value: n.phone_number_id, label: n.display_phone_number }))}
            value={filters.phoneNumberId}
            onChange={(v) => onFilters({ ...filters, phoneNumberId: v })}
            comboboxProps={{ withinPortal: true }}
          />
        )}
      </Group>
    </Stack>
  );
}
