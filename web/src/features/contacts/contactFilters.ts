import type { ContactFilters } from "../../api/contacts";

// The list's filters live in the URL (so links and Back work), under short names.
const PARAM: Record<keyof ContactFilters, string> = {
  query: "q",
  tag: "tag",
  owner_user_id: "owner",
  lead_status: "status",
  opted_out: "opted_out",
};

export type FilterKey = keyof ContactFilters;

export function filtersFromParams(params: URLSearchParams): ContactFilters {
  const get = (k: FilterKey) => params.get(PARAM[k])?.trim() || undefined;
  const opted = get("opted_out");
  return {
    query: get("query"),
    tag: get("tag"),
    owner_user_id: get("owner_user_id"),
    lead_status: get("lead_status"),
    opted_out: opted === "true" || opted === "false" ? opted : undefined,
  };
}

// A copy of `params` with one filter set (or removed when empty); other params are kept.
export function withFilter(params: URLSearchParams, key: FilterKey, value: string | null | undefined) {
  const next = new URLSearchParams(params);
  if (value && value.trim()) next.set(PARAM[key], value.trim());
  else next.delete(PARAM[key]);
  return next;
}

export function withoutFilters(params: URLSearchParams) {
  const next = new URLSearchParams(params);
  for (const p of Object.values(PARAM)) next.delete(p);
  return next;
}

export const hasFilters = (f: ContactFilters) => Object.values(f).some((v) => v !== undefined && v !== "");

// A stable string for a set of filters: the query key and the selection's scope.
export const filtersKey = (f: ContactFilters) =>
  JSON.stringify([f.query, f.tag, f.owner_user_id, f.lead_status, f.opted_out]);
