// The shapes the API answers with (docs/api.md and GET /api/v1/openapi.json).

export type Role = "owner" | "admin" | "manager" | "agent";

export interface User {
  id: string;
  email: string;
  name: string;
  is_platform_admin: boolean;
  must_change_password?: boolean;
}

export interface BusinessSummary {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

export interface Branding {
  logo_url: string | null;
  primary_color: string | null;
}

export interface Business extends BusinessSummary {
  branding: Branding;
  settings: Record<string, unknown> & { timezone?: string; default_region?: string };
  suspended?: boolean;
}

export interface Me {
  user: User;
  businesses: BusinessSummary[];
  csrf_token?: string;
}

export interface LoginResult extends Me {
  token: string;
  csrf_token: string;
}

export interface Site {
  base_domain: string;
  registration_open: boolean;
  business: { slug: string; name: string; branding: Partial<Branding> } | null;
}

export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  joined_at: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expires_at: string;
}

// The answer to creating one: the link (and its token) is shown only then.
export interface CreatedInvitation extends Invitation {
  accept_url: string;
  token: string;
  emailed?: boolean;
}

export type LeadStatus = string;

export interface Contact {
  id: string;
  phone: string;
  wa_id?: string;
  name: string;
  tags: string[];
  attributes: Record<string, unknown>;
  owner_user_id: string | null;
  lead_status: LeadStatus;
  opted_out: boolean;
  opted_out_at?: string | null;
  created_at: string;
  updated_at?: string;
}

export type ConversationStatus = "open" | "pending" | "resolved";

export interface Conversation {
  id: string;
  contact: { id: string; name: string; phone: string };
  phone_number_id: string;
  status: ConversationStatus;
  assignee_user_id: string | null;
  last_message: string;
  last_message_direction: "inbound" | "outbound" | null;
  last_message_at: string | null;
  last_inbound_at: string | null;
  unread_count: number;
  window_open: boolean;
  window_expires_at: string | null;
  created_at: string;
}

export type MessageStatus = "received" | "queued" | "sent" | "delivered" | "read" | "failed";

export interface MessageMedia {
  type?: string;
  id?: string;
  mime_type?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
  link?: string;
}

export interface Message {
  id: string;
  conversation_id: string;
  direction: "inbound" | "outbound";
  type: string;
  text: string | null;
  media: MessageMedia | null;
  payload: Record<string, unknown> | null;
  status: MessageStatus;
  status_at: string | null;
  error: { code?: number; title?: string; details?: string } | null;
  wamid: string | null;
  reply_to_wamid: string | null;
  reaction: string | null;
  edited: boolean;
  deleted: boolean;
  template: { name: string; language: string; variables: string[] } | null;
  sent_by_user_id: string | null;
  created_at: string;
}

export interface Job {
  id: string;
  kind: string;
  status: "queued" | "running" | "done" | "failed";
  progress: { done: number; total: number | null };
  result: { created?: number; updated?: number; rejected?: { line: number; reason: string }[] } | null;
  error: string | null;
}

export interface WhatsAppConnection {
  mode: "cloud" | "sandbox" | null;
  waba_id: string | null;
  access_token: string | null;
  app_secret: string | null;
  webhook_url: string;
  verify_token: string | null;
  status: "connected" | "disconnected" | "not_connected";
  status_detail: string | null;
  last_webhook_at: string | null;
}

export interface PhoneNumber {
  id: string;
  phone_number_id: string;
  display_phone_number: string;
  verified_name: string | null;
  quality_rating: string | null;
  messaging_limit_tier: string | null;
  assigned_user_id: string | null;
  throughput_per_second: number;
  sandbox: boolean;
  last_webhook_at: string | null;
}

export interface WhatsAppStatus {
  token_valid: boolean | null;
  status: string;
  status_detail: string | null;
  last_webhook_at: string | null;
  phone_numbers: PhoneNumber[];
}

export interface PlatformBusiness {
  id: string;
  slug: string;
  name: string;
  suspended: boolean;
  members: number;
  // Always sent: "free" unless the platform put the business on another plan.
  plan: string;
  // Requests a minute its API keys may make; null for the server's default.
  rate_limit_per_minute: number | null;
  usage: Record<string, number>;
  created_at: string;
}

export interface CreatedBusiness {
  business: Business;
  admin: { user_id: string; email: string; temporary_password: string | null };
}

// One Server-Sent Event of GET .../events.
export interface LiveEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}
