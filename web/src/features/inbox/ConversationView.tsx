import { useEffect, useState } from "react";
import { Center, Drawer, Loader } from "@mantine/core";
import type { Conversation, Message } from "../../api/types";
import { ErrorState } from "../../components/ErrorState";
import { Composer } from "./Composer";
import { ContactPanel } from "./ContactPanel";
import { ConversationHeader } from "./ConversationHeader";
import { MessageThread } from "./MessageThread";
import { useConversationActions, useMarkRead } from "./useConversationActions";
import { useContact, useConversation } from "./useInboxData";

interface Props {
  conversationId: string;
  fromList: Conversation | undefined;
  now: number;
  wide: boolean; // room for the contact panel as a column
  panelOpen: boolean;
  onTogglePanel: () => void;
  onBack?: () => void;
}

// One open conversation: header, thread, composer, and the contact next to them.
export function ConversationView({
  conversationId,
  fromList,
  now,
  wide,
  panelOpen,
  onTogglePanel,
  onBack,
}: Props) {
  const conversation = useConversation(conversationId, fromList);
  const contact = useContact(conversation.data?.contact.id ?? null);
  const actions = useConversationActions(conversationId);
  const [replyTo, setReplyTo] = useState<Message | null>(null);

  // Opening a conversation with unread messages (or one that gets more while open) reads them.
  const { mutate: markRead } = useMarkRead();
  const unread = conversation.data?.unread_count ?? 0;
  useEffect(() => {
    if (unread > 0) markRead(conversationId);
  }, [conversationId, unread, markRead]);

  const c = conversation.data;
  if (!c)
    return (
      <div className="sb-inbox-thread">
        {conversation.error ? (
          <ErrorState error={conversation.error} onRetry={() => conversation.refetch()} />
        ) : (
          <Center p="xl">
            <Loader size="sm" aria-label="Loading conversation" />
          </Center>
        )}
      </div>
    );

  const panel = <ContactPanel conversation={c} busy={actions.update.isPending} onAssign={actions.assign} />;
  return (
    <>
      <div className="sb-inbox-thread" data-testid="conversation-view" data-conversation-id={c.id}>
        <ConversationHeader
          conversation={c}
          busy={actions.update.isPending}
          onStatus={actions.setStatus}
          onAssign={actions.assign}
          onBack={onBack}
          onTogglePanel={onTogglePanel}
          panelOpen={panelOpen}
          showAssignee={!(wide && panelOpen)}
        />
        <MessageThread
          conversationId={c.id}
          now={now}
          onReply={(m) => {
            setReplyTo(m);
            window.setTimeout(() => document.querySelector<HTMLElement>("[data-composer]")?.focus());
          }}
        />
        <Composer
          conversation={c}
          optedOut={contact.data?.opted_out ?? false}
          now={now}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
        />
      </div>
      {wide ? (
        panelOpen && <aside className="sb-inbox-panel">{panel}</aside>
      ) : (
        <Drawer opened={panelOpen} onClose={onTogglePanel} position="right" size={320} title="Contact">
          {panel}
        </Drawer>
      )}
    </>
  );
}
