import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { IconAlertTriangle, IconPlugConnected, IconPlugConnectedX, IconRefresh } from "@tabler/icons-react";
import { whatsappApi } from "../../api/whatsapp";
import type { WhatsAppConnection } from "../../api/types";
import { notifyError } from "../../app/notifyError";
import { useBusiness } from "../../app/business";
import { checkResultWords, formatWhen, latestWebhook } from "./settingsRules";
import { useWhatsAppCache } from "./useWhatsApp";

const statusLook = {
  connected: { color: "green", label: "Connected" },
  disconnected: { color: "red", label: "Disconnected" },
  not_connected: { color: "gray", label: "Not connected" },
} as const;

// The top of Settings → WhatsApp: connected or not, the reason when not, and a check now.
export function ConnectionStatusCard({ connection }: { connection: WhatsAppConnection }) {
  const { id } = useBusiness();
  const cache = useWhatsAppCache(id);
  const check = useMutation({
    mutationFn: () => whatsappApi.status(id),
    onSuccess: (s) => {
      cache.setNumbers(s.phone_numbers);
      void cache.refreshAll();
    },
    onError: (e) => notifyError(e, "The check failed"),
  });
  const look = statusLook[connection.status];
  const lastWebhook = check.data
    ? (check.data.last_webhook_at ?? latestWebhook(check.data.phone_numbers))
    : connection.last_webhook_at;
  const modeLabel =
    connection.mode === "sandbox"
      ? "Sandbox number"
      : connection.mode === "cloud"
        ? "WhatsApp Cloud API"
        : null;

  return (
    <Paper withBorder p="lg" data-testid="connection-status">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            {connection.status === "connected" ? (
              <IconPlugConnected size={28} color="var(--mantine-color-green-6)" />
            ) : (
              <IconPlugConnectedX size={28} color="var(--mantine-color-gray-6)" />
            )}
            <div>
              <Group gap="xs">
                <Title order={3} size="h4">
                  WhatsApp
                </Title>
                <Badge color={look.color} variant="light" data-testid="connection-badge">
                  {look.label}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {modeLabel
                  ? `${modeLabel}${connection.mode === "cloud" && connection.waba_id ? ` · WABA ${connection.waba_id}` : ""} · last webhook: ${formatWhen(lastWebhook)}`
                  : "Connect a number below to start receiving and sending messages."}
              </Text>
            </div>
          </Group>
          {connection.status !== "not_connected" && (
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              loading={check.isPending}
              onClick={() => check.mutate()}
            >
              Check now
            </Button>
          )}
        </Group>
        {connection.status_detail && (
          <Alert
            color={connection.status === "disconnected" ? "red" : "yellow"}
            icon={<IconAlertTriangle />}
            title={
              connection.status !== "disconnected"
                ? "Heads up"
                : connection.mode === "cloud"
                  ? "Meta says"
                  : "Disconnected"
            }
          >
            {connection.status_detail}
          </Alert>
        )}
        {check.data && (
          <Text size="sm" c={check.data.token_valid === false ? "red" : "dimmed"} data-testid="check-result">
            Checked just now: {checkResultWords(connection.mode, check.data.token_valid)}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
