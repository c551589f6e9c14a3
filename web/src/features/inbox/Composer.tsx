import { useState } from "react";
import { ActionIcon, Alert, Group, Paper, Text, Textarea, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { IconAlertTriangle, IconClockOff, IconSend, IconX } from "@tabler/icons-react";
import { ApiError } from "../../api/client";
import { conversationsApi, type OutgoingMessage } from "../../api/conversations";
import type { Conversation, Message } from "../../api/types";
import { useBusiness } from "../../app/business";
import { TemplateForm } from "./TemplateForm";
import { putMessage } from "./inboxCache";
import { inboxKeys } from "./inboxKeys";
import { describeSendError, isWindowOpen, snippetOf } from "./inboxRules";
import { formatRemaining } from "./inboxTime";

interface Props {
  conversation: Conversation;
  optedOut: boolean;
  now: number;
  replyTo: Message | null;
  onCancelReply: () => void;
}

// The bottom of the thread: free text inside the 24-hour window, a template outside it.
export function Composer({ conversation, optedOut, now, replyTo, onCancelReply }: Props) {
  const { id: b } = useBusiness();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const windowOpen = isWindowOpen(conversation, now);

  const send = useMutation({
    mutationFn: (message: OutgoingMessage) => conversationsApi.send(b, conversation.id, message),
    onSuccess: (m) => putMessage(client, b, { ...m, conversation_id: m.conversation_id || conversation.id }),
    onError: (e) => {
      notifications.show({ color: "red", title: "Not sent", message: describeSendError(e) });
      if (e instanceof ApiError && e.code === "window_closed")
        void client.invalidateQueries({ queryKey: inboxKeys.conversation(b, conversation.id) });
    },
  });

  const sendText = async () => {
    const body = text.trim();
    if (!body || send.isPending) return;
    try {
      await send.mutateAsync({ text: body, ...(replyTo ? { reply_to: replyTo.id } : {}) });
      setText("");
      onCancelReply();
    } catch {
      // shown by onError; the text stays for another try
    }
  };

  const expiresIn = conversation.window_expires_at ? Date.parse(conversation.window_expires_at) - now : 0;

  return (
    <div className="sb-inbox-composer" data-testid="composer">
      {optedOut && (
        <Alert color="orange" icon={<IconAlertTriangle size={16} />} p="xs" mb="xs">
          This contact opted out of your messages; WhatsApp messages to them are refused.
        </Alert>
      )}
      {windowOpen ? (
        <>
          {replyTo && (
            <Paper withBorder p={6} mb={6} radius="sm">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="xs" c="dimmed" lineClamp={1}>
                  Replying to: {snippetOf(replyTo)}
                </Text>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="gray"
                  aria-label="Cancel reply"
                  onClick={onCancelReply}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            </Paper>
          )}
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Textarea
              aria-label="Message"
              placeholder="Type a message…"
              autosize
              minRows={1}
              maxRows={6}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void sendText();
                }
              }}
              style={{ flex: 1 }}
              maxLength={4096}
              data-composer
            />
            <Tooltip label="Send (Enter) · Shift+Enter: new line">
              <ActionIcon
                size="lg"
                aria-label="Send"
                onClick={() => void sendText()}
                loading={send.isPending}
                disabled={!text.trim()}
              >
                <IconSend size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
          {expiresIn > 0 && expiresIn < 3 * 3600_000 && (
            <Text size="xs" c="orange" mt={4}>
              The 24-hour window closes in {formatRemaining(expiresIn)}; after that only a template can be
              sent.
            </Text>
          )}
        </>
      ) : (
        <>
          <Group gap={6} mb={6} wrap="nowrap" align="flex-start">
            <IconClockOff size={16} style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="xs" c="dimmed">
              The 24-hour window closed (the customer last wrote more than 24 hours ago, or never did), so
              WhatsApp only allows a template message until they write again.
            </Text>
          </Group>
          <TemplateForm
            pending={send.isPending}
            onSend={async (template) => {
              try {
                await send.mutateAsync({ template });
                return true;
              } catch {
                return false;
              }
            }}
          />
        </>
      )}
    </div>
  );
}
