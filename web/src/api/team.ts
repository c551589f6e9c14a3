import { api, type Page } from "./client";
import type { Invitation, Member, Role } from "./types";

const base = (b: string) => `/api/v1/businesses/${b}`;

// POST .../invitations answers the invitation with its link (and token), shown once.
export interface CreatedInvitation extends Invitation {
  accept_url: string;
  token: string;
  emailed?: boolean;
}

export const teamApi = {
  members: (b: string) => api.get<Page<Member>>(`${base(b)}/members`),
  changeRole: (b: string, userId: string, role: Role) =>
    api.patch<Member>(`${base(b)}/members/${userId}`, { role }),
  remove: (b: string, userId: string) => api.delete(`${base(b)}/members/${userId}`),
  invitations: (b: string) => api.get<Page<Invitation>>(`${base(b)}/invitations`),
  invite: (b: string, email: string, role: Role) =>
    api.post<CreatedInvitation>(`${base(b)}/invitations`, { email, role }),
  revoke: (b: string, id: string) => api.delete(`${base(b)}/invitations/${id}`),
};
