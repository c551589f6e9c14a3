import { ActionIcon, Badge, Button, Group, Text, Tooltip } from "@mantine/core";
import {
  IconArrowLeft,
  IconCheck,
  IconHourglassLow,
  IconLayoutSidebarRight,
  IconRefresh,
} from "@tabler/icons-react";
import type { Conversation, ConversationStatus } from "../../api/types";
import { contactLabel } from "../../app/format";
import { AssigneeSelect } from "./AssigneeSelect";
import { ContactAvatar } from "./ContactAvatar";

const statusColor: Record<ConversationStatus, string> = {
  open: "green",
  pending: "yellow",
  resolved: "gray",
};
const statusLabel: Record<ConversationStatus, string> = {
  open: "Open",
  pending: "Pending",
  resolved: "Resolved",
};

interface Props {
  conversation: Conversation;
  busy: boolean;
  onStatus: (s: ConversationStatus) => void;
  onAssign: (userId: string | null) => void;
  onBack?: () => void;
  onTogglePanel: () => void;
  panelOpen: boolean;
  showAssignee: boolean; // not when the contact panel next to it has the same control
}

// The top of the thread: who it is, its status, who handles it, and what to do with it.
export function ConversationHeader({
  conversation,
  busy,
  onStatus,
  onAssign,
  onBack,
  onTogglePanel,
  panelOpen,
  showAssignee,
}: Props) {
  const name = contactLabel(conversation.contact);
  const status = conversation.status;
  return (
    <Group
      className="sb-inbox-header"
      justify="space-between"
      wrap="nowrap"
      gap="xs"
      data-testid="conversation-header"
    >
      <Group gap="sm" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
        {onBack && (
          <ActionIcon variant="subtle" color="gray" aria-label="Back to conversations" onClick={onBack}>
            <IconArrowLeft size={18} />
          </ActionIcon>
        )}
        <ContactAvatar name={name} size="md" visibleFrom="xs" />
        <div style={{ minWidth: 0 }}>
          <Text fw={600} truncate>
            {name}
          </Text>
          <Group gap={6} wrap="nowrap">
            <Badge
              size="xs"
              variant="light"
              color={statusColor[status]}
              data-testid="conversation-status"
              style={{ flexShrink: 0 }}
            >
              {statusLabel[status]}
            </Badge>
            <Text size="xs" c="dimmed" truncate>
              {conversation.contact.phone}
            </Text>
          </Group>
        </div>
      </Group>
      <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
        {showAssignee && (
          <AssigneeSelect
            conversation={conversation}
            busy={busy}
            onAssign={onAssign}
            size="xs"
            w={140}
            visibleFrom="sm"
          />
        )}
        {status !== "resolved" ? (
          <>
            <Button
              size="xs"
              variant="light"
              color="green"
              leftSection={<IconCheck size={14} />}
              onClick={() => onStatus("resolved")}
              disabled={busy}
              visibleFrom="xs"
              title="Resolve (e)"
            >
              Resolve
            </Button>
            <ActionIcon
              variant="light"
              color="green"
              aria-label="Resolve"
              onClick={() => onStatus("resolved")}
              disabled={busy}
              hiddenFrom="xs"
            >
              <IconCheck size={18} />
            </ActionIcon>
          </>
        ) : (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconRefresh size={14} />}
            onClick={() => onStatus("open")}
            disabled={busy}
          >
            Reopen
          </Button>
        )}
        {status === "open" && (
          <Tooltip label="Mark pending">
            <ActionIcon
              variant="subtle"
              color="yellow"
              aria-label="Mark pending"
              onClick={() => onStatus("pending")}
              disabled={busy}
            >
              <IconHourglassLow size={18} />
            </ActionIcon>
          </Tooltip>
        )}
        {status === "pending" && (
          <Tooltip label="Back to open">
            <ActionIcon
              variant="subtle"
              color="green"
              aria-label="Mark open"
              onClick={() => onStatus("open")}
              disabled={busy}
            >
              <IconRefresh size={18} />
            </ActionIcon>
          </Tooltip>
        )}
        <Tooltip label={panelOpen ? "Hide contact" : "Show contact"}>
          <ActionIcon
            variant={panelOpen ? "light" : "subtle"}
            color="gray"
            aria-label="Contact details"
            aria-pressed={panelOpen}
            onClick={onTogglePanel}
          >
            <IconLayoutSidebarRight size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
