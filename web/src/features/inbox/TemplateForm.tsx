import { useState } from "react";
import { ActionIcon, Button, Group, Stack, TextInput } from "@mantine/core";
import { IconPlus, IconSend, IconX } from "@tabler/icons-react";
import type { OutgoingTemplate } from "../../api/conversations";

const NAME_RULE = /^[a-z0-9_]+$/;

// A template message by name, language and variables (until there's a templates list to pick from).
export function TemplateForm({
  pending,
  onSend,
  compact = false,
}: {
  pending: boolean;
  onSend: (t: OutgoingTemplate) => Promise<boolean>; // true: sent, clear the form
  compact?: boolean;
}) {
  const [name, setName] = useState("");
  const [language, setLanguage] = useState("en_US");
  const [variables, setVariables] = useState<string[]>([]);
  const [tried, setTried] = useState(false);

  const nameError = tried && !NAME_RULE.test(name.trim()) ? "Lower-case letters, digits and _" : null;
  const languageError = tried && !/^[A-Za-z_-]{2,15}$/.test(language.trim()) ? "A code such as en_US" : null;

  const submit = async () => {
    setTried(true);
    if (!NAME_RULE.test(name.trim()) || !/^[A-Za-z_-]{2,15}$/.test(language.trim())) return;
    const sent = await onSend({ name: name.trim(), language: language.trim(), variables });
    if (sent) {
      setName("");
      setVariables([]);
      setTried(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="xs">
        <Group gap="xs" align="flex-start" wrap={compact ? "wrap" : "nowrap"}>
          <TextInput
            label="Template name"
            placeholder="order_update"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            style={{ flex: 2, minWidth: 160 }}
            data-composer
            required
          />
          <TextInput
            label="Language"
            value={language}
            onChange={(e) => setLanguage(e.currentTarget.value)}
            error={languageError}
            style={{ flex: 1, minWidth: 90 }}
            required
          />
        </Group>
        {variables.map((v, i) => (
          <Group key={i} gap="xs" wrap="nowrap">
            <TextInput
              aria-label={`Variable ${i + 1}`}
              placeholder={`Value of {{${i + 1}}}`}
              value={v}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setVariables((vs) => vs.map((x, j) => (j === i ? value : x)));
              }}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Remove variable ${i + 1}`}
              onClick={() => setVariables((vs) => vs.filter((_, j) => j !== i))}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setVariables((vs) => [...vs, ""])}
            disabled={variables.length >= 100}
          >
            Add variable
          </Button>
          <Button type="submit" size="sm" leftSection={<IconSend size={16} />} loading={pending}>
            Send template
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
