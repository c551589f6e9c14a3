import { useMutation, useQueryClient } from "@tanstack/react-query";
import { conversationsApi } from "../../api/conversations";
import type { ConversationStatus } from "../../api/types";
import { notifyError } from "../../app/notifyError";
import { useBusiness } from "../../app/business";
import { useSession } from "../../app/session";
import { putConversation } from "./inboxCache";

type Patch = { status?: ConversationStatus; assignee_user_id?: string | null };

// Assign and change the status of a conversation; the answer goes into every cached list.
export function useConversationActions(conversationId: string | null) {
  const { id: b } = useBusiness();
  const { me } = useSession();
  const client = useQueryClient();
  const update = useMutation({
    mutationFn: (patch: Patch) => conversationsApi.update(b, conversationId!, patch),
    onSuccess: (c) => putConversation(client, b, me.user.id, c),
    onError: (e) => notifyError(e, "Not changed"),
  });
  return {
    update,
    setStatus: (status: ConversationStatus) => conversationId && update.mutate({ status }),
    assign: (userId: string | null) => conversationId && update.mutate({ assignee_user_id: userId }),
  };
}

// Opening a conversation with unread messages marks it read (again, when more arrive while open).
export function useMarkRead() {
  const { id: b } = useBusiness();
  const { me } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => conversationsApi.markRead(b, id),
    onSuccess: (c) => putConversation(client, b, me.user.id, c),
  });
}
