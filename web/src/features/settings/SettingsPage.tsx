import { Text } from "@mantine/core";

export function SettingsPage() {
  return <Text p="md">Coming in this change.</Text>;
}
