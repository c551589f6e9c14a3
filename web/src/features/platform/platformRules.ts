import { ApiError } from "../../api/client";

// {"contacts": 12, "messages_this_month": 3} -> [["Contacts", 12], ["Messages this month", 3]].
export function usageEntries(usage: Record<string, number> | undefined): [string, number][] {
  return Object.entries(usage ?? {}).map(([key, value]) => {
    const words = key.replace(/_/g, " ");
    return [words.charAt(0).toUpperCase() + words.slice(1), value];
  });
}

export type NewBusinessField = "name" | "slug" | "admin_email" | "admin_name";

// The form field a refusal names (409 slug taken, 422 invalid email…), if it names one of ours.
export function errorField(error: unknown): NewBusinessField | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === "slug_taken") return "slug";
  const field = error.field === "email" ? "admin_email" : (error.field ?? "");
  return ["name", "slug", "admin_email", "admin_name"].includes(field) ? (field as NewBusinessField) : null;
}
