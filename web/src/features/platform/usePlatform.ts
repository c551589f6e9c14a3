import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import type { Page } from "../../api/client";
import { platformApi, type NewBusiness } from "../../api/platform";
import type { PlatformBusiness } from "../../api/types";
import { notifyError } from "../../app/notifyError";
import { meKey } from "../../app/session";

export const platformBusinessesKey = ["platform", "businesses"] as const;

export function usePlatformBusinesses(pageSize = 50) {
  return useInfiniteQuery({
    queryKey: [...platformBusinessesKey, pageSize],
    queryFn: ({ pageParam }) => platformApi.businesses(pageParam, pageSize),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    select: (data) => data.pages.flatMap((p) => p.items),
  });
}

export function useCreateBusiness() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewBusiness) => platformApi.create(input),
    onSuccess: async () => {
      // The platform admin may have made themself its owner.
      await Promise.all([
        client.invalidateQueries({ queryKey: platformBusinessesKey }),
        client.invalidateQueries({ queryKey: meKey }),
      ]);
    },
  });
}

export function useSetSuspended() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ business, suspended }: { business: PlatformBusiness; suspended: boolean }) =>
      platformApi.update(business.id, { suspended }),
    onSuccess: (updated, { business }) => {
      client.setQueriesData<InfiniteData<Page<PlatformBusiness>>>(
        { queryKey: platformBusinessesKey },
        (data) =>
          data
            ? {
                ...data,
                pages: data.pages.map((p) => ({
                  ...p,
                  items: p.items.map((b) =>
                    b.id === updated.id ? { ...b, suspended: updated.suspended } : b,
                  ),
                })),
              }
            : data,
      );
      notifications.show({
        color: updated.suspended ? "orange" : "green",
        message: updated.suspended ? `${business.name} is suspended.` : `${business.name} is active again.`,
      });
    },
    onError: (error) => notifyError(error),
  });
}
