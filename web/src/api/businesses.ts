import { api } from "./client";
import type { Branding, Business } from "./types";

export const businessesApi = {
  get: (b: string) => api.get<Business>(`/api/v1/businesses/${b}`),
  create: (name: string, slug: string) => api.post<Business>("/api/v1/businesses", { name, slug }),
  update: (
    b: string,
    patch: { name?: string; branding?: Partial<Branding>; settings?: Record<string, unknown> },
  ) => api.patch<Business>(`/api/v1/businesses/${b}`, patch),
};
