import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { IconFlask } from "@tabler/icons-react";
import { describeError } from "../../api/client";
import { whatsappApi } from "../../api/whatsapp";
import type { WhatsAppConnection } from "../../api/types";
import { useBusiness } from "../../app/business";
import { SimulateInboundForm } from "./SimulateInboundForm";
import { useWhatsAppCache } from "./useWhatsApp";

// Way one: a simulated number, to try the inbox before there is a Meta account.
export function SandboxPanel({ connection }: { connection: WhatsAppConnection }) {
  const { id } = useBusiness();
  const cache = useWhatsAppCache(id);
  const enable = useMutation({
    mutationFn: () => whatsappApi.connectSandbox(id),
    onSuccess: (c) => {
      setConfirming(false);
      cache.setConnection(c);
      void cache.refreshAll();
    },
  });
  const [confirming, setConfirming] = useState(false);
  const on = connection.mode === "sandbox";

  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Group gap="xs">
          <IconFlask size={20} />
          <Title order={3} size="h5">
            Sandbox
          </Title>
          {on && (
            <Badge color="green" variant="light" size="sm">
              In use
            </Badge>
          )}
        </Group>
        {on ? (
          <>
            <Text size="sm" c="dimmed">
              The sandbox number is connected. Nothing reaches real phones: write as a customer here, then
              answer from the inbox. Replies are marked sent, delivered and read.
            </Text>
            <SimulateInboundForm />
          </>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Try the inbox with no Meta account: a simulated WhatsApp number that you can write to as any
              customer from this page.
              {connection.mode === "cloud" &&
                " Your Cloud API credentials are kept, so switching back later is one click."}
            </Text>
            {enable.error && <Alert color="red">{describeError(enable.error)}</Alert>}
            {confirming ? (
              <Alert color="yellow" title="Switch this business to the sandbox?">
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">
                    Messages to and from your real WhatsApp number stop until you switch back.
                  </Text>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      color="yellow"
                      onClick={() => enable.mutate()}
                      loading={enable.isPending}
                    >
                      Switch to the sandbox
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                      Cancel
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            ) : (
              <Button
                variant={connection.mode === null ? "filled" : "default"}
                onClick={() => (connection.mode === "cloud" ? setConfirming(true) : enable.mutate())}
                loading={enable.isPending}
                style={{ alignSelf: "flex-start" }}
              >
                Use the sandbox number
              </Button>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
