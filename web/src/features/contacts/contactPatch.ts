import type { ContactInput } from "../../api/contacts";
import type { Contact } from "../../api/types";
import { attributesPatch, type AttributeRow } from "./attributes";

export interface ContactDraft {
  name: string;
  tags: string[];
  lead_status: string;
  owner_user_id: string | null;
  attributes: AttributeRow[];
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

// Only what changed, so a save never overwrites someone else's edit of another field.
export function contactPatch(original: Contact, draft: ContactDraft): ContactInput | null {
  const patch: ContactInput = {};
  if (draft.name.trim() !== original.name) patch.name = draft.name.trim();
  if (!sameList(draft.tags, original.tags)) patch.tags = draft.tags;
  if (draft.lead_status !== original.lead_status) patch.lead_status = draft.lead_status;
  if (draft.owner_user_id !== original.owner_user_id) patch.owner_user_id = draft.owner_user_id;
  const attributes = attributesPatch(original.attributes ?? {}, draft.attributes);
  if (attributes) patch.attributes = attributes;
  return Object.keys(patch).length ? patch : null;
}
