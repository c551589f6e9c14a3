import { Alert, Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, describeError } from "../../api/client";
import { whatsappApi } from "../../api/whatsapp";
import { useBusiness } from "../../app/business";
import { phoneNumbersKey } from "./settingsKeys";

// "Add number": one number of the WABA by Meta's phone number id.
export function AddNumberModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { id } = useBusiness();
  const client = useQueryClient();
  const [pnid, setPnid] = useState("");
  const [display, setDisplay] = useState("");
  const add = useMutation({
    mutationFn: () => whatsappApi.addNumber(id, pnid.trim(), display.trim()),
    onSuccess: (n) => {
      void client.invalidateQueries({ queryKey: phoneNumbersKey(id) });
      notifications.show({ color: "green", message: `${n.display_phone_number} added.` });
      setPnid("");
      setDisplay("");
      onClose();
    },
  });
  const field = add.error instanceof ApiError ? add.error.field : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (pnid.trim() && display.trim()) add.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Add a phone number">
      <form onSubmit={submit}>
        <Stack gap="sm">
          {add.error && !field && <Alert color="red">{describeError(add.error)}</Alert>}
          <TextInput
            label="Phone number id"
            description="Meta’s id of the number, under WhatsApp → API setup (digits)."
            value={pnid}
            onChange={(e) => setPnid(e.currentTarget.value)}
            error={field === "phone_number_id" ? describeError(add.error) : undefined}
            required
            data-autofocus
          />
          <TextInput
            label="Display number"
            placeholder="+1 555 123 4567"
            value={display}
            onChange={(e) => setDisplay(e.currentTarget.value)}
            error={field === "display_phone_number" ? describeError(add.error) : undefined}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Add number
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
