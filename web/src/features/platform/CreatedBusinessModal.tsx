import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconUserCheck } from "@tabler/icons-react";
import type { CreatedBusiness } from "../../api/types";
import { CopyField } from "../../components/CopyField";

// Shown once after onboarding: the owner's temporary password (the server never shows it
// again), or word that an existing account became the owner.
// `created` stays set while the window fades out; `onGone` clears it afterwards.
export function CreatedBusinessModal({
  created,
  opened,
  onClose,
  onGone,
}: {
  created: CreatedBusiness | null;
  opened: boolean;
  onClose: () => void;
  onGone: () => void;
}) {
  const password = created?.admin.temporary_password ?? null;
  return (
    <Modal
      opened={opened && created !== null}
      onClose={onClose}
      onExitTransitionEnd={onGone}
      title={created ? `${created.business.name} is ready` : ""}
      centered
      closeOnClickOutside={password === null}
    >
      {created && (
        <Stack>
          {password ? (
            <>
              <Text size="sm">
                Give <b>{created.admin.email}</b> this temporary password with the sign-in address. They
                choose their own password the first time they sign in.
              </Text>
              <CopyField label="Sign-in address" value={`${window.location.origin}/login`} />
              <CopyField label="Temporary password" value={password} />
              <Alert color="yellow" icon={<IconAlertTriangle />} title="Copy it now">
                This password is shown only once. After you close this window nobody can see it again.
              </Alert>
            </>
          ) : (
            <Alert color="blue" icon={<IconUserCheck />} title="An existing account is the owner">
              {created.admin.email} already has a Switchboard account, so no password was made: that account
              is now the owner of {created.business.name} and finds it in its business switcher.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose}>{password ? "I've saved it" : "Done"}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
