import { Button, Group, Stack } from "@mantine/core";
import { IconAddressBook, IconFileImport, IconFilterOff, IconPlus } from "@tabler/icons-react";
import { EmptyHint } from "../../components/EmptyHint";

interface Props {
  filtered: boolean;
  canWrite: boolean;
  onAdd: () => void;
  onImport: () => void;
  onClearFilters: () => void;
}

// No contacts at all (what to do next), or none matching the filters.
export function ContactsEmpty({ filtered, canWrite, onAdd, onImport, onClearFilters }: Props) {
  if (filtered)
    return (
      <Stack align="center">
        <EmptyHint icon={<IconFilterOff />} title="No contacts match">
          Try a shorter search, or clear the filters to see everyone.
        </EmptyHint>
        <Button variant="light" onClick={onClearFilters}>
          Clear filters
        </Button>
      </Stack>
    );
  return (
    <Stack align="center" data-testid="contacts-empty">
      <EmptyHint icon={<IconAddressBook />} title="No contacts yet">
        {canWrite
          ? "Add a contact or import a CSV. Contacts who message your WhatsApp number appear here by themselves."
          : "Contacts appear here when your team adds them or when customers message your WhatsApp number."}
      </EmptyHint>
      {canWrite && (
        <Group>
          <Button leftSection={<IconPlus size={16} />} onClick={onAdd}>
            Add contact
          </Button>
          <Button variant="light" leftSection={<IconFileImport size={16} />} onClick={onImport}>
            Import CSV
          </Button>
        </Group>
      )}
    </Stack>
  );
}
