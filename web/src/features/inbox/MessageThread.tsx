import { Fragment, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { Badge, Button, Center, Loader, Text } from "@mantine/core";
import { describeError } from "../../api/client";
import { IconMessageCircle } from "@tabler/icons-react";
import type { Message } from "../../api/types";
import { EmptyHint } from "../../components/EmptyHint";
import { ErrorState } from "../../components/ErrorState";
import { MessageBubble } from "./MessageBubble";
import { formatDay, sameDay } from "./inboxTime";
import { useMessages } from "./useInboxData";

const NEAR_BOTTOM_PX = 80;

// The messages of one conversation, oldest at the top; it stays at the bottom as messages
// arrive unless the reader scrolled up.
export function MessageThread({
  conversationId,
  now,
  onReply,
}: {
  conversationId: string;
  now: number;
  onReply: (m: Message) => void;
}) {
  const messages = useMessages(conversationId);
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  const byWamid = useMemo(() => {
    const map = new Map<string, Message>();
    for (const m of messages.data?.items ?? []) if (m.wamid) map.set(m.wamid, m);
    return map;
  }, [messages.data]);

  // A new conversation opens at its newest message.
  useLayoutEffect(() => {
    stick.current = true;
  }, [conversationId]);

  // Our own new message brings the bottom back into view even after scrolling up.
  const last = messages.data?.items[messages.data.items.length - 1];
  const lastOutboundId = last?.direction === "outbound" ? last.id : null;
  useLayoutEffect(() => {
    if (lastOutboundId) stick.current = true;
  }, [lastOutboundId]);

  // Whatever grows the content (a new message, an image that loaded) keeps the bottom in view.
  useEffect(() => {
    const box = scroller.current;
    const inner = content.current;
    if (!box || !inner) return;
    const toBottom = () => {
      if (stick.current) box.scrollTop = box.scrollHeight;
    };
    toBottom();
    const observer = new ResizeObserver(toBottom);
    observer.observe(inner);
    return () => observer.disconnect();
  }, [messages.data, conversationId]);

  const onScroll = () => {
    const box = scroller.current;
    if (box) stick.current = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM_PX;
  };

  const list = messages.data?.items;
  const earlier = messages.data?.earlier;
  return (
    <div className="sb-inbox-messages" ref={scroller} onScroll={onScroll} data-testid="message-thread">
      <div ref={content}>
        {messages.isPending ? (
          <Center p="xl">
            <Loader size="sm" aria-label="Loading messages" />
          </Center>
        ) : messages.error ? (
          <ErrorState error={messages.error} onRetry={() => messages.refetch()} />
        ) : !list || list.length === 0 ? (
          <EmptyHint icon={<IconMessageCircle />} title="No messages yet">
            Messages with this contact will appear here.
          </EmptyHint>
        ) : (
          <>
            {earlier && (
              <Center py="xs">
                <Button
                  variant="subtle"
                  size="xs"
                  loading={messages.loadingEarlier}
                  onClick={() => {
                    stick.current = false;
                    messages.loadEarlier();
                  }}
                >
                  Load earlier messages
                </Button>
              </Center>
            )}
            {messages.earlierError && (
              <Text c="red" size="xs" ta="center">
                {describeError(messages.earlierError)}
              </Text>
            )}
            {list.map((m, i) => {
              const prev = list[i - 1];
              return (
                <Fragment key={m.id}>
                  {(!prev || !sameDay(prev.created_at, m.created_at)) && (
                    <div className="sb-inbox-day">
                      <Badge variant="default" size="sm" radius="sm" fw={500} tt="none">
                        {formatDay(m.created_at, now)}
                      </Badge>
                    </div>
                  )}
                  <MessageBubble
                    message={m}
                    hasQuote={!!m.reply_to_wamid}
                    quoted={m.reply_to_wamid ? (byWamid.get(m.reply_to_wamid) ?? null) : null}
                    onReply={onReply}
                  />
                </Fragment>
              );
            })}
          </>
        )}
      </div>
    </div>
  );
}
