import { Button, Divider, Group, Stack, Table, Text } from "@mantine/core";
import { IconMailOpened } from "@tabler/icons-react";
import { Fragment } from "react";
import type { Invitation } from "../../api/types";
import { formatDate } from "../../app/format";
import { EmptyHint } from "../../components/EmptyHint";
import { RoleBadge } from "./MembersTable";
import { expiresIn } from "./teamRules";
import { useNarrow } from "../../app/useNarrow";

function Expires({ invitation }: { invitation: Invitation }) {
  return (
    <Text size="sm" title={formatDate(invitation.expires_at)}>
      Expires {expiresIn(invitation.expires_at)}
    </Text>
  );
}

function RevokeButton({
  invitation,
  busy,
  onRevoke,
}: {
  invitation: Invitation;
  busy: boolean;
  onRevoke: (invitation: Invitation) => void;
}) {
  return (
    <Button
      size="xs"
      variant="subtle"
      color="red"
      loading={busy}
      aria-label={`Revoke the invitation of ${invitation.email}`}
      onClick={() => onRevoke(invitation)}
    >
      Revoke
    </Button>
  );
}

export function PendingInvitations({
  invitations,
  revokingId,
  onRevoke,
}: {
  invitations: Invitation[];
  revokingId: string | null;
  onRevoke: (invitation: Invitation) => void;
}) {
  const narrow = useNarrow();
  if (invitations.length === 0)
    return (
      <EmptyHint icon={<IconMailOpened />} title="No pending invitations">
        Invite a teammate by email above. They get a link to join; once they accept, they appear among the
        members.
      </EmptyHint>
    );
  if (narrow)
    return (
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          Pending
        </Text>
        {invitations.map((inv, i) => (
          <Fragment key={inv.id}>
            {i > 0 && <Divider />}
            <Stack gap={4} data-testid="invitation-row">
              <Text size="sm" truncate>
                {inv.email}
              </Text>
              <Group justify="space-between" wrap="nowrap">
                <Group gap="sm" wrap="nowrap">
                  <RoleBadge role={inv.role} />
                  <Expires invitation={inv} />
                </Group>
                <RevokeButton invitation={inv} busy={revokingId === inv.id} onRevoke={onRevoke} />
              </Group>
            </Stack>
          </Fragment>
        ))}
      </Stack>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Pending invitation</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invitations.map((inv) => (
            <Table.Tr key={inv.id} data-testid="invitation-row">
              <Table.Td>
                <Text size="sm">{inv.email}</Text>
              </Table.Td>
              <Table.Td>
                <RoleBadge role={inv.role} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={formatDate(inv.expires_at)}>
                  {expiresIn(inv.expires_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group justify="flex-end">
                  <RevokeButton invitation={inv} busy={revokingId === inv.id} onRevoke={onRevoke} />
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
