import { ContactNotes } from "../contacts/ContactNotes";
import type { ReactNode } from "react";
import { Alert, Anchor, Badge, Center, Divider, Group, Loader, Stack, Text } from "@mantine/core";
import { IconBan } from "@tabler/icons-react";
import { Link } from "react-router";
import type { Conversation } from "../../api/types";
import { useBusiness } from "../../app/business";
import { contactLabel } from "../../app/format";
import { memberName, useMembers } from "../../app/members";
import { ErrorState } from "../../components/ErrorState";
import { AssigneeSelect } from "./AssigneeSelect";
import { ContactAvatar } from "./ContactAvatar";
import { formatDateTime } from "./inboxTime";
import { useContact } from "./useInboxData";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}

const attributeText = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v);

// Who the customer is: the contact record next to the thread (edited on the Contacts page).
export function ContactPanel({
  conversation,
  busy,
  onAssign,
}: {
  conversation: Conversation;
  busy: boolean;
  onAssign: (userId: string | null) => void;
}) {
  const { path, can } = useBusiness();
  const contact = useContact(conversation.contact.id);
  const members = useMembers().data;
  const name = contactLabel(conversation.contact);

  return (
    <Stack p="md" gap="md" data-testid="contact-panel">
      <Stack align="center" gap={4}>
        <ContactAvatar size="lg" name={contact.data?.name || name} />
        <Text fw={600} ta="center">
          {contact.data?.name || name}
        </Text>
        {(contact.data?.name || conversation.contact.name).trim() && (
          <Text size="sm" c="dimmed">
            {conversation.contact.phone}
          </Text>
        )}
      </Stack>
      <Field label="Conversation assigned to">
        <AssigneeSelect conversation={conversation} busy={busy} onAssign={onAssign} size="xs" mt={4} />
      </Field>
      <Divider />
      {contact.isPending ? (
        <Center>
          <Loader size="sm" aria-label="Loading contact" />
        </Center>
      ) : contact.error ? (
        <ErrorState error={contact.error} onRetry={() => contact.refetch()} />
      ) : (
        <>
          {contact.data.opted_out && (
            <Alert color="orange" icon={<IconBan size={16} />} p="xs" title="Opted out">
              {contact.data.opted_out_at ? `Since ${formatDateTime(contact.data.opted_out_at)}. ` : ""}
              Messages to this contact are refused.
            </Alert>
          )}
          <Field label="Lead owner">
            <Text size="sm">{memberName(members, contact.data.owner_user_id) ?? "Nobody"}</Text>
          </Field>
          <Field label="Lead status">
            <Badge variant="light" size="sm" mt={2}>
              {contact.data.lead_status || "—"}
            </Badge>
          </Field>
          <Field label="Tags">
            {contact.data.tags.length === 0 ? (
              <Text size="sm" c="dimmed">
                No tags
              </Text>
            ) : (
              <Group gap={4} mt={2}>
                {contact.data.tags.map((t) => (
                  <Badge key={t} variant="outline" size="sm" tt="none">
                    {t}
                  </Badge>
                ))}
              </Group>
            )}
          </Field>
          <Field label="Attributes">
            {Object.keys(contact.data.attributes).length === 0 ? (
              <Text size="sm" c="dimmed">
                None
              </Text>
            ) : (
              <Stack gap={2} mt={2}>
                {Object.entries(contact.data.attributes).map(([k, v]) => (
                  <Group key={k} gap={6} wrap="nowrap" align="flex-start">
                    <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                      {k}
                    </Text>
                    <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                      {attributeText(v)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            )}
          </Field>
          <Field label="Notes">
            <ContactNotes contactId={contact.data.id} />
          </Field>
          <Anchor
            component={Link}
            to={`${path("contacts")}?contact=${encodeURIComponent(contact.data.id)}`}
            size="sm"
          >
            {can.writeContacts ? "Edit in Contacts" : "Open Contacts"}
          </Anchor>
        </>
      )}
    </Stack>
  );
}
