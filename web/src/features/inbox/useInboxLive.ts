// Live inbox: new and changed messages, delivery statuses and conversation changes from the
// business's event stream go straight into the cached lists and thread (no reload, no polling).
import { useQueryClient } from "@tanstack/react-query";
import type { ConversationEvent, MessageEvent, MessageStatusEvent } from "../../api/conversations";
import type { LiveEvent } from "../../api/types";
import { useBusiness } from "../../app/business";
import { useLiveEvents, type StreamState } from "../../app/liveEvents";
import { useSession } from "../../app/session";
import { putConversation, putMessage, putStatus } from "./inboxCache";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function asMessageEvent(data: LiveEvent["data"]): MessageEvent | null {
  const m = data.message;
  if (typeof data.conversation_id !== "string" || !isObject(m) || typeof m.id !== "string") return null;
  return data as unknown as MessageEvent;
}

function asStatusEvent(data: LiveEvent["data"]): MessageStatusEvent | null {
  if (typeof data.message_id !== "string" || typeof data.conversation_id !== "string") return null;
  if (typeof data.status !== "string") return null;
  return data as unknown as MessageStatusEvent;
}

function asConversationEvent(data: LiveEvent["data"]): ConversationEvent | null {
  const c = data.conversation;
  if (!isObject(c) || typeof c.id !== "string" || !isObject(c.contact)) return null;
  return data as unknown as ConversationEvent;
}

export function useInboxLive(): StreamState {
  const client = useQueryClient();
  const { id: b } = useBusiness();
  const { me } = useSession();
  return useLiveEvents((event) => {
    if (event.type === "message.created" || event.type === "message.updated") {
      const e = asMessageEvent(event.data);
      if (e) putMessage(client, b, { ...e.message, conversation_id: e.conversation_id });
    } else if (event.type === "message.status") {
      const e = asStatusEvent(event.data);
      if (e) putStatus(client, b, e.conversation_id, e.message_id, e.status, e.error ?? null);
    } else if (event.type === "conversation.updated") {
      const e = asConversationEvent(event.data);
      if (e) putConversation(client, b, me.user.id, e.conversation);
    }
  });
}
