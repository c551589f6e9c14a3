import { api, query, type Page } from "./client";
import type { CreatedBusiness, PlatformBusiness } from "./types";

export interface NewBusiness {
  name: string;
  slug: string;
  admin_email: string;
  admin_name?: string;
}

export const platformApi = {
  businesses: (cursor?: string | null, limit = 50) =>
    api.get<Page<PlatformBusiness>>(`/api/v1/platform/businesses${query({ cursor, limit })}`),
  create: (input: NewBusiness) => api.post<CreatedBusiness>("/api/v1/platform/businesses", input),
  // The answer's member and usage counts are zeros: keep the listed ones.
  update: (b: string, patch: { suspended?: boolean; plan?: string }) =>
    api.patch<PlatformBusiness>(`/api/v1/platform/businesses/${b}`, patch),
};
