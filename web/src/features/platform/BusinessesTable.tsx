import { Badge, Button, Divider, Group, Stack, Table, Text } from "@mantine/core";
import { Fragment } from "react";
import type { PlatformBusiness } from "../../api/types";
import { countOf, formatCount } from "../../app/format";
import { useNarrow } from "../../app/useNarrow";
import { usageEntries } from "./platformRules";

function NameAndSlug({ business }: { business: PlatformBusiness }) {
  return (
    <Stack gap={0} miw={0}>
      <Text size="sm" fw={600} truncate>
        {business.name}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace" truncate>
        {business.slug}
      </Text>
    </Stack>
  );
}

function PlanBadge({ plan }: { plan: string }) {
  return (
    <Badge variant="outline" color="gray" tt="none">
      {plan}
    </Badge>
  );
}

function StatusBadge({ suspended }: { suspended: boolean }) {
  return suspended ? (
    <Badge color="red" variant="light">
      Suspended
    </Badge>
  ) : (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
}

function Usage({ business }: { business: PlatformBusiness }) {
  return (
    <Group gap="xs">
      {usageEntries(business.usage).map(([label, value]) => (
        <Text key={label} size="xs" c="dimmed">
          {label}: <b>{formatCount(value)}</b>
        </Text>
      ))}
    </Group>
  );
}

function SuspendButton({
  business,
  busy,
  onClick,
}: {
  business: PlatformBusiness;
  busy: boolean;
  onClick: () => void;
}) {
  const label = business.suspended ? "Unsuspend" : "Suspend";
  return (
    <Button
      size="xs"
      variant="subtle"
      color={business.suspended ? "green" : "red"}
      loading={busy}
      aria-label={`${label} ${business.name}`}
      onClick={onClick}
    >
      {label}
    </Button>
  );
}

export function BusinessesTable({
  businesses,
  busyId,
  onToggleSuspended,
}: {
  businesses: PlatformBusiness[];
  busyId: string | null;
  onToggleSuspended: (business: PlatformBusiness) => void;
}) {
  const narrow = useNarrow();
  if (narrow)
    return (
      <Stack gap="sm">
        {businesses.map((b, i) => (
          <Fragment key={b.id}>
            {i > 0 && <Divider />}
            <Stack gap={6} data-testid="platform-business-row">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <NameAndSlug business={b} />
                <StatusBadge suspended={b.suspended} />
              </Group>
              <Group gap="sm">
                <PlanBadge plan={b.plan} />
                <Text size="xs" c="dimmed">
                  {countOf(b.members, "member")}
                </Text>
                <Usage business={b} />
              </Group>
              <Group justify="flex-end">
                <SuspendButton business={b} busy={busyId === b.id} onClick={() => onToggleSuspended(b)} />
              </Group>
            </Stack>
          </Fragment>
        ))}
      </Stack>
    );
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Business</Table.Th>
            <Table.Th>Plan</Table.Th>
            <Table.Th ta="right">Members</Table.Th>
            <Table.Th>Usage</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {businesses.map((b) => (
            <Table.Tr key={b.id} data-testid="platform-business-row">
              <Table.Td>
                <NameAndSlug business={b} />
              </Table.Td>
              <Table.Td>
                <PlanBadge plan={b.plan} />
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{b.members}</Text>
              </Table.Td>
              <Table.Td>
                <Usage business={b} />
              </Table.Td>
              <Table.Td>
                <StatusBadge suspended={b.suspended} />
              </Table.Td>
              <Table.Td>
                <Group justify="flex-end">
                  <SuspendButton business={b} busy={busyId === b.id} onClick={() => onToggleSuspended(b)} />
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
