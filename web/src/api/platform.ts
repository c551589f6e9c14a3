import { api, query, type Page } from "./client";
import type { CreatedBusiness, PlatformBusiness } from "./types";

export const platformApi = {
  businesses: (cursor?: string | null) =>
    api.get<Page<PlatformBusiness>>(`/api/v1/platform/businesses${query({ cursor, limit: 200 })}`),
  create: (input: { name: string; slug: string; admin_email: string; admin_name?: string }) =>
    api.post<CreatedBusiness>("/api/v1/platform/businesses", input),
  update: (b: string, patch: { suspended?: boolean; plan?: string }) =>
    api.patch<PlatformBusiness>(`/api/v1/platform/businesses/${b}`, patch),
};
