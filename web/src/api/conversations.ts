import { api, query, type Page } from "./client";
import type { Conversation, ConversationStatus, Message, MessageMedia, MessageStatus } from "./types";

const base = (b: string) => `/api/v1/businesses/${b}`;

export interface ConversationFilters {
  status?: ConversationStatus | "";
  assignee?: string; // me | unassigned | <user_id>
  phone_number_id?: string;
}

export interface OutgoingTemplate {
  name: string;
  language: string;
  variables: string[];
}

export interface OutgoingMessage {
  text?: string;
  template?: OutgoingTemplate;
  media?: { type: string; link: string; caption?: string };
  reply_to?: string; // the id of the message answered
}

// The media object as the server sends it: whether the file is stored here, and why not.
export interface StoredMedia extends MessageMedia {
  stored?: boolean;
  download_url?: string | null;
  download_error?: string;
  animated?: boolean;
}

// Live events of the inbox (GET .../events).
export interface MessageEvent {
  conversation_id: string;
  message: Message;
}

export interface MessageStatusEvent {
  message_id: string;
  conversation_id: string;
  status: MessageStatus;
  error: Message["error"];
}

export interface ConversationEvent {
  conversation: Conversation;
}

// What a thread holds: its newest messages (oldest first) and the cursor to earlier ones.
export interface ThreadMessages {
  items: Message[];
  earlier: string | null;
}

export const conversationsApi = {
  list: (b: string, filters: ConversationFilters, cursor?: string | null) =>
    api.get<Page<Conversation>>(`${base(b)}/conversations${query({ ...filters, cursor, limit: 50 })}`),
  get: (b: string, id: string) => api.get<Conversation>(`${base(b)}/conversations/${id}`),
  update: (b: string, id: string, patch: { status?: ConversationStatus; assignee_user_id?: string | null }) =>
    api.patch<Conversation>(`${base(b)}/conversations/${id}`, patch),
  markRead: (b: string, id: string) => api.post<Conversation>(`${base(b)}/conversations/${id}/read`),
  messages: (b: string, id: string, cursor?: string | null, order: "oldest" | "newest" = "oldest") =>
    api.get<Page<Message>>(
      `${base(b)}/conversations/${id}/messages${query({ cursor, limit: 200, order: order === "newest" ? order : undefined })}`,
    ),
  // One page walking back from the end of a conversation (the newest first, or the page
  // before `cursor`), put oldest first for the thread.
  messagesBefore: async (b: string, id: string, cursor?: string | null): Promise<ThreadMessages> => {
    const page = await conversationsApi.messages(b, id, cursor, "newest");
    return { items: [...page.items].reverse(), earlier: page.next_cursor };
  },
  send: (b: string, id: string, message: OutgoingMessage) =>
    api.post<Message>(`${base(b)}/conversations/${id}/messages`, message),
  sendToPhone: (b: string, toPhone: string, message: OutgoingMessage) =>
    api.post<Message>(`${base(b)}/messages`, { to_phone: toPhone, ...message }),
  mediaUrl: (b: string, messageId: string) => `${base(b)}/messages/${messageId}/media`,
  eventsUrl: (b: string) => `${base(b)}/events`,
};
