import { useState, type ReactNode } from "react";
import { Alert, Badge, Button, Divider, Drawer, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { ContactTagsInput } from "./ContactTagsInput";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { contactsApi } from "../../api/contacts";
import type { Contact, Member } from "../../api/types";
import { memberOptions } from "../../app/members";
import { attributeRows } from "./attributes";
import { ContactNotes } from "./ContactNotes";
import { AttributesEditor, type EditableRow } from "./AttributesEditor";
import { contactError } from "./contactErrors";
import { ownerLabel, statusColor, statusLabel } from "./contactFormat";
import { contactPatch } from "./contactPatch";
import { DeleteContactModal } from "./DeleteContactModal";

interface Props {
  contact: Contact | null;
  onClose: () => void;
  businessId: string;
  statuses: string[];
  // Undefined while loading.
  members: Member[] | undefined;
  formatDate: (iso: string) => string;
  canWrite: boolean;
  onSaved: (contact: Contact) => void;
  onDeleted: (id: string) => void;
}

type FormProps = Omit<Props, "contact" | "onClose" | "formatDate" | "canWrite"> & {
  contact: Contact;
  onClose: () => void;
};

function Summary({ contact, formatDate }: { contact: Contact; formatDate: (iso: string) => string }) {
  return (
    <Stack gap={4}>
      <Text ff="monospace" size="sm">
        {contact.phone}
      </Text>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          Added {formatDate(contact.created_at)}
        </Text>
        {contact.opted_out && (
          <Badge size="sm" color="red" variant="light">
            Opted out{contact.opted_out_at ? ` ${formatDate(contact.opted_out_at)}` : ""}
          </Badge>
        )}
      </Group>
    </Stack>
  );
}

function ReadOnlyDetails({ contact, members }: { contact: Contact; members: Member[] | undefined }) {
  const rows = attributeRows(contact.attributes ?? {});
  const field = (label: string, value: ReactNode) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {value}
    </div>
  );
  return (
    <Stack gap="sm">
      {field(
        "Tags",
        contact.tags.length ? (
          <Group gap={4}>
            {contact.tags.map((t) => (
              <Badge key={t} variant="light" color="gray" tt="none">
                {t}
              </Badge>
            ))}
          </Group>
        ) : (
          <Text size="sm">—</Text>
        ),
      )}
      {field(
        "Lead status",
        <Badge variant="dot" color={statusColor(contact.lead_status)} tt="none">
          {statusLabel(contact.lead_status)}
        </Badge>,
      )}
      {field("Owner", <Text size="sm">{ownerLabel(contact.owner_user_id, members)}</Text>)}
      {rows.map((r) => (
        <div key={r.key}>{field(r.key, <Text size="sm">{r.value}</Text>)}</div>
      ))}
    </Stack>
  );
}

function EditForm({ contact, businessId, statuses, members, onSaved, onDeleted, onClose }: FormProps) {
  const [name, setName] = useState(contact.name);
  const [tags, setTags] = useState(contact.tags);
  const [status, setStatus] = useState(contact.lead_status);
  const [owner, setOwner] = useState<string | null>(contact.owner_user_id);
  const [rows, setRows] = useState<EditableRow[]>(() =>
    attributeRows(contact.attributes ?? {}).map((r, i) => ({ ...r, id: i + 1 })),
  );
  const [confirmDelete, setConfirmDelete] = useState(false);
  const patch = contactPatch(contact, {
    name,
    tags,
    lead_status: status,
    owner_user_id: owner,
    attributes: rows,
  });
  const save = useMutation({
    mutationFn: () => contactsApi.update(businessId, contact.id, patch ?? {}),
    onSuccess: (c) => {
      notifications.show({ color: "green", message: "Changes saved." });
      onSaved(c);
    },
  });
  const problem = contactError(save.error);
  const errorFor = (f: string) => (problem?.field === f ? problem.message : undefined);
  const statusOptions = statuses.includes(contact.lead_status)
    ? statuses
    : [...statuses, contact.lead_status];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (patch) save.mutate();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errorFor("name")}
        />
        <ContactTagsInput value={tags} onChange={setTags} error={errorFor("tags")} />
        <Group grow align="flex-start">
          <Select
            label="Lead status"
            data={statusOptions.map((s) => ({ value: s, label: statusLabel(s) }))}
            value={status}
            onChange={(v) => v && setStatus(v)}
            allowDeselect={false}
            error={errorFor("lead_status")}
          />
          <Select
            label="Owner"
            placeholder="No owner"
            data={memberOptions(members ?? [])}
            value={owner}
            onChange={setOwner}
            clearable
            searchable
            error={errorFor("owner_user_id")}
          />
        </Group>
        <AttributesEditor rows={rows} onChange={setRows} error={errorFor("attributes")} />
        {problem && !problem.field && <Alert color="red">{problem.message}</Alert>}
        <Group justify="space-between" mt="xs">
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => setConfirmDelete(true)}
          >
            Delete
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" disabled={!patch} loading={save.isPending}>
              Save changes
            </Button>
          </Group>
        </Group>
      </Stack>
      <DeleteContactModal
        contact={contact}
        businessId={businessId}
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        onDeleted={onDeleted}
      />
    </form>
  );
}

// A contact's details, opened from its row; editable for roles that write contacts.
export function ContactDrawer({ contact, onClose, formatDate, canWrite, ...rest }: Props) {
  const phone = useMediaQuery("(max-width: 48em)");
  return (
    <Drawer
      opened={!!contact}
      onClose={onClose}
      position="right"
      size={phone ? "100%" : "md"}
      title={
        <Text fw={600} size="lg" data-testid="contact-drawer-title" style={{ wordBreak: "break-word" }}>
          {contact ? contact.name || "No name" : ""}
        </Text>
      }
    >
      {contact && (
        <Stack gap="md">
          <Summary contact={contact} formatDate={formatDate} />
          <Divider />
          {canWrite ? (
            <EditForm
              key={`${contact.id}:${contact.updated_at ?? ""}`}
              contact={contact}
              onClose={onClose}
              {...rest}
            />
          ) : (
            <ReadOnlyDetails contact={contact} members={rest.members} />
          )}
          <Divider label="Notes" labelPosition="left" />
          <ContactNotes contactId={contact.id} />
        </Stack>
      )}
    </Drawer>
  );
}
