import { ActionIcon, Group, Text, Tooltip } from "@mantine/core";
import { IconArrowBackUp } from "@tabler/icons-react";
import type { Message } from "../../api/types";
import { DeliveryTicks } from "./DeliveryTicks";
import { MessageContent } from "./MessageContent";
import { snippetOf } from "./inboxRules";
import { formatClock, formatDateTime } from "./inboxTime";

interface Props {
  message: Message;
  quoted: Message | null; // the message this one answers, when it's loaded
  hasQuote: boolean;
  onReply?: (m: Message) => void;
}

export function MessageBubble({ message, quoted, hasQuote, onReply }: Props) {
  const outbound = message.direction === "outbound";
  const failed = message.status === "failed";
  return (
    <div
      className="sb-inbox-row"
      data-direction={message.direction}
      data-testid="message-bubble"
      data-message-id={message.id}
      data-status={message.status}
    >
      <div className={`sb-inbox-bubble${failed ? " sb-inbox-bubble-failed" : ""}`}>
        {hasQuote && (
          <div className="sb-inbox-quote">
            <Text size="xs" lineClamp={2} c="dimmed">
              {quoted ? snippetOf(quoted) : "A message not loaded here"}
            </Text>
          </div>
        )}
        <MessageContent message={message} />
        <Group gap={4} justify="flex-end" className="sb-inbox-meta" wrap="nowrap">
          {message.edited && !message.deleted && (
            <Text size="xs" c="dimmed" fs="italic">
              Edited
            </Text>
          )}
          <Tooltip label={formatDateTime(message.created_at)} openDelay={400}>
            <Text size="xs" c="dimmed">
              {formatClock(message.created_at)}
            </Text>
          </Tooltip>
          {outbound && <DeliveryTicks status={message.status} />}
        </Group>
        {message.reaction && (
          <span className="sb-inbox-reaction" aria-label={`Reaction ${message.reaction}`}>
            {message.reaction}
          </span>
        )}
      </div>
      {onReply && !message.deleted && (
        <Tooltip label="Reply" openDelay={300}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            className="sb-inbox-reply"
            aria-label="Reply"
            onClick={() => onReply(message)}
          >
            <IconArrowBackUp size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      {failed && (
        <Text size="xs" c="red" className="sb-inbox-error" role="alert">
          Not delivered{message.error?.title ? `: ${message.error.title}` : ""}
          {message.error?.details ? ` — ${message.error.details}` : ""}
        </Text>
      )}
    </div>
  );
}
