// The inbox's rules as small pure functions: which conversations a list shows and in what
// order, how a message changes when news about it arrives, what a send error means.
import { ApiError, describeError } from "../../api/client";
import type { Conversation, ConversationStatus, Message, MessageStatus } from "../../api/types";
import type { ConversationFilters } from "../../api/conversations";

export type AssigneeFilter = "all" | "me" | "unassigned";

export interface InboxFilters {
  assignee: AssigneeFilter;
  status: ConversationStatus;
  phoneNumberId: string | null;
}

export const defaultFilters: InboxFilters = { assignee: "all", status: "open", phoneNumberId: null };

export const isDefaultFilters = (f: InboxFilters) =>
  f.assignee === defaultFilters.assignee && f.status === defaultFilters.status && !f.phoneNumberId;

export function toApiFilters(f: InboxFilters): ConversationFilters {
  return {
    status: f.status,
    assignee: f.assignee === "all" ? undefined : f.assignee,
    phone_number_id: f.phoneNumberId ?? undefined,
  };
}

// Whether a conversation belongs in a list with these filters (for live updates).
export function matchesFilters(c: Conversation, f: InboxFilters, myUserId: string): boolean {
  if (c.status !== f.status) return false;
  if (f.phoneNumberId && c.phone_number_id !== f.phoneNumberId) return false;
  if (f.assignee === "me") return c.assignee_user_id === myUserId;
  if (f.assignee === "unassigned") return c.assignee_user_id === null;
  return true;
}

const activity = (c: Conversation) => c.last_message_at ?? c.created_at;

// Newest activity first, the server's order; ties by id so the order is stable.
export function sortConversations(list: readonly Conversation[]): Conversation[] {
  return [...list].sort((a, b) => {
    const d = activity(b).localeCompare(activity(a));
    return d !== 0 ? d : b.id.localeCompare(a.id);
  });
}

// Loaded pages flattened into one list without duplicates (a moved item may be in two pages).
export function flattenPages(pages: readonly { items: Conversation[] }[]): Conversation[] {
  const seen = new Map<string, Conversation>();
  for (const p of pages) for (const c of p.items) if (!seen.has(c.id)) seen.set(c.id, c);
  return sortConversations([...seen.values()]);
}

// The pages of a list after `c` changed: out of every page, back into the first if it matches.
export function placeInPages<P extends { items: Conversation[] }>(
  pages: P[],
  c: Conversation,
  keep: boolean,
): P[] {
  const without = pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== c.id) }));
  if (keep && without[0]) without[0] = { ...without[0], items: sortConversations([c, ...without[0].items]) };
  return without;
}

// The client-side search box: by contact name or phone digits.
export function searchConversations(list: readonly Conversation[], search: string): Conversation[] {
  const q = search.trim().toLowerCase();
  if (!q) return [...list];
  const digits = q.replace(/\D/g, "");
  return list.filter(
    (c) =>
      c.contact.name.toLowerCase().includes(q) ||
      (digits.length > 0 && c.contact.phone.replace(/\D/g, "").includes(digits)),
  );
}

// The 24-hour customer-service window, against the clock now (the server's flag ages).
export function isWindowOpen(c: Pick<Conversation, "window_open" | "window_expires_at">, now: number) {
  if (c.window_expires_at) return Date.parse(c.window_expires_at) > now;
  return c.window_open;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase() || "?";
}

const statusRank: Record<MessageStatus, number> = {
  received: 0,
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

// A message as news arrives about it: statuses never move backwards (a late "queued" copy
// of a message already read keeps "read").
export function mergeMessage(old: Message, next: Message): Message {
  if (statusRank[old.status] > statusRank[next.status])
    return { ...next, status: old.status, status_at: old.status_at, error: old.error };
  return next;
}

export function sortMessages(list: readonly Message[]): Message[] {
  return [...list].sort((a, b) => {
    const d = a.created_at.localeCompare(b.created_at);
    return d !== 0 ? d : a.id.localeCompare(b.id);
  });
}

export function upsertMessage(list: readonly Message[], m: Message): Message[] {
  const i = list.findIndex((x) => x.id === m.id);
  if (i < 0) return sortMessages([...list, m]);
  const copy = [...list];
  copy[i] = mergeMessage(list[i]!, m);
  return copy;
}

export function applyStatus(
  list: readonly Message[],
  messageId: string,
  status: MessageStatus,
  error: Message["error"],
): Message[] {
  return list.map((m) =>
    m.id === messageId && statusRank[status] >= statusRank[m.status]
      ? { ...m, status, error: status === "failed" ? error : m.error }
      : m,
  );
}

// What a message says in one line (quotes of replies).
export function snippetOf(m: Message): string {
  if (m.deleted) return "Deleted message";
  if (m.text) return m.text;
  if (m.template) return `Template ${m.template.name}`;
  const labels: Record<string, string> = {
    image: "Photo",
    video: "Video",
    audio: "Audio",
    document: "Document",
    sticker: "Sticker",
    location: "Location",
    contacts: "Contact card",
  };
  return labels[m.type] ?? "Message";
}

export const tickLabel: Record<MessageStatus, string> = {
  received: "Received",
  queued: "Queued",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
};

// Send errors in plain words.
export function describeSendError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "window_closed")
      return "The 24-hour window has closed: WhatsApp only allows an approved template until the customer writes again.";
    if (error.code === "contact_opted_out")
      return "This contact opted out of your messages, so nothing was sent.";
    if (error.code === "invalid_template") return `That template isn't valid: ${error.message}`;
  }
  return describeError(error);
}

// "+55 11 99999-0001" or "5511999990001" → "+5511999990001"; null when it isn't a phone.
export function normalisePhone(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[\s().-]/g, "");
  if (!/^\+?\d{8,15}$/.test(digits)) return null;
  return digits.startsWith("+") ? digits : `+${digits}`;
}
