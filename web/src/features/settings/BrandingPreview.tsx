import { Avatar, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { isHexColor, isHttpsUrl } from "./settingsRules";

// How the header and buttons will look with the colour and logo being edited.
export function BrandingPreview({ name, logoUrl, color }: { name: string; logoUrl: string; color: string }) {
  const c = isHexColor(color) ? color : undefined;
  const src = isHttpsUrl(logoUrl) ? logoUrl : null;
  return (
    <Paper withBorder p="lg" data-testid="branding-preview">
      <Stack gap="md">
        <Group gap="xs" wrap="nowrap">
          <Avatar src={src} alt="" size={40} radius="sm" color={c} variant="filled">
            {name.slice(0, 1).toUpperCase()}
          </Avatar>
          <Text fw={700} truncate>
            {name}
          </Text>
        </Group>
        <Group gap="xs">
          <Button color={c} tabIndex={-1} aria-hidden>
            Send reply
          </Button>
          <Button color={c} variant="light" tabIndex={-1} aria-hidden>
            Assign
          </Button>
          <Badge color={c} variant="light">
            Open
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          Saved, the whole dashboard takes this colour for everyone in the business.
        </Text>
      </Stack>
    </Paper>
  );
}
