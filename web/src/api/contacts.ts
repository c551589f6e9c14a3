import { api, query, request, type Page } from "./client";
import type { Contact, Job } from "./types";

const base = (b: string) => `/api/v1/businesses/${b}`;

export interface ContactFilters {
  query?: string;
  tag?: string;
  // A member's id, or "me" for the caller's own leads.
  owner_user_id?: string;
  lead_status?: string;
  opted_out?: "true" | "false";
}

export type ContactInput = Partial<
  Pick<Contact, "name" | "tags" | "attributes" | "owner_user_id" | "lead_status">
> & {
  phone?: string;
};

// GET .../jobs/{id} of a contacts import: the listed rejects stop at 1,000, rejected_count doesn't.
export interface ImportResult {
  created: number;
  updated: number;
  rejected: { line: number; reason: string }[];
  rejected_count?: number;
}

export type ImportJob = Omit<Job, "result"> & { result: ImportResult | null };

// The `job.progress` live event. Its `result` carries counts only (`rejected` is a number).
export interface JobProgressEvent {
  job_id: string;
  kind: string;
  status: Job["status"];
  progress: Job["progress"];
  error: string | null;
}

// At most this many contacts per assign call (the server's limit).
export const ASSIGN_BATCH = 10_000;

// A note on a contact: what a teammate wrote about the customer.
export interface ContactNote {
  id: string;
  author_user_id: string;
  text: string;
  created_at: string;
}

export const contactsApi = {
  list: (b: string, filters: ContactFilters, cursor?: string | null, limit = 200, signal?: AbortSignal) =>
    api.get<Page<Contact>>(`${base(b)}/contacts${query({ ...filters, cursor, limit })}`, { signal }),
  get: (b: string, id: string) => api.get<Contact>(`${base(b)}/contacts/${id}`),
  create: (b: string, input: ContactInput) => api.post<Contact>(`${base(b)}/contacts`, input),
  update: (b: string, id: string, patch: ContactInput) =>
    api.patch<Contact>(`${base(b)}/contacts/${id}`, patch),
  remove: (b: string, id: string) => api.delete(`${base(b)}/contacts/${id}`),
  notes: (b: string, id: string) => api.get<Page<ContactNote>>(`${base(b)}/contacts/${id}/notes`),
  addNote: (b: string, id: string, text: string) =>
    api.post<ContactNote>(`${base(b)}/contacts/${id}/notes`, { text }),
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
  importJob: (b: string, id: string) => api.get<ImportJob>(`${base(b)}/jobs/${id}`),
};
