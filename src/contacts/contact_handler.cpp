#include "contacts/contact_handler.h"

#include "api/context.h"
#include "api/json_io.h"
#include "api/schema.h"
#include "contacts/contact_json.h"

namespace sb::contacts {

using api::Access;
using api::Context;
using api::json;
using tenancy::Permission;
using namespace api::schema;

namespace {

// The list's filters, shared by the list and the export.
Result<ContactFilter> filter_from(const Context& ctx) {
  const auto& req = ctx.request();
  ContactFilter f;
  auto limit = api::page_limit(req);
  if (!limit) return fail(limit.error());
  f.limit = *limit + 1;  // one more than shown: tells whether there is a next page
  auto cursor = api::cursor_param(req);
  if (!cursor) return fail(cursor.error());
  f.before_id = *cursor;
  f.query = req.query_param("query");
  f.tag = req.query_param("tag");
  f.owner_user_id = req.query_param("owner_user_id");
  if (f.owner_user_id == "me") f.owner_user_id = ctx.scope().user_id().str();  // "my leads"
  f.lead_status = req.query_param("lead_status");
  if (auto o = req.query_param("opted_out")) {
    if (*o != "true" && *o != "false") return fail(Error::bad_request("`opted_out` must be true or false.", "opted_out"));
    f.opted_out = *o == "true";
  }
  if (auto a = req.query_param("attribute")) {
    auto colon = a->find(':');
    std::string key = a->substr(0, colon);
    if (colon == std::string::npos || key.empty() || key.size() > 64 || key.find_first_of("\"\\") != std::string::npos)
      return fail(Error::bad_request("`attribute` is key:value, e.g. city:Lisbon.", "attribute"));
    f.attribute = std::make_pair(key, a->substr(colon + 1));
  }
  for (auto* v : {&f.query, &f.tag, &f.owner_user_id, &f.lead_status})
    if (*v && v->value().empty()) v->reset();
  return f;
}

std::vector<api::QueryParam> filter_params() {
  return {{"query", str(), "start of a word of the name, or of the phone's digits"},
          {"tag", str(), ""},
          {"owner_user_id", str(), "a member's id, `me` for the caller's own leads, or `none` for leads nobody owns"},
          {"lead_status", str(), ""},
          {"opted_out", boolean(), ""},
          {"attribute", str(), "key:value, equality on a custom attribute (text and numbers)"}};
}

}  // namespace

void register_contact_routes(api::Api& api, ContactService& contacts, ContactImporter& importer,
                             ContactExporter& exporter, ConversationsOf conversations_of) {
  api.add({"POST", "/api/v1/businesses/{b}/contacts/import", Access::tenant, Permission::contacts_write, 64 * 1024 * 1024,
           false, false,
           [&importer](Context& ctx) -> Result<http::Response> {
             auto ct = ctx.request().header("content-type");
             std::string_view type = ct ? ct->substr(0, ct->find(';')) : std::string_view();
             if (type != "text/csv" && type != "application/csv")
               return fail(Error{ErrorKind::unsupported_media_type, "unsupported_media_type",
                                 "Send the file as text/csv.", {}, {}, {}});
             auto job = importer.start(ctx.scope(), ctx.request().body, ctx.ip());
             if (!job) return fail(job.error());
             return api::json_response(202, {{"job_id", *job}});
           },
           {"Import contacts from CSV (header row with `phone`, optional `name`, `tags` separated by ';', other "
            "columns become attributes); runs as a job, follow it at .../jobs/{job_id}",
            "contacts", str("CSV, UTF-8"), "text/csv", {}, {{202, object({{"job_id", str()}}, {"job_id"})}}, {422},
            "Upserts by phone; the same phone twice in one file: the later row wins. Rejected records carry the file "
            "line where they start (the header is line 1). Up to 64 MiB."}});

  api.add({"GET", "/api/v1/businesses/{b}/contacts", Access::tenant, Permission::contacts_read, 0, false, false,
           [&contacts](Context& ctx) -> Result<http::Response> {
             auto f = filter_from(ctx);
             if (!f) return fail(f.error());
             int limit = f->limit - 1;
             auto list = contacts.list(ctx.scope(), *f);
             size_t shown = std::min(list.size(), static_cast<size_t>(limit));
             JsonWriter w(512 * (shown + 1));
             w.begin_object().key("items").begin_array();
             for (size_t i = 0; i < shown; ++i) write_json(w, list[i]);
             w.end_array().key("next_cursor");
             if (list.size() > shown) w.string(api::encode_cursor(list[shown - 1].id.str()));
             else w.null();
             w.end_object();
             return http::Response::text(200, w.take(), "application/json");
           },
           {"Contacts, newest first, with search and filters", "contacts", nullptr, "application/json",
            [] {
              auto q = filter_params();
              q.push_back({"limit", integer(), "default 50, max 200"});
              q.push_back({"cursor", str(), ""});
              return q;
            }(),
            {{200, page_of(ref("Contact"))}}, {400}}});

  api.add({"GET", "/api/v1/businesses/{b}/contacts/export.csv", Access::tenant, Permission::contacts_write, 0, false,
           false,
           [&exporter](Context& ctx) -> Result<http::Response> {
             auto f = filter_from(ctx);
             if (!f) return fail(f.error());
             http::Response r;
             r.content_type = "text/csv; charset=utf-8";
             r.set_header("Content-Disposition", "attachment; filename=\"contacts.csv\"");
             r.chunks = exporter.start(ctx.scope(), *f, ctx.ip());
             return r;
           },
           {"Export the contacts matching the list's filters as CSV (streamed; manager+; audited)", "contacts", nullptr,
            "application/json", filter_params(), {{200, str("CSV: phone,name,tags,lead_status,owner_user_id,opted_out,created_at,<attributes...>")}},
            {400}}});

  api.add({"POST", "/api/v1/businesses/{b}/contacts/assign", Access::tenant, Permission::contacts_write, 1024 * 1024, false,
           false,
           [&contacts](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"contact_ids", "user_id", "strategy", "user_ids"}); !s) return fail(s.error());
             auto ids_of = [&](const char* field) -> Result<std::vector<std::string>> {
               std::vector<std::string> out;
               auto it = body->find(field);
               if (it == body->end() || it->is_null()) return out;
               if (!it->is_array()) return fail(Error::bad_request(std::string("`") + field + "` must be an array of ids.", field));
               for (const auto& v : *it) {
                 if (!v.is_string() || v.get_ref<const std::string&>().size() > 64)
                   return fail(Error::bad_request(std::string("`") + field + "` must be an array of ids.", field));
                 out.push_back(v.get<std::string>());
               }
               return out;
             };
             auto contact_ids = ids_of("contact_ids");
             if (!contact_ids) return fail(contact_ids.error());
             auto user_ids = ids_of("user_ids");
             if (!user_ids) return fail(user_ids.error());
             auto user_id = api::optional_string(*body, "user_id");
             if (!user_id) return fail(user_id.error());
             auto strategy = api::optional_string(*body, "strategy");
             if (!strategy) return fail(strategy.error());
             std::vector<UserId> users;
             std::string how;
             if (*strategy) {
               if (**strategy != "round_robin")
                 return fail(Error::validation("invalid_strategy", "`strategy` is round_robin.", "strategy"));
               if (*user_id) return fail(Error::bad_request("Send `user_id` or `strategy` with `user_ids`, not both."));
               for (auto& u : *user_ids) users.emplace_back(u);
               how = "round_robin";
             } else {
               if (!*user_id) return fail(Error::bad_request("`user_id` is required (or `strategy` and `user_ids`).", "user_id"));
               users.emplace_back(**user_id);
               how = "one";
             }
             std::vector<ContactId> ids;
             for (auto& c : *contact_ids) ids.emplace_back(c);
             auto n = contacts.assign(ctx.scope(), ids, users, how, ctx.ip());
             if (!n) return fail(n.error());
             return api::json_response(200, {{"assigned", *n}});
           },
           {"Assign leads to a member, or round robin across members (even spread, in the order given)", "contacts",
            object({{"contact_ids", array(str())},
                    {"user_id", str()},
                    {"strategy", enumeration({"round_robin"})},
                    {"user_ids", array(str())}},
                   {"contact_ids"}),
            "application/json", {}, {{200, object({{"assigned", integer()}}, {"assigned"})}}, {422}}});

  api.add({"POST", "/api/v1/businesses/{b}/contacts", Access::tenant, Permission::contacts_write, 64 * 1024, false, false,
           [&contacts](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto in = contact_input_from(*body);
             if (!in) return fail(in.error());
             auto c = contacts.create(ctx.scope(), *in);
             if (!c) return fail(c.error());
             return api::json_response(201, to_json(*c));
           },
           {"Create a contact (phone normalised to E.164 with the business's default region)", "contacts",
            ref("ContactInput"), "application/json", {}, {{201, ref("Contact")}}, {409, 422}}});

  api.add({"GET", "/api/v1/businesses/{b}/contacts/{id}", Access::tenant, Permission::contacts_read, 0, false, false,
           [&contacts](Context& ctx) -> Result<http::Response> {
             auto c = contacts.get(ctx.scope(), ContactId(ctx.param("id")));
             if (!c) return fail(c.error());
             return api::json_response(200, to_json(*c));
           },
           {"One contact", "contacts", nullptr, "application/json", {}, {{200, ref("Contact")}}, {}}});

  api.add({"PATCH", "/api/v1/businesses/{b}/contacts/{id}", Access::tenant, Permission::contacts_write, 64 * 1024, false,
           false,
           [&contacts](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto in = contact_input_from(*body);
             if (!in) return fail(in.error());
             auto c = contacts.update(ctx.scope(), ContactId(ctx.param("id")), *in);
             if (!c) return fail(c.error());
             return api::json_response(200, to_json(*c));
           },
           {"Change a contact (only the fields sent)", "contacts", ref("ContactInput"), "application/json", {},
            {{200, ref("Contact")}}, {409, 422}}});

  auto consent_json = [](const ConsentEvent& e) {
    return json{{"id", e.id},           {"event", e.event},   {"source", e.source},
                {"actor_user_id", e.actor_user_id ? json(*e.actor_user_id) : json()},
                {"detail", e.detail},   {"created_at", to_rfc3339(e.created_at)}};
  };
  auto note_json = [](const Note& n) {
    return json{{"id", n.id}, {"author_user_id", n.author_user_id}, {"text", n.text}, {"created_at", to_rfc3339(n.created_at)}};
  };
  json consent_schema = object({{"id", str()}, {"event", enumeration({"opted_out", "opted_in"})},
                                {"source", enumeration({"keyword", "api", "import"})}, {"actor_user_id", nullable(str())},
                                {"detail", str()}, {"created_at", timestamp()}},
                               {"id", "event", "source", "created_at"});
  json note_schema = object({{"id", str()}, {"author_user_id", str()}, {"text", str()}, {"created_at", timestamp()}},
                            {"id", "author_user_id", "text", "created_at"});

  api.add({"GET", "/api/v1/businesses/{b}/contacts/{id}/consent", Access::tenant, Permission::contacts_read, 0, false,
           false,
           [&contacts, consent_json](Context& ctx) -> Result<http::Response> {
             auto events = contacts.consent(ctx.scope(), ContactId(ctx.param("id")));
             if (!events) return fail(events.error());
             json items = json::array();
             for (const auto& e : *events) items.push_back(consent_json(e));
             return api::json_response(200, {{"items", items}, {"next_cursor", nullptr}});
           },
           {"The contact's consent log: every opt-out and opt-in with its source, oldest first", "contacts", nullptr,
            "application/json", {}, {{200, page_of(consent_schema)}}, {}}});

  api.add({"GET", "/api/v1/businesses/{b}/contacts/{id}/notes", Access::tenant, Permission::contacts_read, 0, false, false,
           [&contacts, note_json](Context& ctx) -> Result<http::Response> {
             auto notes = contacts.notes(ctx.scope(), ContactId(ctx.param("id")));
             if (!notes) return fail(notes.error());
             json items = json::array();
             for (const auto& n : *notes) items.push_back(note_json(n));
             return api::json_response(200, {{"items", items}, {"next_cursor", nullptr}});
           },
           {"Notes on the contact, oldest first", "contacts", nullptr, "application/json", {}, {{200, page_of(note_schema)}},
            {}}});

  // Agents write notes too: they are the ones talking to the customer.
  api.add({"POST", "/api/v1/businesses/{b}/contacts/{id}/notes", Access::tenant, Permission::conversations, 64 * 1024,
           false, false,
           [&contacts, note_json](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"text"}); !s) return fail(s.error());
             auto text = api::required_string(*body, "text");
             if (!text) return fail(text.error());
             auto n = contacts.add_note(ctx.scope(), ContactId(ctx.param("id")), *text);
             if (!n) return fail(n.error());
             return api::json_response(201, note_json(*n));
           },
           {"Add a note to the contact", "contacts", object({{"text", str()}}, {"text"}), "application/json", {},
            {{201, note_schema}}, {422}}});

  api.add({"GET", "/api/v1/businesses/{b}/contacts/{id}/export", Access::tenant, Permission::contacts_write, 0, false,
           false,
           [&contacts, consent_json, note_json, conversations_of](Context& ctx) -> Result<http::Response> {
             auto data = contacts.export_data(ctx.scope(), ContactId(ctx.param("id")), ctx.ip());
             if (!data) return fail(data.error());
             json consent = json::array(), notes = json::array(), audit = json::array();
             for (const auto& e : data->consent) consent.push_back(consent_json(e));
             for (const auto& n : data->notes) notes.push_back(note_json(n));
             for (const auto& a : data->audit)
               audit.push_back({{"action", a.action}, {"actor_user_id", a.actor_user_id ? json(*a.actor_user_id) : json()},
                                {"details", a.details}, {"created_at", to_rfc3339(a.created_at)}});
             return api::json_response(200, {{"contact", to_json(data->contact)},
                                             {"consent", consent},
                                             {"notes", notes},
                                             {"audit", audit},
                                             {"conversations", conversations_of ? conversations_of(ctx.scope(), data->contact.id)
                                                                                : json::array()},
                                             {"exported_at", to_rfc3339(std::time(nullptr) * 1000LL)}});
           },
           {"Everything the business holds on this contact (a data subject access request; audited; manager+)",
            "contacts", nullptr, "application/json", {},
            {{200, object({{"contact", ref("Contact")}, {"consent", array(consent_schema)}, {"notes", array(note_schema)},
                           {"audit", array(free_object())},
                           {"conversations", array(object({{"conversation", ref("Conversation")}, {"messages", array(ref("Message"))}}))},
                           {"exported_at", timestamp()}},
                          {"contact", "consent", "notes", "audit", "conversations"})}},
            {}}});

  api.add({"DELETE", "/api/v1/businesses/{b}/contacts/{id}", Access::tenant, Permission::contacts_write, 0, false, false,
           [&contacts](Context& ctx) -> Result<http::Response> {
             if (auto s = contacts.remove(ctx.scope(), ContactId(ctx.param("id")), ctx.ip()); !s) return fail(s.error());
             return http::Response::no_content();
           },
           {"Delete a contact with its tags, notes, consent log, conversations and messages (recorded in the audit log)",
            "contacts", nullptr, "application/json", {}, {{204, nullptr}}, {}}});
}

}  // namespace sb::contacts
