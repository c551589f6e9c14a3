import type { Member } from "../../api/types";
import { countOf } from "../../app/format";
import { memberName } from "../../app/members";

// "1,234 contacts loaded": the API has no total, so this is what has been fetched so far.
export const loadedLabel = (n: number) => `${countOf(n, "contact")} loaded`;

export const assignedLabel = (n: number) => `Assigned ${countOf(n, "contact")}`;

export const DEFAULT_LEAD_STATUSES = ["new", "contacted", "qualified", "won", "lost"];

// The business's lead statuses (settings.lead_statuses), or the server's defaults.
export function leadStatuses(settings: Record<string, unknown>): string[] {
  const s = settings.lead_statuses;
  if (Array.isArray(s) && s.length > 0 && s.every((v) => typeof v === "string")) return s as string[];
  return DEFAULT_LEAD_STATUSES;
}

// "closed_won" -> "Closed won".
export function statusLabel(status: string): string {
  const words = status.replace(/_/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "—";
}

export const statusColor = (status: string): string =>
  ({ new: "blue", contacted: "cyan", qualified: "teal", won: "green", lost: "gray" })[status] ?? "violet";

// A contact's owner as a cell shows it: "—" for nobody.
export const ownerLabel = (ownerId: string | null, members: Member[] | undefined): string =>
  memberName(members, ownerId) ?? "—";
