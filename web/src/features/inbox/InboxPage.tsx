import { Text } from "@mantine/core";

export function InboxPage() {
  return <Text p="md">Coming in this change.</Text>;
}
