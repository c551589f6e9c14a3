import { useMemo } from "react";
import { useInfiniteQuery, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { Page } from "../../api/client";
import { contactsApi, type ContactFilters } from "../../api/contacts";
import type { Contact } from "../../api/types";
import { filtersKey } from "./contactFilters";

export const PAGE_SIZE = 200;

export const contactsKey = (businessId: string) => ["contacts", businessId] as const;
const listKey = (businessId: string, filters: ContactFilters) =>
  [...contactsKey(businessId), "list", filtersKey(filters)] as const;

type Pages = InfiniteData<Page<Contact>, string | null>;

// The list, 200 at a time, newest first; `rows` is every loaded page, flattened.
export function useContactsQuery(businessId: string, filters: ContactFilters) {
  const q = useInfiniteQuery({
    queryKey: listKey(businessId, filters),
    queryFn: ({ pageParam, signal }) => contactsApi.list(businessId, filters, pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  return { ...q, rows };
}

const listFilter = (businessId: string) => ({ queryKey: [...contactsKey(businessId), "list"] });

// Changes made here show at once in every loaded list, without refetching thousands of rows.
export function updateContactsInCache(
  client: QueryClient,
  businessId: string,
  change: (c: Contact) => Contact | null,
) {
  client.setQueriesData<Pages>(listFilter(businessId), (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            items: p.items.flatMap((c) => {
              const next = change(c);
              return next ? [next] : [];
            }),
          })),
        }
      : data,
  );
}

// New contacts (added, imported) appear at the top: keep only the first page of every list and
// fetch it again, rather than refetching every page scrolled through.
export async function refreshFromTop(client: QueryClient, businessId: string) {
  client.setQueriesData<Pages>(listFilter(businessId), (data) =>
    data ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
  );
  await client.invalidateQueries(listFilter(businessId));
}
