import { useState, type FormEvent } from "react";
import { Alert, Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { ContactTagsInput } from "./ContactTagsInput";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { contactsApi } from "../../api/contacts";
import type { Contact } from "../../api/types";
import { contactLabel } from "../../app/format";
import { contactError } from "./contactErrors";
import { statusLabel } from "./contactFormat";

interface Props {
  opened: boolean;
  onClose: () => void;
  businessId: string;
  statuses: string[];
  defaultRegion: string;
  onCreated: (contact: Contact) => void;
}

function AddContactForm({ businessId, statuses, defaultRegion, onClose, onCreated }: Omit<Props, "opened">) {
  const [phone, setPhone] = useState("");
  const [name, setName] = useState("");
  const [tags, setTags] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(statuses[0] ?? null);
  const create = useMutation({
    mutationFn: () =>
      contactsApi.create(businessId, {
        phone: phone.trim(),
        name: name.trim() || undefined,
        tags,
        lead_status: status ?? undefined,
      }),
    onSuccess: (c) => {
      notifications.show({ color: "green", message: `${contactLabel(c)} was added.` });
      onCreated(c);
      onClose();
    },
  });
  const problem = contactError(create.error);
  const errorFor = (field: string) => (problem?.field === field ? problem.message : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Phone"
          placeholder="+351 912 345 678"
          description={`Numbers without + and a country code are read as ${defaultRegion} numbers.`}
          required
          type="tel"
          autoComplete="off"
          data-autofocus
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
          error={errorFor("phone")}
        />
        <TextInput
          label="Name"
          placeholder="Ana Silva"
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errorFor("name")}
        />
        <ContactTagsInput value={tags} onChange={setTags} error={errorFor("tags")} />
        <Select
          label="Lead status"
          data={statuses.map((s) => ({ value: s, label: statusLabel(s) }))}
          value={status}
          onChange={setStatus}
          allowDeselect={false}
          error={errorFor("lead_status")}
        />
        {problem && !problem.field && <Alert color="red">{problem.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!phone.trim()}>
            Add contact
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ContactFormModal({ opened, onClose, ...rest }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add a contact">
      {opened && <AddContactForm onClose={onClose} {...rest} />}
    </Modal>
  );
}
