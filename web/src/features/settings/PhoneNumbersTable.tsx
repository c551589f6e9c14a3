import { Badge, Button, Group, Paper, Select, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { IconCloudDownload, IconPhone, IconPlus } from "@tabler/icons-react";
import { whatsappApi } from "../../api/whatsapp";
import type { Member, PhoneNumber } from "../../api/types";
import { notifyError } from "../../app/notifyError";
import { useBusiness } from "../../app/business";
import { memberOptions, useMembers } from "../../app/members";
import { EmptyHint } from "../../components/EmptyHint";
import { ErrorState } from "../../components/ErrorState";
import { AddNumberModal } from "./AddNumberModal";
import { formatWhen, qualityColor, qualityLabel, tierLabel } from "./settingsRules";
import { usePhoneNumbers, useWhatsAppCache } from "./useWhatsApp";

function AssigneeSelect({ number, members }: { number: PhoneNumber; members: Member[] }) {
  const { id } = useBusiness();
  const cache = useWhatsAppCache(id);
  const assign = useMutation({
    mutationFn: (userId: string | null) => whatsappApi.assignNumber(id, number.id, userId),
    onSuccess: (n) => cache.replaceNumber(n),
    onError: (e) => notifyError(e, "Not assigned"),
  });
  return (
    <Select
      aria-label={`Assigned member of ${number.display_phone_number}`}
      placeholder="Shared (nobody)"
      data={memberOptions(members)}
      value={number.assigned_user_id}
      onChange={(v) => assign.mutate(v)}
      clearable
      searchable
      disabled={assign.isPending}
      size="xs"
      miw={170}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

function NumberRow({ number, members }: { number: PhoneNumber; members: Member[] }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500} style={{ whiteSpace: "nowrap" }}>
            {number.display_phone_number}
          </Text>
          {number.sandbox && (
            <Badge size="xs" variant="light" color="grape" style={{ flexShrink: 0 }}>
              Sandbox
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{number.verified_name ?? "—"}</Table.Td>
      <Table.Td>
        <Tooltip
          label={
            number.sandbox
              ? "A simulated rating: Meta doesn’t rate the sandbox number"
              : `Meta’s quality rating: ${number.quality_rating ?? "not rated yet"}`
          }
          withArrow
        >
          <Badge color={qualityColor(number.quality_rating)} variant="light">
            {qualityLabel(number.quality_rating)}
          </Badge>
        </Tooltip>
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{tierLabel(number.messaging_limit_tier)}</Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{number.throughput_per_second} msg/s</Table.Td>
      <Table.Td>
        <AssigneeSelect number={number} members={members} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatWhen(number.last_webhook_at)}</Table.Td>
    </Table.Tr>
  );
}

// The business's WhatsApp numbers, with their quality and limits (Meta's, or the sandbox's
// simulated ones) and who each belongs to.
export function PhoneNumbersTable({ mode }: { mode: "cloud" | "sandbox" }) {
  const { id } = useBusiness();
  const numbers = usePhoneNumbers(id);
  const members = useMembers();
  const cache = useWhatsAppCache(id);
  const [adding, { open, close }] = useDisclosure(false);
  const sync = useMutation({
    mutationFn: () => whatsappApi.syncNumbers(id),
    onSuccess: (page) => {
      cache.setNumbers(page.items);
      notifications.show({ color: "green", message: `Synced ${page.items.length} number(s) from Meta.` });
    },
    onError: (e) => notifyError(e, "Sync failed"),
  });
  const items = numbers.data?.items ?? [];

  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h5">
            Phone numbers
          </Title>
          {mode === "cloud" && (
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                leftSection={<IconCloudDownload size={16} />}
                loading={sync.isPending}
                onClick={() => sync.mutate()}
              >
                Sync from Meta
              </Button>
              <Button size="xs" leftSection={<IconPlus size={16} />} onClick={open}>
                Add number
              </Button>
            </Group>
          )}
        </Group>
        {numbers.error ? (
          <ErrorState error={numbers.error} onRetry={() => numbers.refetch()} />
        ) : numbers.isPending ? (
          <Text size="sm" c="dimmed">
            Loading numbers…
          </Text>
        ) : items.length === 0 ? (
          <EmptyHint icon={<IconPhone />} title="No numbers yet">
            {mode === "cloud"
              ? "Choose “Sync from Meta” to bring in the numbers of your WhatsApp Business Account, or add one by its phone number id."
              : "The sandbox number appears here once the sandbox is on: choose “Use the sandbox number” below."}
          </EmptyHint>
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" data-testid="phone-numbers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Number</Table.Th>
                  <Table.Th>Verified name</Table.Th>
                  <Table.Th>Quality</Table.Th>
                  <Table.Th>Messaging limit</Table.Th>
                  <Table.Th>Throughput</Table.Th>
                  <Table.Th>Assigned to</Table.Th>
                  <Table.Th>Last webhook</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((n) => (
                  <NumberRow key={n.id} number={n} members={members.data ?? []} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <AddNumberModal opened={adding} onClose={close} />
    </Paper>
  );
}
