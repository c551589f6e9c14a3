import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { meKey } from "./session";
import type { LiveEvent } from "../api/types";

// The types GET .../events sends; EventSource needs a listener per named type.
const EVENT_TYPES = [
  "message.created",
  "message.updated",
  "message.status",
  "conversation.updated",
  "conversation.handoff",
  "campaign.progress",
  "job.progress",
  "device.status",
  "device.link_qr",
] as const;

type Handler = (event: LiveEvent) => void;
export type StreamState = "connecting" | "live" | "reconnecting";

interface LiveEvents {
  subscribe: (handler: Handler) => () => void;
  state: StreamState;
}

const LiveEventsContext = createContext<LiveEvents | null>(null);

// One Server-Sent Events stream per open business, shared by every page that listens. The
// browser reconnects by itself and sends Last-Event-ID, so nothing is missed across a drop.
export function LiveEventsProvider({ businessId, children }: { businessId: string; children: ReactNode }) {
  const handlers = useRef(new Set<Handler>());
  const [state, setState] = useState<StreamState>("connecting");
  const client = useQueryClient();

  useEffect(() => {
    const source = new EventSource(`/api/v1/businesses/${businessId}/events`, { withCredentials: true });
    const onMessage = (e: MessageEvent<string>) => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(e.data) as Record<string, unknown>;
      } catch {
        return;
      }
      const event: LiveEvent = { id: e.lastEventId, type: e.type, data };
      handlers.current.forEach((h) => h(event));
    };
    for (const t of EVENT_TYPES) source.addEventListener(t, onMessage as EventListener);
    source.onopen = () => setState("live");
    source.onerror = () => {
      // CLOSED: the server refused (signed out, removed from the business): let /me decide.
      if (source.readyState === EventSource.CLOSED) void client.invalidateQueries({ queryKey: meKey });
      setState("reconnecting");
    };
    return () => source.close(); // keyed by business: a switch opens a new stream
  }, [businessId, client]);

  const value = useMemo<LiveEvents>(
    () => ({
      state,
      subscribe: (handler) => {
        handlers.current.add(handler);
        return () => handlers.current.delete(handler);
      },
    }),
    [state],
  );
  return <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider>;
}

// Calls `handler` for every live event of the current business (the latest handler: no
// need to memoise it).
export function useLiveEvents(handler: Handler): StreamState {
  const ctx = useContext(LiveEventsContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => ctx?.subscribe((e) => latest.current(e)), [ctx]);
  return ctx?.state ?? "connecting";
}
