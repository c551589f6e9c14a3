import { Alert, Button, Group, Modal, Stack } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconDoorExit } from "@tabler/icons-react";
import { ConfirmModal } from "../../components/ConfirmModal";
import { useLeaveBusiness } from "./useTeam";

// Any member may leave; the last owner is told why they can't instead.
export function LeaveBusinessButton({
  businessId,
  businessName,
  selfId,
  blocker,
}: {
  businessId: string;
  businessName: string;
  selfId: string;
  blocker: string | null;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const leave = useLeaveBusiness(businessId, selfId, businessName);
  const dismiss = () => {
    leave.reset();
    close();
  };
  return (
    <>
      <Button variant="subtle" color="red" leftSection={<IconDoorExit size={16} />} onClick={open}>
        Leave business
      </Button>
      {blocker ? (
        <Modal opened={opened} onClose={dismiss} title={`Leave ${businessName}`} centered>
          <Stack>
            <Alert color="yellow">{blocker}</Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={dismiss}>
                Close
              </Button>
            </Group>
          </Stack>
        </Modal>
      ) : (
        <ConfirmModal
          opened={opened}
          title={`Leave ${businessName}?`}
          confirmLabel="Leave business"
          busy={leave.isPending}
          error={leave.error}
          onConfirm={() => leave.mutate()}
          onClose={dismiss}
        >
          You lose access to its inbox, contacts and settings at once. To come back you need a new invitation.
        </ConfirmModal>
      )}
    </>
  );
}
