import { Text } from "@mantine/core";

export function PlatformPage() {
  return <Text p="md">Coming in this change.</Text>;
}
