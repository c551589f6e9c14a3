import type { Conversation, Message } from "../../api/types";

// Whether a new message deserves a desktop notification for this user.
export function shouldNotify(args: {
  message: Message;
  conversation: Pick<Conversation, "id" | "assignee_user_id"> | null;
  userId: string;
  openConversationId: string | null;
  documentHidden: boolean;
}): boolean {
  const { message, conversation, userId, openConversationId, documentHidden } = args;
  if (message.direction !== "inbound" || !conversation) return false;
  if (conversation.assignee_user_id !== userId) return false;
  return documentHidden || openConversationId !== conversation.id;
}

export function notificationBody(message: Message): string {
  if (message.text) return message.text.length > 140 ? `${message.text.slice(0, 139)}…` : message.text;
  if (message.media?.caption) return message.media.caption;
  return message.type === "text" ? "New message" : `Sent a ${message.type}`;
}

// A message event's payload, checked just enough to trust its use.
export function messageOf(
  data: Record<string, unknown>,
): { conversationId: string; message: Message } | null {
  const m = data.message as Partial<Message> | undefined;
  const conversationId = typeof data.conversation_id === "string" ? data.conversation_id : null;
  if (!conversationId || !m || typeof m !== "object" || typeof m.id !== "string") return null;
  return { conversationId, message: m as Message };
}
