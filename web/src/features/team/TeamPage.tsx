import { Center, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import type { CreatedInvitation } from "../../api/team";
import type { Member } from "../../api/types";
import { useBusiness } from "../../app/business";
import { memberLabel, useMembers } from "../../app/members";
import { useSession } from "../../app/session";
import { ErrorState } from "../../components/ErrorState";
import { ConfirmModal } from "../../components/ConfirmModal";
import { InvitationLinkBox } from "./InvitationLinkBox";
import { InviteForm } from "./InviteForm";
import { LeaveBusinessButton } from "./LeaveBusinessButton";
import { MembersTable } from "./MembersTable";
import { PendingInvitations } from "./PendingInvitations";
import { leaveBlocker, sortMembers } from "./teamRules";
import { useTarget } from "../../app/useTarget";
import { useChangeRole, useInvitations, useRemoveMember, useRevokeInvitation } from "./useTeam";

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p={{ base: "sm", sm: "lg" }}>
      <Stack gap="md">
        <div>
          <Title order={3} size="h4">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

function Invitations({ businessId }: { businessId: string }) {
  const { summary } = useBusiness();
  const invitations = useInvitations(businessId, true);
  const revoke = useRevokeInvitation(businessId);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  return (
    <Section
      title="Invitations"
      description="Invite someone by email; they join with the link, with a new account or the one they have."
    >
      <InviteForm businessId={businessId} actor={summary.role} onInvited={setCreated} />
      {created && <InvitationLinkBox invitation={created} onDismiss={() => setCreated(null)} />}
      {invitations.isPending ? (
        <Center p="md">
          <Loader size="sm" />
        </Center>
      ) : invitations.error ? (
        <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} />
      ) : (
        <PendingInvitations
          invitations={invitations.data}
          revokingId={revoke.isPending ? (revoke.variables ?? null) : null}
          onRevoke={(inv) => revoke.mutate(inv.id)}
        />
      )}
    </Section>
  );
}

// /b/:slug/team: who works here and with which role; admins and owners also manage
// roles, removals and invitations.
export function TeamPage() {
  const { id, summary, can } = useBusiness();
  const { me } = useSession();
  const selfId = me.user.id;
  const members = useMembers();
  const changeRole = useChangeRole(id, selfId);
  const remove = useRemoveMember(id);
  const removing = useTarget<Member>();

  return (
    <Stack maw={1000} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Team</Title>
          <Text c="dimmed" size="sm">
            {can.manageTeam
              ? `Everyone who works in ${summary.name}. Change roles, remove people and invite new ones.`
              : `Everyone who works in ${summary.name}. Admins manage the team.`}
          </Text>
        </div>
        {members.data && (
          <LeaveBusinessButton
            businessId={id}
            businessName={summary.name}
            selfId={selfId}
            blocker={leaveBlocker(members.data, selfId)}
          />
        )}
      </Group>

      <Section title={members.data ? `Members (${members.data.length})` : "Members"}>
        {members.isPending ? (
          <Center p="md">
            <Loader size="sm" />
          </Center>
        ) : members.error ? (
          <ErrorState error={members.error} onRetry={() => members.refetch()} />
        ) : (
          <MembersTable
            members={sortMembers(members.data)}
            actor={summary.role}
            selfId={selfId}
            busyUserId={changeRole.isPending ? (changeRole.variables?.member.user_id ?? null) : null}
            onChangeRole={(member, role) => changeRole.mutate({ member, role })}
            onRemove={removing.open}
          />
        )}
      </Section>

      {can.manageTeam && <Invitations businessId={id} />}

      <ConfirmModal
        opened={removing.opened}
        title={`Remove ${removing.target ? memberLabel(removing.target) : ""}?`}
        confirmLabel="Remove from team"
        busy={remove.isPending}
        onClose={removing.close}
        onConfirm={() => removing.target && remove.mutate(removing.target, { onSuccess: removing.close })}
      >
        They lose access to {summary.name} at once. Conversations and contacts they worked on stay here.
      </ConfirmModal>
    </Stack>
  );
}
