import { Anchor, Text } from "@mantine/core";
import { IconInbox, IconMessages } from "@tabler/icons-react";
import { Link } from "react-router";
import { useBusiness } from "../../app/business";
import { EmptyHint } from "../../components/EmptyHint";
import { useConnection } from "./useInboxData";

// The empty inbox says how conversations get here: connect WhatsApp, or in the sandbox,
// simulate a customer's message.
export function InboxEmpty() {
  const { can, path } = useBusiness();
  const connection = useConnection(can.manageSettings);
  const mode = connection.data?.mode ?? null;
  const settings = (label: string) =>
    can.manageSettings ? (
      <Anchor component={Link} to={path("settings/whatsapp")} size="sm">
        {label}
      </Anchor>
    ) : null;
  return (
    <EmptyHint icon={<IconInbox />} title="No open conversations">
      Conversations appear here when a customer messages your WhatsApp number.{" "}
      {!can.manageSettings ? (
        <Text span size="sm">
          If nothing arrives, ask an administrator to check the WhatsApp connection.
        </Text>
      ) : mode === "sandbox" ? (
        <>You are on the sandbox: {settings("simulate a customer message in Settings")}.</>
      ) : mode === "cloud" && connection.data?.status === "disconnected" ? (
        <>WhatsApp is disconnected, so nothing arrives: {settings("reconnect it in Settings")}.</>
      ) : mode === "cloud" ? (
        <>WhatsApp is connected; {settings("check the connection in Settings")} if messages don't arrive.</>
      ) : (
        <>First {settings("connect WhatsApp in Settings")} (or try the sandbox there).</>
      )}
    </EmptyHint>
  );
}

export function NoConversationSelected() {
  return (
    <EmptyHint icon={<IconMessages />} title="Pick a conversation">
      Choose one on the left to read and reply. Press ? for keyboard shortcuts.
    </EmptyHint>
  );
}
