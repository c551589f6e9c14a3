import { List, Paper, Stack, Title } from "@mantine/core";
import type { WhatsAppConnection } from "../../api/types";
import { CopyField } from "../../components/CopyField";

// What to paste into Meta's app dashboard so messages reach this business.
export function WebhookDetails({ connection }: { connection: WhatsAppConnection }) {
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Webhook
        </Title>
        <CopyField label="Callback URL" value={connection.webhook_url} />
        {connection.verify_token && <CopyField label="Verify token" value={connection.verify_token} />}
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
