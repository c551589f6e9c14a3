import { Button, Center } from "@mantine/core";
import { IconMapQuestion } from "@tabler/icons-react";
import { Link } from "react-router";
import { EmptyHint } from "../components/EmptyHint";

export function NotFoundPage() {
  return (
    <Center h="100dvh">
      <div>
        <EmptyHint icon={<IconMapQuestion />} title="This page doesn't exist">
          The link may be old or mistyped.
        </EmptyHint>
        <Center>
          <Button component={Link} to="/">
            Go to your inbox
          </Button>
        </Center>
      </div>
    </Center>
  );
}
