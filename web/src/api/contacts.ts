import { api, query, request, type Page } from "./client";
import type { Contact, Job } from "./types";

const base = (b: string) => `/api/v1/businesses/${b}`;

export interface ContactFilters {
  query?: string;
  tag?: string;
  owner_user_id?: string;
  lead_status?: string;
  opted_out?: string;
}

export type ContactInput = Partial<
  Pick<Contact, "name" | "tags" | "attributes" | "owner_user_id" | "lead_status">
> & {
  phone?: string;
};

export const contactsApi = {
  list: (b: string, filters: ContactFilters, cursor?: string | null, limit = 200) =>
    api.get<Page<Contact>>(`${base(b)}/contacts${query({ ...filters, cursor, limit })}`),
  get: (b: string, id: string) => api.get<Contact>(`${base(b)}/contacts/${id}`),
  create: (b: string, input: ContactInput) => api.post<Contact>(`${base(b)}/contacts`, input),
  update: (b: string, id: string, patch: ContactInput) =>
    api.patch<Contact>(`${base(b)}/contacts/${id}`, patch),
  remove: (b: string, id: string) => api.delete(`${base(b)}/contacts/${id}`),
  import: (b: string, csv: Blob | string) =>
    request<{ job_id: string }>("POST", `${base(b)}/contacts/import`, {
      rawBody: csv,
      contentType: "text/csv",
    }),
  exportUrl: (b: string, filters: ContactFilters) => `${base(b)}/contacts/export.csv${query({ ...filters })}`,
  assign: (b: string, contactIds: string[], userId: string) =>
    api.post<{ assigned: number }>(`${base(b)}/contacts/assign`, {
      contact_ids: contactIds,
      user_id: userId,
    }),
  assignRoundRobin: (b: string, contactIds: string[], userIds: string[]) =>
    api.post<{ assigned: number }>(`${base(b)}/contacts/assign`, {
      contact_ids: contactIds,
      strategy: "round_robin",
      user_ids: userIds,
    }),
  job: (b: string, id: string) => api.get<Job>(`${base(b)}/jobs/${id}`),
};
