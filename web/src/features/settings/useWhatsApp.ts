import { useQuery, useQueryClient } from "@tanstack/react-query";
import { whatsappApi } from "../../api/whatsapp";
import type { PhoneNumber, WhatsAppConnection } from "../../api/types";
import type { Page } from "../../api/client";
import { phoneNumbersKey, whatsappConnectionKey, whatsappKey } from "./settingsKeys";

export function useConnection(businessId: string) {
  return useQuery({
    queryKey: whatsappConnectionKey(businessId),
    queryFn: () => whatsappApi.get(businessId),
  });
}

export function usePhoneNumbers(businessId: string) {
  return useQuery({ queryKey: phoneNumbersKey(businessId), queryFn: () => whatsappApi.numbers(businessId) });
}

// After a change on the server: put what it answered in the cache, refresh the rest.
export function useWhatsAppCache(businessId: string) {
  const client = useQueryClient();
  return {
    setConnection: (c: WhatsAppConnection) => client.setQueryData(whatsappConnectionKey(businessId), c),
    setNumbers: (items: PhoneNumber[]) =>
      client.setQueryData<Page<PhoneNumber>>(phoneNumbersKey(businessId), { items, next_cursor: null }),
    replaceNumber: (n: PhoneNumber) =>
      client.setQueryData<Page<PhoneNumber>>(phoneNumbersKey(businessId), (page) =>
        page ? { ...page, items: page.items.map((p) => (p.id === n.id ? n : p)) } : page,
      ),
    refreshAll: () => client.invalidateQueries({ queryKey: whatsappKey(businessId) }),
  };
}
