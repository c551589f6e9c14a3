import { memo } from "react";
import { Badge, Checkbox, Group, Table, Text, Tooltip } from "@mantine/core";
import type { Contact } from "../../api/types";
import { contactLabel } from "../../app/format";
import { statusColor, statusLabel } from "./contactFormat";

export const ROW_HEIGHT = 48;
const SHOWN_TAGS = 3;

interface Props {
  contact: Contact;
  ownerName: string;
  created: string;
  selectable: boolean;
  selected: boolean;
  onToggle: (id: string) => void;
  onOpen: (contact: Contact) => void;
}

function TagBadges({ tags }: { tags: string[] }) {
  if (tags.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const rest = tags.length - SHOWN_TAGS;
  return (
    <Group gap={4} wrap="nowrap" style={{ overflow: "hidden" }}>
      {tags.slice(0, SHOWN_TAGS).map((t) => (
        <Badge
          key={t}
          size="sm"
          variant="light"
          color="gray"
          tt="none"
          style={{ flexShrink: 1, minWidth: 0 }}
        >
          {t}
        </Badge>
      ))}
      {rest > 0 && (
        <Tooltip label={tags.slice(SHOWN_TAGS).join(", ")}>
          <Badge size="sm" variant="outline" color="gray" style={{ flexShrink: 0 }}>
            +{rest}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

// One contact in the table; a click opens it (the checkbox only selects).
export const ContactRow = memo(function ContactRow({
  contact,
  ownerName,
  created,
  selectable,
  selected,
  onToggle,
  onOpen,
}: Props) {
  return (
    <Table.Tr
      data-testid="contact-row"
      style={{ height: ROW_HEIGHT, cursor: "pointer" }}
      bg={selected ? "var(--mantine-primary-color-light)" : undefined}
      onClick={() => onOpen(contact)}
    >
      {selectable && (
        <Table.Td onClick={(e) => e.stopPropagation()}>
          <Checkbox
            aria-label={`Select ${contactLabel(contact)}`}
            checked={selected}
            onChange={() => onToggle(contact.id)}
          />
        </Table.Td>
      )}
      <Table.Td>
        <Text size="sm" fw={500} truncate="end">
          {contact.name || (
            <Text span c="dimmed" size="sm">
              No name
            </Text>
          )}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" truncate="end">
          {contact.phone}
        </Text>
      </Table.Td>
      <Table.Td>
        <TagBadges tags={contact.tags} />
      </Table.Td>
      <Table.Td>
        <Badge size="sm" variant="dot" color={statusColor(contact.lead_status)} tt="none">
          {statusLabel(contact.lead_status)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text
          size="sm"
          truncate="end"
          c={contact.owner_user_id ? undefined : "dimmed"}
          data-testid="contact-owner"
        >
          {ownerName}
        </Text>
      </Table.Td>
      <Table.Td>
        {contact.opted_out ? (
          <Badge size="sm" color="red" variant="light">
            Opted out
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" truncate="end">
          {created}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
});
