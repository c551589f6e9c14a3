import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { describeError } from "../api/client";

// A yes/no question before something that can't be undone from here.
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  color = "red",
  busy,
  error,
  onConfirm,
  onClose,
  zIndex,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  color?: string;
  busy?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
  // Above an open drawer, which sits higher than a modal by default.
  zIndex?: number;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered zIndex={zIndex}>
      <Stack>
        <Text size="sm">{children}</Text>
        {error != null && <Alert color="red">{describeError(error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {cancelLabel}
          </Button>
          <Button color={color} loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
