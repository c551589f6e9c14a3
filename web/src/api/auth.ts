import { api } from "./client";
import type { LoginResult, Me, Site } from "./types";

export const authApi = {
  login: (email: string, password: string) =>
    api.post<LoginResult>("/api/v1/auth/login", { email, password }, { quietAuth: true }),
  logout: () => api.post<void>("/api/v1/auth/logout", undefined, { quietAuth: true }),
  register: (email: string, password: string, name: string) =>
    api.post<{ user: Me["user"] }>("/api/v1/auth/register", { email, password, name }, { quietAuth: true }),
  changePassword: (current_password: string, new_password: string) =>
    api.post<void>("/api/v1/auth/password", { current_password, new_password }, { quietAuth: true }),
  me: () => api.get<Me>("/api/v1/me", { quietAuth: true }),
  site: () => api.get<Site>("/api/v1/site", { quietAuth: true }),
  acceptInvitation: (token: string, name?: string, password?: string) =>
    api.post<{ business: { id: string; slug: string; name: string }; role: string }>(
      "/api/v1/invitations/accept",
      { token, ...(name ? { name } : {}), ...(password ? { password } : {}) },
      { quietAuth: true },
    ),
};
