import { useEffect, useState } from "react";
import { defaultFilters, type InboxFilters } from "./inboxRules";

const storageKey = (b: string) => `sb_inbox_filters_${b}`;

function load(b: string): InboxFilters {
  try {
    const raw = sessionStorage.getItem(storageKey(b));
    if (!raw) return defaultFilters;
    const f = JSON.parse(raw) as Partial<InboxFilters>;
    return {
      assignee: f.assignee === "me" || f.assignee === "unassigned" ? f.assignee : "all",
      status: f.status === "pending" || f.status === "resolved" ? f.status : "open",
      phoneNumberId: typeof f.phoneNumberId === "string" ? f.phoneNumberId : null,
    };
  } catch {
    return defaultFilters;
  }
}

// The list's filters, kept for the tab's session so coming back to the inbox keeps them.
export function useInboxFilters(businessId: string) {
  const [filters, setFilters] = useState(() => load(businessId));
  useEffect(() => {
    sessionStorage.setItem(storageKey(businessId), JSON.stringify(filters));
  }, [businessId, filters]);
  return [filters, setFilters] as const;
}
