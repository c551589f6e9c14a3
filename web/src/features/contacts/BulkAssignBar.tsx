import { useState } from "react";
import {
  Button,
  CloseButton,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Text,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconUserShare } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { contactsApi } from "../../api/contacts";
import type { Member } from "../../api/types";
import { notifyError } from "../../app/notifyError";
import { formatCount } from "../../app/format";
import { memberOptions } from "../../app/members";
import { batches, plannedOwners, type AssignMode } from "./assignment";
import { assignedLabel } from "./contactFormat";

interface Props {
  businessId: string;
  selectedIds: string[];
  members: Member[];
  onAssigned: (owners: Map<string, string>) => void;
  onClear: () => void;
}

// Shown while contacts are selected: give them all to one member, or spread them round robin.
export function BulkAssignBar({ businessId, selectedIds, members, onAssigned, onClear }: Props) {
  const [mode, setMode] = useState<AssignMode>("one");
  const [one, setOne] = useState<string | null>(null);
  const [several, setSeveral] = useState<string[]>([]);
  const userIds = mode === "one" ? (one ? [one] : []) : several;
  const options = memberOptions(members);

  const assign = useMutation({
    mutationFn: async () => {
      let assigned = 0;
      for (const batch of batches(selectedIds)) {
        const r =
          mode === "one"
            ? await contactsApi.assign(businessId, batch, userIds[0] ?? "")
            : await contactsApi.assignRoundRobin(businessId, batch, userIds);
        assigned += r.assigned;
      }
      return assigned;
    },
    onSuccess: (assigned) => {
      onAssigned(plannedOwners(selectedIds, userIds));
      notifications.show({ color: "green", message: assignedLabel(assigned) });
    },
    onError: (e) => notifyError(e, "Nothing was assigned"),
  });

  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      data-testid="bulk-assign-bar"
      bg="var(--mantine-primary-color-light)"
    >
      <Group gap="sm" wrap="wrap" align="center">
        <Group gap={4} wrap="nowrap">
          <CloseButton aria-label="Clear selection" onClick={onClear} />
          <Text size="sm" fw={600}>
            {formatCount(selectedIds.length)} selected
          </Text>
        </Group>
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as AssignMode)}
          data={[
            { value: "one", label: "Assign to…" },
            { value: "round_robin", label: "Round robin" },
          ]}
        />
        {mode === "one" ? (
          <Select
            aria-label="Assign to member"
            placeholder="Pick a member"
            data={options}
            value={one}
            onChange={setOne}
            searchable
            size="xs"
            w={200}
          />
        ) : (
          <MultiSelect
            aria-label="Round robin across members"
            placeholder={several.length ? undefined : "Pick members"}
            data={options}
            value={several}
            onChange={setSeveral}
            searchable
            size="xs"
            miw={220}
            maw={420}
          />
        )}
        <Button
          size="xs"
          leftSection={<IconUserShare size={14} />}
          disabled={userIds.length === 0}
          loading={assign.isPending}
          onClick={() => assign.mutate()}
        >
          Assign {formatCount(selectedIds.length)}
        </Button>
      </Group>
    </Paper>
  );
}
