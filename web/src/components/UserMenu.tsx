import { Avatar, Menu, Text, UnstyledButton } from "@mantine/core";
import { IconBuildingSkyscraper, IconKey, IconLogout } from "@tabler/icons-react";
import { useNavigate } from "react-router";
import { useSession } from "../app/session";

export function UserMenu() {
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label="Account">
          <Avatar radius="xl" size={32} color="brand">
            {(me.user.name || me.user.email).slice(0, 1).toUpperCase()}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {me.user.name || me.user.email}
          </Text>
          <Text size="xs">{me.user.email}</Text>
        </Menu.Label>
        {me.user.is_platform_admin && (
          <Menu.Item leftSection={<IconBuildingSkyscraper size={16} />} onClick={() => navigate("/platform")}>
            Platform admin
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => navigate("/change-password")}>
          Change password
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
