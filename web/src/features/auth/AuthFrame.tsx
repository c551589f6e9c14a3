import { Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { authApi } from "../../api/auth";
import { BusinessLogo } from "../../components/BusinessSwitcher";

// The centred card around the sign-in pages, with the business's name and logo when the
// page is opened on its subdomain.
export function AuthFrame({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  const site = useQuery({ queryKey: ["site"], queryFn: authApi.site, staleTime: Infinity });
  const business = site.data?.business;
  return (
    <Center mih="100dvh" p="md" bg="var(--mantine-color-gray-0)">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack>
          <Group gap="sm">
            <BusinessLogo name={business?.name ?? "Switchboard"} branding={business?.branding} size={40} />
            <Text fw={700} size="lg">
              {business?.name ?? "Switchboard"}
            </Text>
          </Group>
          <div>
            <Title order={2} size="h3">
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            )}
          </div>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

export function useSite() {
  return useQuery({ queryKey: ["site"], queryFn: authApi.site, staleTime: Infinity });
}
