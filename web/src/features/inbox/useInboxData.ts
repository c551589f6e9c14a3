// The inbox's server state: conversation lists, one conversation, its messages, and the
// members, numbers and contact the panes show next to them.
import { useEffect, useMemo, useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { conversationsApi } from "../../api/conversations";
import { contactsApi } from "../../api/contacts";
import { teamApi } from "../../api/team";
import { whatsappApi } from "../../api/whatsapp";
import type { Conversation } from "../../api/types";
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

export function useMessages(conversationId: string | null) {
  const { id: b } = useBusiness();
  return useQuery({
    queryKey: inboxKeys.messages(b, conversationId ?? "none"),
    queryFn: () => conversationsApi.allMessages(b, conversationId!),
    enabled: !!conversationId,
  });
}

export function useMembers() {
  const { id: b } = useBusiness();
  const query = useQuery({
    queryKey: inboxKeys.members(b),
    queryFn: async () => (await teamApi.members(b)).items,
    staleTime: 5 * 60_000,
  });
  const members = query.data;
  const nameOf = useMemo(() => {
    const names = new Map((members ?? []).map((m) => [m.user_id, m.name || m.email]));
    return (id: string | null | undefined) => (id ? (names.get(id) ?? "A former member") : null);
  }, [members]);
  return { members: members ?? [], nameOf, isPending: query.isPending };
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
