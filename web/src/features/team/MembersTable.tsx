import {
  ActionIcon,
  Avatar,
  Badge,
  Divider,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { IconUserMinus } from "@tabler/icons-react";
import { Fragment } from "react";
import type { Member, Role } from "../../api/types";
import { formatDate } from "../../app/format";
import { memberLabel } from "../../app/members";
import { roleColor, roleLabel } from "../../app/permissions";
import { grantableRoles, memberControls, roleHint } from "./teamRules";
import { useNarrow } from "../../app/useNarrow";

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant="light" color={roleColor[role]}>
      {roleLabel[role]}
    </Badge>
  );
}

function MemberName({ member, self }: { member: Member; self: boolean }) {
  const shown = memberLabel(member);
  return (
    <Group gap="sm" wrap="nowrap" miw={0}>
      <Avatar radius="xl" size={32} color="brand">
        {shown.slice(0, 1).toUpperCase()}
      </Avatar>
      <Text size="sm" fw={600} truncate>
        {member.name || "—"}
      </Text>
      {self && (
        <Badge size="xs" variant="outline" color="gray" style={{ flexShrink: 0 }}>
          You
        </Badge>
      )}
    </Group>
  );
}

function RoleSelect({
  member,
  actor,
  busy,
  onChange,
}: {
  member: Member;
  actor: Role;
  busy: boolean;
  onChange: (role: Role) => void;
}) {
  return (
    <Select
      aria-label={`Role of ${memberLabel(member)}`}
      size="xs"
      w={130}
      allowDeselect={false}
      disabled={busy}
      value={member.role}
      data={grantableRoles(actor).map((r) => ({ value: r, label: roleLabel[r] }))}
      maxDropdownHeight={360}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm">{option.label}</Text>
          <Text size="xs" c="dimmed">
            {roleHint[option.value as Role]}
          </Text>
        </Stack>
      )}
      comboboxProps={{ width: 280, position: "bottom-start" }}
      onChange={(value) => value && value !== member.role && onChange(value as Role)}
    />
  );
}

interface Props {
  members: Member[];
  actor: Role;
  selfId: string;
  busyUserId: string | null;
  onChangeRole: (member: Member, role: Role) => void;
  onRemove: (member: Member) => void;
}

// The pieces of one member's row, shared by the table and the phone cards.
function memberParts({ actor, selfId, busyUserId, onChangeRole, onRemove }: Props) {
  return (m: Member) => {
    const controls = memberControls(actor, m, selfId);
    const shown = memberLabel(m);
    return {
      name: <MemberName member={m} self={m.user_id === selfId} />,
      role: controls.changeRole ? (
        <RoleSelect
          member={m}
          actor={actor}
          busy={busyUserId === m.user_id}
          onChange={(role) => onChangeRole(m, role)}
        />
      ) : (
        <RoleBadge role={m.role} />
      ),
      remove: controls.remove && (
        <Tooltip label={`Remove ${shown}`}>
          <ActionIcon variant="subtle" color="red" aria-label={`Remove ${shown}`} onClick={() => onRemove(m)}>
            <IconUserMinus size={18} />
          </ActionIcon>
        </Tooltip>
      ),
    };
  };
}

// The members of the business; admins and owners get role and removal controls on the rows
// they may manage.
export function MembersTable(props: Props) {
  const narrow = useNarrow();
  const parts = memberParts(props);
  if (narrow)
    return (
      <Stack gap="sm">
        {props.members.map((m, i) => {
          const p = parts(m);
          return (
            <Fragment key={m.user_id}>
              {i > 0 && <Divider />}
              <Stack gap={6} data-testid="member-row">
                {p.name}
                <Text size="sm" c="dimmed" truncate>
                  {m.email}
                </Text>
                <Group justify="space-between" wrap="nowrap">
                  <Group gap="sm" wrap="nowrap">
                    {p.role}
                    <Text size="xs" c="dimmed">
                      Joined {formatDate(m.joined_at)}
                    </Text>
                  </Group>
                  {p.remove}
                </Group>
              </Stack>
            </Fragment>
          );
        })}
      </Stack>
    );
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Joined</Table.Th>
            <Table.Th w={48}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.members.map((m) => {
            const p = parts(m);
            return (
              <Table.Tr key={m.user_id} data-testid="member-row">
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {m.email}
                  </Text>
                </Table.Td>
                <Table.Td>{p.role}</Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDate(m.joined_at)}</Text>
                </Table.Td>
                <Table.Td>{p.remove}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
