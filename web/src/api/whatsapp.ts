import { api, type Page } from "./client";
import type { PhoneNumber, WhatsAppConnection, WhatsAppStatus } from "./types";

const base = (b: string) => `/api/v1/businesses/${b}`;

export interface CloudCredentials {
  waba_id: string;
  access_token?: string;
  app_secret?: string;
  verify_token?: string;
}

export const whatsappApi = {
  get: (b: string) => api.get<WhatsAppConnection>(`${base(b)}/whatsapp`),
  connectCloud: (b: string, credentials: CloudCredentials) =>
    api.put<WhatsAppConnection>(`${base(b)}/whatsapp`, { mode: "cloud", ...credentials }),
  connectSandbox: (b: string) => api.put<WhatsAppConnection>(`${base(b)}/whatsapp`, { mode: "sandbox" }),
  status: (b: string) => api.get<WhatsAppStatus>(`${base(b)}/whatsapp/status`),
  numbers: (b: string) => api.get<Page<PhoneNumber>>(`${base(b)}/phone-numbers`),
  addNumber: (b: string, phone_number_id: string, display_phone_number: string) =>
    api.post<PhoneNumber>(`${base(b)}/phone-numbers`, { phone_number_id, display_phone_number }),
  syncNumbers: (b: string) => api.post<Page<PhoneNumber>>(`${base(b)}/phone-numbers/sync`),
  assignNumber: (b: string, id: string, assigned_user_id: string | null) =>
    api.patch<PhoneNumber>(`${base(b)}/phone-numbers/${id}`, { assigned_user_id }),
  simulateInbound: (b: string, from_phone: string, text: string, name?: string) =>
    api.post<{ message_id: string; conversation_id: string }>(`${base(b)}/sandbox/inbound`, {
      from_phone,
      text,
      ...(name ? { name } : {}),
    }),
};
