import { Alert, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { IconBellOff } from "@tabler/icons-react";
import { useState } from "react";
import { useBusiness } from "../../app/business";
import { useNotificationPreference } from "./useNotificationPreference";

function deniedWords(permission: string): string | null {
  if (permission === "unsupported") return "This browser can’t show notifications.";
  if (permission === "denied")
    return "The browser blocks notifications from this site. Allow them in the site settings (the icon left of the address), then turn this on again.";
  return null;
}

// Settings → Notifications: each member's own choice, for this browser only.
export function NotificationsSection() {
  const { id, business } = useBusiness();
  const pref = useNotificationPreference(id);
  const [asking, setAsking] = useState(false);
  const blocked = deniedWords(pref.permission);

  const toggle = async (on: boolean) => {
    setAsking(true);
    try {
      await pref.setWanted(on);
    } finally {
      setAsking(false);
    }
  };

  return (
    <Paper withBorder p="lg" maw={640}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          Notifications
        </Title>
        <Text size="sm" c="dimmed">
          Your own preference in {business.name}, on this browser only: other members and your other devices
          choose for themselves.
        </Text>
        <Switch
          label="Browser notifications for new messages in conversations assigned to me"
          description="Shown when this tab is in the background or another conversation is open."
          checked={pref.active}
          disabled={asking || pref.permission === "unsupported"}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />
        {blocked && (pref.wanted || pref.permission !== "default") && (
          <Alert color="yellow" icon={<IconBellOff />} title="Notifications are off">
            {blocked}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
