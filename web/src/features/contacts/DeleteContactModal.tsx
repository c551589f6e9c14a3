import { Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { contactsApi } from "../../api/contacts";
import type { Contact } from "../../api/types";
import { contactLabel } from "../../app/format";
import { ConfirmModal } from "../../components/ConfirmModal";

interface Props {
  contact: Contact;
  businessId: string;
  opened: boolean;
  onClose: () => void;
  onDeleted: (id: string) => void;
}

export function DeleteContactModal({ contact, businessId, opened, onClose, onDeleted }: Props) {
  const who = contactLabel(contact);
  const remove = useMutation({
    mutationFn: () => contactsApi.remove(businessId, contact.id),
    onSuccess: () => {
      notifications.show({ message: `${who} was deleted.` });
      onDeleted(contact.id);
    },
  });
  return (
    <ConfirmModal
      opened={opened}
      title="Delete this contact?"
      confirmLabel="Delete contact"
      cancelLabel="Keep contact"
      busy={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
      zIndex={400}
    >
      <Text span fw={600}>
        {who}
      </Text>{" "}
      will be deleted together with their conversations and messages, notes and consent history. This can't be
      undone.
    </ConfirmModal>
  );
}
