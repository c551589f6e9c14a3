import { ApiError, describeError } from "../../api/client";

export type ContactField = "phone" | "name" | "tags" | "lead_status" | "owner_user_id" | "attributes";

// An error from saving a contact, in plain words, next to the field it is about when there is one.
export function contactError(error: unknown): { field: ContactField | null; message: string } | null {
  if (!error) return null;
  if (error instanceof ApiError) {
    if (error.code === "invalid_phone")
      return {
        field: "phone",
        message:
          "This isn't a phone number we can use. Check the digits, and start with + and the country code for numbers abroad.",
      };
    if (error.code === "contact_exists")
      return { field: "phone", message: "A contact with this phone number already exists." };
    if (error.code === "invalid_tag") return { field: "tags", message: error.message };
    if (error.code === "invalid_lead_status") return { field: "lead_status", message: error.message };
    if (error.code === "invalid_owner") return { field: "owner_user_id", message: error.message };
    if (error.code === "invalid_attributes") return { field: "attributes", message: error.message };
    if (error.status === 402) return { field: null, message: "Your plan's contact limit is reached." };
  }
  return { field: null, message: describeError(error) };
}

// An import that was refused at upload.
export function importError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 415)
      return "That file isn't a CSV. Export the sheet as CSV (UTF-8) and pick it again.";
    if (error.code === "invalid_csv") return `This file can't be imported: ${error.message}`;
    if (error.status === 413)
      return "The file is too large; the limit is 64 MB. Split it into smaller files.";
  }
  return describeError(error);
}
