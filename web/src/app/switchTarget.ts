import type { BusinessSummary } from "../api/types";
import { permissions } from "./permissions";

// Where picking `target` in the business switcher goes from `pathname`: the same section of the
// dashboard ("/b/alpha/contacts" -> "/b/beta/contacts"), but not the conversation open in the
// other business nor its filters; settings only where the role there manages them, else the inbox.
export function switchTarget(pathname: string, target: BusinessSummary): string {
  const [, root, , section, sub] = pathname.split("/");
  const base = `/b/${target.slug}`;
  if (root !== "b") return `${base}/inbox`;
  switch (section) {
    case "contacts":
    case "team":
      return `${base}/${section}`;
    case "settings":
      if (!permissions(target.role).manageSettings) return `${base}/inbox`;
      return sub ? `${base}/settings/${sub}` : `${base}/settings`;
    default:
      return `${base}/inbox`;
  }
}
