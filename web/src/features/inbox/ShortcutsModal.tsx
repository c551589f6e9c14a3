import { Group, Kbd, Modal, Stack, Text } from "@mantine/core";
import { shortcutList } from "./useShortcuts";

export function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="sm">
      <Stack gap="xs">
        {shortcutList.map((s) => (
          <Group key={s.keys} justify="space-between">
            <Text size="sm">{s.what}</Text>
            <Kbd>{s.keys}</Kbd>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}
