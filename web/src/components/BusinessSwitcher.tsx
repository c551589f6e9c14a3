import { Avatar, Badge, Group, Menu, Text, UnstyledButton } from "@mantine/core";
import { IconCheck, IconChevronDown, IconPlus } from "@tabler/icons-react";
import { useLocation, useNavigate } from "react-router";
import type { Branding, BusinessSummary } from "../api/types";
import { roleColor, roleLabel } from "../app/permissions";
import { switchTarget } from "../app/switchTarget";

// A logo is https or a path on this server; anything else (an old http:// value, "//host")
// shows the initial instead.
function safeLogo(url: string | null | undefined): string | null {
  if (!url) return null;
  if (url.startsWith("https://")) return url;
  return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : null;
}

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
    <Avatar src={safeLogo(branding?.logo_url)} alt="" size={size} radius="sm" color="brand" variant="filled">
      {name.slice(0, 1).toUpperCase()}
    </Avatar>
  );
}

// Top left of the header: the current business, and every other one the user belongs to
// with their role there. Picking one moves to the same section under /b/<slug>/ (see
// switchTarget), which reloads every page's data; picking the current one changes nothing.
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
  const { pathname } = useLocation();
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
            onClick={() => b.id !== current?.id && navigate(switchTarget(pathname, b))}
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
