import { Badge, Button, Collapse, Group, Select } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconSearch, IconTag, IconX } from "@tabler/icons-react";
import type { ContactFilters as Filters } from "../../api/contacts";
import type { Member } from "../../api/types";
import { hasFilters, type FilterKey } from "./contactFilters";
import { statusLabel } from "./contactFormat";
import { DebouncedInput } from "./DebouncedInput";

interface Props {
  filters: Filters;
  members: Member[];
  statuses: string[];
  onChange: (key: FilterKey, value: string | null, typing?: boolean) => void;
  onClear: () => void;
}

const OPTED_OUT = [
  { value: "false", label: "Can be messaged" },
  { value: "true", label: "Opted out" },
];

// Search and filters; they live in the URL, so a filtered list can be linked and Back works.
// On a phone the filters other than search fold away behind a button.
export function ContactFilters({ filters, members, statuses, onChange, onClear }: Props) {
  const phone = useMediaQuery("(max-width: 48em)") ?? false;
  const [open, { toggle }] = useDisclosure(false);
  const owners = [
    { value: "me", label: "My leads" },
    { value: "none", label: "Unassigned" },
    ...members.map((m) => ({ value: m.user_id, label: m.name || m.email })),
  ];
  const active = [filters.tag, filters.owner_user_id, filters.lead_status, filters.opted_out].filter(
    Boolean,
  ).length;
  const w = phone ? "calc(50% - 4px)" : undefined;
  const more = (
    <Group gap={8} wrap="wrap">
      <DebouncedInput
        label="Tag"
        placeholder="Tag"
        leftSection={<IconTag size={16} />}
        value={filters.tag ?? ""}
        onCommit={(v) => onChange("tag", v, true)}
        w={w ?? 140}
      />
      <Select
        aria-label="Owner"
        placeholder="Any owner"
        data={owners}
        value={filters.owner_user_id ?? null}
        onChange={(v) => onChange("owner_user_id", v)}
        clearable
        searchable
        w={w ?? 170}
      />
      <Select
        aria-label="Lead status"
        placeholder="Any status"
        data={statuses.map((s) => ({ value: s, label: statusLabel(s) }))}
        value={filters.lead_status ?? null}
        onChange={(v) => onChange("lead_status", v)}
        clearable
        w={w ?? 150}
      />
      <Select
        aria-label="Opt-out"
        placeholder="Opt-out status"
        data={OPTED_OUT}
        value={filters.opted_out ?? null}
        onChange={(v) => onChange("opted_out", v)}
        clearable
        w={w ?? 160}
      />
      {hasFilters(filters) && (
        <Button variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
          Clear filters
        </Button>
      )}
    </Group>
  );
  const search = (
    <DebouncedInput
      label="Search contacts"
      placeholder="Search by name or phone"
      leftSection={<IconSearch size={16} />}
      value={filters.query ?? ""}
      onCommit={(v) => onChange("query", v, true)}
      w={phone ? undefined : 240}
      flex={phone ? 1 : undefined}
    />
  );
  if (!phone)
    return (
      <Group gap={8} wrap="wrap">
        {search}
        {more}
      </Group>
    );
  return (
    <div>
      <Group gap={8} wrap="nowrap">
        {search}
        <Button
          variant="default"
          onClick={toggle}
          aria-expanded={open}
          leftSection={<IconAdjustmentsHorizontal size={16} />}
          rightSection={active ? <Badge size="xs">{active}</Badge> : undefined}
        >
          Filters
        </Button>
      </Group>
      <Collapse expanded={open}>
        <div style={{ paddingTop: 8 }}>{more}</div>
      </Collapse>
    </div>
  );
}
