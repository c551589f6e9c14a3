import { Alert, Button, Center, Stack } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { describeError } from "../api/client";

// A failed load, in plain words, with a way to try again.
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Center p="xl">
      <Stack maw={480}>
        <Alert color="red" icon={<IconAlertTriangle />} title="This didn't load">
          {describeError(error)}
        </Alert>
        {onRetry && (
          <Button variant="light" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Center>
  );
}
