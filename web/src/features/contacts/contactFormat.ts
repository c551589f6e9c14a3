import type { Member } from "../../api/types";

const count = new Intl.NumberFormat("en-US");

export const formatCount = (n: number) => count.format(n);

// "1,234 contacts loaded": the API has no total, so this is what has been fetched so far.
export const loadedLabel = (n: number) => `${count.format(n)} ${n === 1 ? "contact" : "contacts"} loaded`;

export const assignedLabel = (n: number) => `Assigned ${count.format(n)} ${n === 1 ? "contact" : "contacts"}`;

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

export function memberNames(members: Member[] | undefined): Map<string, string> {
  return new Map((members ?? []).map((m) => [m.user_id, m.name || m.email]));
}

export function ownerLabel(ownerId: string | null, names: Map<string, string>): string {
  if (!ownerId) return "—";
  return names.get(ownerId) ?? "Former member";
}

// Dates in the business's time zone ("Mar 4, 2026"); a bad zone falls back to the browser's.
export function dateFormatter(timeZone: string | undefined): (iso: string) => string {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone });
  } catch {
    f = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });
  }
  return (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? "" : f.format(d);
  };
}
