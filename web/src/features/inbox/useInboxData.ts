// The inbox's server state: conversation lists, one conversation, its messages, and the
// members, numbers and contact the panes show next to them.
import { useEffect, useMemo, useState } from "react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { conversationsApi, type ThreadMessages } from "../../api/conversations";
import { contactsApi } from "../../api/contacts";
import { whatsappApi } from "../../api/whatsapp";
import type { Conversation, Message } from "../../api/types";
import { useBusiness } from "../../app/business";
import { inboxKeys } from "./inboxKeys";
import { flattenPages, toApiFilters, type InboxFilters } from "./inboxRules";

export function useConversationList(filters: InboxFilters) {
  const { id: b } = useBusiness();
  const query = useInfiniteQuery({
    queryKey: inboxKeys.list(b, filters),
    queryFn: ({ pageParam }) => conversationsApi.list(b, toApiFilters(filters), pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const pages = query.data?.pages;
  const conversations = useMemo(() => (pages ? flattenPages(pages) : []), [pages]);
  return { ...query, conversations };
}

export function useConversation(id: string | null, fromList: Conversation | undefined) {
  const { id: b } = useBusiness();
  return useQuery({
    queryKey: inboxKeys.conversation(b, id ?? "none"),
    queryFn: () => conversationsApi.get(b, id!),
    enabled: !!id,
    placeholderData: fromList,
  });
}

// A thread opens at its newest 200 messages; earlier ones load page by page on demand. A
// refetch brings the newest page again and keeps the earlier pages already shown.
export function useMessages(conversationId: string | null) {
  const { id: b } = useBusiness();
  const client = useQueryClient();
  const key = inboxKeys.messages(b, conversationId ?? "none");
  const query = useQuery({
    queryKey: key,
    queryFn: async (): Promise<ThreadMessages> => {
      const latest = await conversationsApi.messagesBefore(b, conversationId!);
      const shown = client.getQueryData<ThreadMessages>(key);
      const first = latest.items[0];
      if (!shown || !first || !latest.earlier) return latest;
      const kept = shown.items.filter((m) => earlierThan(m, first));
      return kept.length ? { items: [...kept, ...latest.items], earlier: shown.earlier } : latest;
    },
    enabled: !!conversationId,
    refetchOnWindowFocus: false, // live events keep it current
  });
  const earlier = useMutation({
    mutationFn: () => conversationsApi.messagesBefore(b, conversationId!, query.data?.earlier),
    onSuccess: (page) =>
      client.setQueryData<ThreadMessages>(key, (thread) => {
        if (!thread) return page;
        const known = new Set(thread.items.map((m) => m.id));
        return {
          items: [...page.items.filter((m) => !known.has(m.id)), ...thread.items],
          earlier: page.earlier,
        };
      }),
  });
  return {
    ...query,
    loadEarlier: () => earlier.mutate(),
    loadingEarlier: earlier.isPending,
    earlierError: earlier.error,
  };
}

function earlierThan(m: Message, than: Message): boolean {
  return m.created_at < than.created_at || (m.created_at === than.created_at && m.id < than.id);
}

export function usePhoneNumbers() {
  const { id: b } = useBusiness();
  const query = useQuery({
    queryKey: inboxKeys.numbers(b),
    queryFn: async () => (await whatsappApi.numbers(b)).items,
    staleTime: 5 * 60_000,
  });
  return query.data ?? [];
}

export function useContact(contactId: string | null) {
  const { id: b } = useBusiness();
  return useQuery({
    queryKey: inboxKeys.contact(b, contactId ?? "none"),
    queryFn: () => contactsApi.get(b, contactId!),
    enabled: !!contactId,
  });
}

// The WhatsApp connection, for the empty inbox's advice (admins only may read it).
export function useConnection(enabled: boolean) {
  const { id: b } = useBusiness();
  return useQuery({
    queryKey: inboxKeys.connection(b),
    queryFn: () => whatsappApi.get(b),
    enabled,
    staleTime: 60_000,
  });
}

// The time now, moving every `everyMs` (relative times and the window age on screen).
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs]);
  return now;
}
