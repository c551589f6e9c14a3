import { membersKey } from "../../app/members";
import type { InboxFilters } from "./inboxRules";

// Query keys of the inbox, all under ["inbox", businessId] so a business switch swaps them.
export const inboxKeys = {
  all: (b: string) => ["inbox", b] as const,
  lists: (b: string) => ["inbox", b, "conversations"] as const,
  list: (b: string, filters: InboxFilters) => ["inbox", b, "conversations", filters] as const,
  conversation: (b: string, id: string) => ["inbox", b, "conversation", id] as const,
  messages: (b: string, id: string) => ["inbox", b, "messages", id] as const,
  // The shared members query (app/members.ts), not the inbox's own.
  members: membersKey,
  numbers: (b: string) => ["inbox", b, "phone-numbers"] as const,
  contact: (b: string, id: string) => ["inbox", b, "contact", id] as const,
  connection: (b: string) => ["inbox", b, "whatsapp"] as const,
};
