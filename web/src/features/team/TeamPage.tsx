import { Text } from "@mantine/core";

export function TeamPage() {
  return <Text p="md">Coming in this change.</Text>;
}
