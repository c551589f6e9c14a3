// Writing what we learn (an answer, a live event) into every cached view of it, so the
// lists and the thread follow along without refetching.
import type { ThreadMessages } from "../../api/conversations";
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { Page } from "../../api/client";
import type { Conversation, Message, MessageStatus } from "../../api/types";
import { inboxKeys } from "./inboxKeys";
import { applyStatus, matchesFilters, placeInPages, upsertMessage, type InboxFilters } from "./inboxRules";

type ListData = InfiniteData<Page<Conversation>, string | null>;

export function putConversation(client: QueryClient, b: string, myUserId: string, c: Conversation): void {
  client.setQueryData<Conversation>(inboxKeys.conversation(b, c.id), c);
  for (const [key, data] of client.getQueriesData<ListData>({ queryKey: inboxKeys.lists(b) })) {
    if (!data) continue;
    const filters = key[3] as InboxFilters | undefined;
    if (!filters) continue;
    const keep = matchesFilters(c, filters, myUserId);
    const present = data.pages.some((p) => p.items.some((x) => x.id === c.id));
    if (!keep && !present) continue;
    client.setQueryData<ListData>(key, { ...data, pages: placeInPages(data.pages, c, keep) });
  }
}

export function findConversation(client: QueryClient, b: string, id: string): Conversation | undefined {
  const single = client.getQueryData<Conversation>(inboxKeys.conversation(b, id));
  if (single) return single;
  for (const [, data] of client.getQueriesData<ListData>({ queryKey: inboxKeys.lists(b) }))
    for (const p of data?.pages ?? []) {
      const found = p.items.find((x) => x.id === id);
      if (found) return found;
    }
  return undefined;
}

export function putMessage(client: QueryClient, b: string, m: Message): void {
  client.setQueryData<ThreadMessages>(inboxKeys.messages(b, m.conversation_id), (thread) =>
    thread ? { ...thread, items: upsertMessage(thread.items, m) } : thread,
  );
}

export function putStatus(
  client: QueryClient,
  b: string,
  conversationId: string,
  messageId: string,
  status: MessageStatus,
  error: Message["error"],
): void {
  client.setQueryData<ThreadMessages>(inboxKeys.messages(b, conversationId), (thread) =>
    thread ? { ...thread, items: applyStatus(thread.items, messageId, status, error) } : thread,
  );
}
