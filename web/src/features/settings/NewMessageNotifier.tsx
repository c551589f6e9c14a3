import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useMatch, useNavigate } from "react-router";
import { conversationsApi } from "../../api/conversations";
import type { Conversation } from "../../api/types";
import { useBusiness } from "../../app/business";
import { contactLabel } from "../../app/format";
import { useLiveEvents } from "../../app/liveEvents";
import { useSession } from "../../app/session";
import { messageOf, notificationBody, shouldNotify } from "./notifyRules";
import { useNotificationPreference } from "./useNotificationPreference";

type Assignment = Pick<Conversation, "id" | "assignee_user_id" | "contact">;

const isConversation = (v: unknown, id: string): v is Assignment =>
  !!v && typeof v === "object" && (v as { id?: unknown }).id === id && "assignee_user_id" in v;

// A conversation somewhere in the query cache (the inbox's lists and details), if any page has it.
function fromCache(client: QueryClient, id: string): Assignment | null {
  const seen = new Set<unknown>();
  const search = (v: unknown, depth: number): Assignment | null => {
    if (!v || typeof v !== "object" || depth > 5 || seen.has(v)) return null;
    seen.add(v);
    if (isConversation(v, id)) return v;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      const found = search(child, depth + 1);
      if (found) return found;
    }
    return null;
  };
  for (const q of client.getQueryCache().getAll()) {
    const found = search(q.state.data, 0);
    if (found) return found;
  }
  return null;
}

// Desktop notifications for new inbound messages in conversations assigned to the current
// user, when they asked for them (Settings → Notifications) and aren't looking at it.
// Mounted once in the business layout; renders nothing.
export function NewMessageNotifier() {
  const { id: businessId, path } = useBusiness();
  const { me } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const pref = useNotificationPreference(businessId);
  const open = useMatch("/b/:slug/inbox/:conversationId");
  const openId = open?.params.conversationId ?? null;
  // The newest assignment per conversation seen on the stream, fresher than any cache.
  const assignments = useRef(new Map<string, Assignment>());

  const lookUp = async (conversationId: string): Promise<Assignment | null> => {
    const known = assignments.current.get(conversationId) ?? fromCache(client, conversationId);
    if (known) return known;
    try {
      const c = await conversationsApi.get(businessId, conversationId);
      assignments.current.set(conversationId, c);
      return c;
    } catch {
      return null; // not visible to this user: nothing to notify
    }
  };

  useLiveEvents((event) => {
    if (event.type === "conversation.updated") {
      const c = event.data.conversation as Conversation | undefined;
      if (c && typeof c.id === "string") assignments.current.set(c.id, c);
      return;
    }
    if (event.type !== "message.created" || !pref.active) return;
    const parsed = messageOf(event.data);
    if (!parsed || parsed.message.direction !== "inbound") return;
    void lookUp(parsed.conversationId).then((conversation) => {
      const ok = shouldNotify({
        message: parsed.message,
        conversation,
        userId: me.user.id,
        openConversationId: openId,
        documentHidden: document.visibilityState === "hidden",
      });
      if (!ok || !conversation) return;
      const n = new Notification(conversation.contact ? contactLabel(conversation.contact) : "New message", {
        body: notificationBody(parsed.message),
        tag: `sb-${parsed.conversationId}`,
      });
      n.onclick = () => {
        window.focus();
        navigate(path(`inbox/${encodeURIComponent(parsed.conversationId)}`));
        n.close();
      };
    });
  });
  return null;
}
