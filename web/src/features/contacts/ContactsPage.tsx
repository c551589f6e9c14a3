import { Text } from "@mantine/core";

export function ContactsPage() {
  return <Text p="md">Coming in this change.</Text>;
}
