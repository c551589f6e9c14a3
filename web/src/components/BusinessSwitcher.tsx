import { Avatar, Badge, Group, Menu, Text, UnstyledButton } from "@mantine/core";
import { IconCheck, IconChevronDown, IconPlus } from "@tabler/icons-react";
import { useNavigate } from "react-router";
import type { Branding, BusinessSummary } from "../api/types";
import { roleColor, roleLabel } from "../app/permissions";

export function BusinessLogo({
  name,
  branding,
  size = 32,
}: {
  name: string;
  branding?: Partial<Branding>;
  size?: number;
}) {
  return (
    <Avatar src={branding?.logo_url || null} alt="" size={size} radius="sm" color="brand" variant="filled">
      {name.slice(0, 1).toUpperCase()}
    </Avatar>
  );
}

// Top left of the header: the current business, and every other one the user belongs to
// with their role there. Picking one moves to /b/<slug>/, which reloads every page's data.
export function BusinessSwitcher({
  current,
  branding,
  businesses,
}: {
  current: BusinessSummary | null;
  branding?: Partial<Branding>;
  businesses: BusinessSummary[];
}) {
  const navigate = useNavigate();
  return (
    <Menu position="bottom-start" width={300} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label="Switch business" data-testid="business-switcher">
          <Group gap="xs" wrap="nowrap">
            <BusinessLogo name={current?.name ?? "Switchboard"} branding={branding} />
            <Text fw={700} truncate maw={180}>
              {current?.name ?? "Switchboard"}
            </Text>
            <IconChevronDown size={16} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Your businesses</Menu.Label>
        {businesses.map((b) => (
          <Menu.Item
            key={b.id}
            onClick={() => navigate(`/b/${b.slug}/inbox`)}
            leftSection={b.id === current?.id ? <IconCheck size={16} /> : <span style={{ width: 16 }} />}
            rightSection={
              <Badge size="xs" variant="light" color={roleColor[b.role]}>
                {roleLabel[b.role]}
              </Badge>
            }
          >
            <Text size="sm" truncate maw={170}>
              {b.name}
            </Text>
          </Menu.Item>
        ))}
        {businesses.length === 0 && (
          <Menu.Item disabled>
            <Text size="sm">No businesses yet</Text>
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => navigate("/businesses/new")}>
          Create business
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
