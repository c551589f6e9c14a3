import { Alert, CloseButton, Group, Stack, Text } from "@mantine/core";
import { IconMailCheck, IconLink } from "@tabler/icons-react";
import type { CreatedInvitation } from "../../api/team";
import { roleLabel } from "../../app/permissions";
import { CopyField } from "../../components/CopyField";

// The link of the invitation just made; it isn't shown again once dismissed.
export function InvitationLinkBox({
  invitation,
  onDismiss,
}: {
  invitation: CreatedInvitation;
  onDismiss: () => void;
}) {
  return (
    <Alert
      color={invitation.emailed ? "teal" : "blue"}
      icon={invitation.emailed ? <IconMailCheck /> : <IconLink />}
      title={`${invitation.email} is invited as ${roleLabel[invitation.role]}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Text size="sm">
            {invitation.emailed
              ? "We emailed them this link. You can also send it yourself:"
              : "No email was sent from this server, so send them this link yourself (chat, email…)."}{" "}
            It works once and expires in 7 days.
          </Text>
          <CloseButton aria-label="Dismiss the invitation link" onClick={onDismiss} />
        </Group>
        <CopyField label="Invitation link" value={invitation.accept_url} />
      </Stack>
    </Alert>
  );
}
