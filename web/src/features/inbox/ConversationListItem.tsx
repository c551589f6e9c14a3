import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { IconClockOff } from "@tabler/icons-react";
import { Link } from "react-router";
import type { Conversation } from "../../api/types";
import { contactLabel } from "../../app/format";
import { ContactAvatar } from "./ContactAvatar";
import { isWindowOpen } from "./inboxRules";
import { formatRelative } from "./inboxTime";

interface Props {
  conversation: Conversation;
  to: string;
  active: boolean;
  now: number;
  assigneeName: string | null;
}

export function ConversationListItem({ conversation: c, to, active, now, assigneeName }: Props) {
  const name = contactLabel(c.contact);
  const unread = c.unread_count > 0;
  const windowOpen = isWindowOpen(c, now);
  return (
    <Link
      to={to}
      className="sb-inbox-item"
      data-active={active}
      data-testid="conversation-item"
      data-conversation-id={c.id}
      aria-current={active ? "page" : undefined}
    >
      <ContactAvatar name={name} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" gap={6} wrap="nowrap">
          <Text size="sm" fw={unread ? 700 : 500} truncate>
            {name}
          </Text>
          <Text
            size="xs"
            c={unread ? "var(--mantine-primary-color-filled)" : "dimmed"}
            style={{ flexShrink: 0 }}
          >
            {formatRelative(c.last_message_at, now)}
          </Text>
        </Group>
        <Group justify="space-between" gap={6} wrap="nowrap">
          <Text size="xs" c={unread ? undefined : "dimmed"} truncate data-testid="conversation-preview">
            {c.last_message_direction === "outbound" ? "You: " : ""}
            {c.last_message || "No messages yet"}
          </Text>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            {!windowOpen && (
              <Tooltip label="24-hour window closed: templates only">
                <span aria-label="Window closed" role="img" style={{ display: "inline-flex" }}>
                  <IconClockOff size={14} color="var(--mantine-color-dimmed)" />
                </span>
              </Tooltip>
            )}
            {unread && (
              <Badge
                size="sm"
                circle={c.unread_count < 10}
                data-testid="unread-badge"
                aria-label={`${c.unread_count} unread`}
              >
                {c.unread_count > 99 ? "99+" : c.unread_count}
              </Badge>
            )}
          </Group>
        </Group>
        {assigneeName && (
          <Text size="xs" c="dimmed" truncate>
            Assigned to {assigneeName}
          </Text>
        )}
      </div>
    </Link>
  );
}
