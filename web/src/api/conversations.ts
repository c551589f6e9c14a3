import { api, query, type Page } from "./client";
import type { Conversation, ConversationStatus, Message } from "./types";

const base = (b: string) => `/api/v1/businesses/${b}`;

export interface ConversationFilters {
  status?: ConversationStatus | "";
  assignee?: string; // me | unassigned | <user_id>
  phone_number_id?: string;
}

export interface OutgoingMessage {
  text?: string;
  template?: { name: string; language: string; variables: string[] };
  media?: { type: string; link: string; caption?: string };
  reply_to?: string; // the id of the message answered
}

export const conversationsApi = {
  list: (b: string, filters: ConversationFilters, cursor?: string | null) =>
    api.get<Page<Conversation>>(`${base(b)}/conversations${query({ ...filters, cursor, limit: 50 })}`),
  get: (b: string, id: string) => api.get<Conversation>(`${base(b)}/conversations/${id}`),
  update: (b: string, id: string, patch: { status?: ConversationStatus; assignee_user_id?: string | null }) =>
    api.patch<Conversation>(`${base(b)}/conversations/${id}`, patch),
  markRead: (b: string, id: string) => api.post<Conversation>(`${base(b)}/conversations/${id}/read`),
  messages: (b: string, id: string, cursor?: string | null) =>
    api.get<Page<Message>>(`${base(b)}/conversations/${id}/messages${query({ cursor, limit: 200 })}`),
  send: (b: string, id: string, message: OutgoingMessage) =>
    api.post<Message>(`${base(b)}/conversations/${id}/messages`, message),
  sendToPhone: (b: string, toPhone: string, message: OutgoingMessage) =>
    api.post<Message>(`${base(b)}/messages`, { to_phone: toPhone, ...message }),
  mediaUrl: (b: string, messageId: string) => `${base(b)}/messages/${messageId}/media`,
  eventsUrl: (b: string) => `${base(b)}/events`,
};
