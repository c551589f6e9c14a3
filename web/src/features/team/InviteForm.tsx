import { Alert, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { ApiError, describeError } from "../../api/client";
import type { CreatedInvitation } from "../../api/team";
import type { Role } from "../../api/types";
import { roleLabel } from "../../app/permissions";
import { grantableRoles, roleHint } from "./teamRules";
import { useInvite } from "./useTeam";

// Email and role; the server answers with the link to hand on.
export function InviteForm({
  businessId,
  actor,
  onInvited,
}: {
  businessId: string;
  actor: Role;
  onInvited: (invitation: CreatedInvitation) => void;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const invite = useInvite(businessId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (created) => {
          setEmail("");
          onInvited(created);
        },
      },
    );
  };
  const fieldError = invite.error instanceof ApiError && invite.error.field === "email";
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Email"
            type="email"
            placeholder="teammate@example.com"
            required
            value={email}
            error={fieldError ? describeError(invite.error) : undefined}
            onChange={(e) => setEmail(e.currentTarget.value)}
            style={{ flex: "1 1 240px" }}
          />
          <Select
            label="Role"
            allowDeselect={false}
            value={role}
            data={grantableRoles(actor).map((r) => ({ value: r, label: roleLabel[r] }))}
            onChange={(v) => v && setRole(v as Role)}
            w={160}
          />
          <Button type="submit" loading={invite.isPending} leftSection={<IconSend size={16} />}>
            Send invitation
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {roleLabel[role]}: {roleHint[role]}
        </Text>
        {invite.error != null && !fieldError && <Alert color="red">{describeError(invite.error)}</Alert>}
      </Stack>
    </form>
  );
}
