import { useMutation, useQueryClient } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import { businessesApi } from "../../api/businesses";
import { businessKey } from "../../app/business";
import { meKey } from "../../app/session";

type Patch = Parameters<typeof businessesApi.update>[1];

// PATCH the business, then refresh it and /me: the header's name and the theme follow.
export function useSaveBusiness(businessId: string, savedMessage: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Patch) => businessesApi.update(businessId, patch),
    onSuccess: async (b) => {
      client.setQueryData(businessKey(businessId), b);
      await Promise.all([
        client.invalidateQueries({ queryKey: businessKey(businessId) }),
        client.invalidateQueries({ queryKey: meKey }),
      ]);
      notifications.show({ color: "green", message: savedMessage });
    },
  });
}
