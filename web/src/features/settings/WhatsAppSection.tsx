import { Center, Loader, SimpleGrid, Stack } from "@mantine/core";
import { useBusiness } from "../../app/business";
import { ErrorState } from "../../components/ErrorState";
import { CloudCredentialsForm } from "./CloudCredentialsForm";
import { ConnectionStatusCard } from "./ConnectionStatusCard";
import { PhoneNumbersTable } from "./PhoneNumbersTable";
import { SandboxPanel } from "./SandboxPanel";
import { WebhookDetails } from "./WebhookDetails";
import { useConnection } from "./useWhatsApp";

// Settings → WhatsApp: how the business is connected, the two ways to connect, and its numbers.
export function WhatsAppSection() {
  const { id } = useBusiness();
  const connection = useConnection(id);
  if (connection.isPending)
    return (
      <Center p="xl">
        <Loader aria-label="Loading the WhatsApp connection" />
      </Center>
    );
  if (connection.error) return <ErrorState error={connection.error} onRetry={() => connection.refetch()} />;
  const c = connection.data;
  return (
    <Stack gap="lg">
      <ConnectionStatusCard connection={c} />
      {c.mode !== null && <PhoneNumbersTable mode={c.mode} />}
      {c.mode === "cloud" && <WebhookDetails connection={c} />}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <SandboxPanel connection={c} />
        <CloudCredentialsForm connection={c} />
      </SimpleGrid>
    </Stack>
  );
}
