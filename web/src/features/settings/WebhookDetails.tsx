import { ActionIcon, Code, CopyButton, Group, List, Paper, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import type { WhatsAppConnection } from "../../api/types";

function CopyValue({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code style={{ flex: 1, overflowX: "auto", whiteSpace: "nowrap" }} data-testid={`copy-${label}`}>
          {value}
        </Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? "Copied" : "Copy"} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? "green" : "gray"}
                onClick={copy}
                aria-label={`Copy ${label.toLowerCase()}`}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

// What to paste into Meta's app dashboard so messages reach this business.
export function WebhookDetails({ connection }: { connection: WhatsAppConnection }) {
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Webhook
        </Title>
        <CopyValue label="Callback URL" value={connection.webhook_url} />
        {connection.verify_token && <CopyValue label="Verify token" value={connection.verify_token} />}
        <List size="sm" type="ordered" spacing={4}>
          <List.Item>In Meta’s app dashboard open WhatsApp → Configuration.</List.Item>
          <List.Item>
            Under Webhook choose Edit, paste the callback URL and the verify token, then Verify and save.
          </List.Item>
          <List.Item>Under Webhook fields subscribe to “messages”.</List.Item>
          <List.Item>
            Write to your number from a phone: “last webhook” above updates within seconds.
          </List.Item>
        </List>
      </Stack>
    </Paper>
  );
}
