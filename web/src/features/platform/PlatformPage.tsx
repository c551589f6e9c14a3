import { Button, Center, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBuildingStore, IconLock, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import type { CreatedBusiness, PlatformBusiness } from "../../api/types";
import { useSession } from "../../app/session";
import { EmptyHint } from "../../components/EmptyHint";
import { ErrorState } from "../../components/ErrorState";
import { ConfirmModal } from "../../components/ConfirmModal";
import { useTarget } from "../../app/useTarget";
import { BusinessesTable } from "./BusinessesTable";
import { CreateBusinessModal } from "./CreateBusinessModal";
import { CreatedBusinessModal } from "./CreatedBusinessModal";
import { usePlatformBusinesses, useSetSuspended } from "./usePlatform";

function PlatformAdmin() {
  const list = usePlatformBusinesses();
  const setSuspended = useSetSuspended();
  const [creating, { open: openCreate, close: closeCreate }] = useDisclosure(false);
  const [created, setCreated] = useState<CreatedBusiness | null>(null);
  const [showCreated, { open: openCreated, close: closeCreated }] = useDisclosure(false);
  const toggling = useTarget<PlatformBusiness>();
  const target = toggling.target;

  return (
    <Stack maw={1100} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Platform</Title>
          <Text c="dimmed" size="sm">
            Every business on this Switchboard: onboard new ones, watch their usage, suspend or resume them.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={openCreate}>
          Create business
        </Button>
      </Group>

      <Paper withBorder radius="md" p={{ base: "sm", sm: "lg" }}>
        {list.isPending ? (
          <Center p="xl">
            <Loader />
          </Center>
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyHint icon={<IconBuildingStore />} title="No businesses yet">
            Create the first one with “Create business”: you give its name and its admin’s email, and hand
            them the temporary password.
          </EmptyHint>
        ) : (
          <Stack>
            <BusinessesTable
              businesses={list.data}
              busyId={setSuspended.isPending ? (setSuspended.variables?.business.id ?? null) : null}
              onToggleSuspended={toggling.open}
            />
            {list.hasNextPage && (
              <Center>
                <Button
                  variant="light"
                  loading={list.isFetchingNextPage}
                  onClick={() => list.fetchNextPage()}
                >
                  Load more
                </Button>
              </Center>
            )}
          </Stack>
        )}
      </Paper>

      <CreateBusinessModal
        opened={creating}
        onClose={closeCreate}
        onCreated={(c) => {
          closeCreate();
          setCreated(c);
          openCreated();
        }}
      />
      <CreatedBusinessModal
        created={created}
        opened={showCreated}
        onClose={closeCreated}
        onGone={() => setCreated(null)}
      />
      <ConfirmModal
        opened={toggling.opened}
        title={`${target?.suspended ? "Unsuspend" : "Suspend"} ${target?.name ?? ""}?`}
        confirmLabel={target?.suspended ? "Unsuspend" : "Suspend"}
        color={target?.suspended ? "green" : "red"}
        busy={setSuspended.isPending}
        onClose={toggling.close}
        onConfirm={() =>
          target &&
          setSuspended.mutate(
            { business: target, suspended: !target.suspended },
            { onSuccess: toggling.close },
          )
        }
      >
        {target?.suspended
          ? "Its members get their inbox, contacts and API access back at once."
          : "Its members are refused until you unsuspend it: no inbox, no sending, no API. Nothing is deleted."}
      </ConfirmModal>
    </Stack>
  );
}

// /platform: for platform administrators only; anyone else is told so.
export function PlatformPage() {
  const { me } = useSession();
  if (!me.user.is_platform_admin)
    return (
      <Stack align="center" mt="xl">
        <EmptyHint icon={<IconLock />} title="Only platform administrators can open this page">
          This area is for the people who run this Switchboard installation. Your businesses are in the
          switcher at the top left.
        </EmptyHint>
        <Button component={Link} to="/" variant="light">
          Go to your businesses
        </Button>
      </Stack>
    );
  return <PlatformAdmin />;
}
