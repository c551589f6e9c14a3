import { ApiError, describeError } from "../../api/client";

export type CloudField = "waba_id" | "access_token" | "app_secret" | "verify_token";
const FIELDS: readonly string[] = ["waba_id", "access_token", "app_secret", "verify_token"];

// The server's refusals of a Cloud API connection in words a business owner knows.
const words: Record<string, string> = {
  invalid_waba_id:
    "The WhatsApp Business Account id is the number Meta shows under WhatsApp → API setup (digits only).",
  invalid_access_token: "This doesn’t look like an access token: it should be 8 to 2048 characters.",
  invalid_app_secret: "This doesn’t look like an app secret: it should be 8 to 256 characters.",
  invalid_verify_token: "The verify token is 1 to 128 characters.",
};

export function cloudError(error: unknown): { field: CloudField | null; message: string } {
  const field = error instanceof ApiError && error.field && FIELDS.includes(error.field) ? error.field : null;
  const message = (error instanceof ApiError && words[error.code]) || describeError(error);
  return { field: field as CloudField | null, message };
}

// What must be filled before asking the server: the rest it checks itself.
export function missingCloudFields(
  values: Record<CloudField, string>,
  stored: { access_token: boolean; app_secret: boolean },
): Partial<Record<CloudField, string>> {
  const errors: Partial<Record<CloudField, string>> = {};
  if (!values.waba_id.trim()) errors.waba_id = "Enter the WhatsApp Business Account id.";
  if (!values.access_token.trim() && !stored.access_token)
    errors.access_token = "Enter the access token of a system user.";
  if (!values.app_secret.trim() && !stored.app_secret) errors.app_secret = "Enter the app secret.";
  return errors;
}
