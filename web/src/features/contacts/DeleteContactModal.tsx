import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { describeError } from "../../api/client";
import { contactsApi } from "../../api/contacts";
import type { Contact } from "../../api/types";

interface Props {
  contact: Contact;
  businessId: string;
  opened: boolean;
  onClose: () => void;
  onDeleted: (id: string) => void;
}

export function DeleteContactModal({ contact, businessId, opened, onClose, onDeleted }: Props) {
  const remove = useMutation({
    mutationFn: () => contactsApi.remove(businessId, contact.id),
    onSuccess: () => {
      notifications.show({ message: `${contact.name || contact.phone} was deleted.` });
      onDeleted(contact.id);
    },
  });
  const who = contact.name || contact.phone;
  return (
    <Modal opened={opened} onClose={onClose} title="Delete this contact?" zIndex={400}>
      <Stack>
        <Text size="sm">
          <Text span fw={600}>
            {who}
          </Text>{" "}
          will be deleted together with their conversations and messages, notes and consent history. This
          can't be undone.
        </Text>
        {remove.error && <Alert color="red">{describeError(remove.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep contact
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            Delete contact
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
