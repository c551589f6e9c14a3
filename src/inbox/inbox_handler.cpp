#include "inbox/inbox_handler.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "api/context.h"
#include "api/json_io.h"
#include "api/schema.h"
#include "core/json_writer.h"

namespace sb::inbox {

using api::Access;
using api::Context;
using nlohmann::json;
using tenancy::Permission;
using namespace api::schema;

namespace {

// The MIME type a stored media file is served with: Meta's (or the customer's) word for
// images, audio, video and documents; anything else (text/html, scripts) as plain bytes.
std::string safe_media_type(const std::string& declared) {
  static const char* kPrefixes[] = {"image/", "audio/", "video/"};
  static const char* kDocuments[] = {"application/pdf", "application/msword", "application/vnd.ms-excel",
                                     "application/vnd.ms-powerpoint", "text/plain", "text/csv"};
  std::string t = declared.substr(0, declared.find(';'));
  if (t == "image/svg+xml") return "application/octet-stream";  // SVG can carry script
  for (const char* p : kPrefixes)
    if (t.starts_with(p) && t.find_first_of(" \r\n\"") == std::string::npos) return t;
  for (const char* d : kDocuments)
    if (t == d) return t;
  if (t.starts_with("application/vnd.openxmlformats-officedocument.") && t.find_first_of(" \r\n\"") == std::string::npos) return t;
  return "application/octet-stream";
}

// Keyset cursors for (time, id) orders: "<ms>-<id>".
std::string time_cursor(TimeMs t, const std::string& id) { return api::encode_cursor(std::to_string(t) + "-" + id); }

Result<std::optional<std::pair<TimeMs, std::string>>> time_cursor_param(const http::Request& req) {
  auto raw = api::cursor_param(req);
  if (!raw) return fail(raw.error());
  if (!*raw) return std::optional<std::pair<TimeMs, std::string>>();
  const std::string& s = **raw;
  size_t dash = s.find('-');
  TimeMs t = 0;
  if (dash == std::string::npos || dash + 1 >= s.size() ||
      std::from_chars(s.data(), s.data() + dash, t).ptr != s.data() + dash)
    return fail(Error::bad_request("`cursor` is not one this server handed out.", "cursor"));
  return std::optional<std::pair<TimeMs, std::string>>(std::make_pair(t, s.substr(dash + 1)));
}

http::Response message_response(int status, const Message& m, const std::string& business) {
  return api::json_response(status, message_json(m, business));
}

// Streams a stored media file in 64 KiB pieces.
http::ChunkSource file_chunks(const std::string& path) {
  auto file = std::shared_ptr<FILE>(std::fopen(path.c_str(), "rb"), [](FILE* f) {
    if (f) std::fclose(f);
  });
  return [file]() -> std::optional<std::string> {
    if (!file) return std::nullopt;
    std::string buf(64 * 1024, '\0');
    size_t n = std::fread(buf.data(), 1, buf.size(), file.get());
    if (n == 0) return std::nullopt;
    buf.resize(n);
    return buf;
  };
}

}  // namespace

void register_inbox_routes(api::Api& api, InboxService& inbox, events::EventHub& hub,
                           std::function<std::string(const BusinessId&, const std::string&)> media_path) {
  api.add({"GET", "/api/v1/businesses/{b}/conversations", Access::tenant, Permission::conversations, 0, false, false,
           [&inbox](Context& ctx) -> Result<http::Response> {
             const auto& req = ctx.request();
             ConversationFilter f;
             auto limit = api::page_limit(req);
             if (!limit) return fail(limit.error());
             auto cursor = time_cursor_param(req);
             if (!cursor) return fail(cursor.error());
             f.before = *cursor;
             f.limit = *limit + 1;
             if (auto s = req.query_param("status"); s && !s->empty()) {
               if (*s != "open" && *s != "pending" && *s != "resolved")
                 return fail(Error::bad_request("`status` is open, pending or resolved.", "status"));
               f.status = *s;
             }
             if (auto a = req.query_param("assignee"); a && !a->empty()) {
               if (*a == "me") f.assignee = ctx.scope().user_id().str();
               else if (*a == "unassigned") f.assignee = std::string();
               else f.assignee = *a;
             }
             if (auto p = req.query_param("phone_number_id"); p && !p->empty()) f.phone_number_id = *p;
             auto list = inbox.list(ctx.scope(), f);
             size_t shown = std::min(list.size(), static_cast<size_t>(*limit));
             TimeMs now = SystemClock().now_ms();
             json items = json::array();
             for (size_t i = 0; i < shown; ++i) items.push_back(conversation_json(list[i], now));
             json next = list.size() > shown ? json(time_cursor(list[shown - 1].last_message_at, list[shown - 1].id))
                                             : json(nullptr);
             return api::json_response(200, {{"items", items}, {"next_cursor", next}});
           },
           {"The inbox: conversations, newest activity first", "conversations", nullptr, "application/json",
            {{"status", enumeration({"open", "pending", "resolved"}), ""},
             {"assignee", str(), "me, unassigned, or a member's id"},
             {"phone_number_id", str(), "Meta's id of one of the business's numbers"},
             {"limit", integer(), "default 50, max 200"},
             {"cursor", str(), ""}},
            {{200, page_of(ref("Conversation"))}}, {400},
            "Agents see unassigned conversations and their own only."}});

  api.add({"GET", "/api/v1/businesses/{b}/conversations/{id}", Access::tenant, Permission::conversations, 0, false,
           false,
           [&inbox](Context& ctx) -> Result<http::Response> {
             auto cv = inbox.get(ctx.scope(), ctx.param("id"));
             if (!cv) return fail(cv.error());
             return api::json_response(200, conversation_json(*cv, SystemClock().now_ms()));
           },
           {"One conversation", "conversations", nullptr, "application/json", {}, {{200, ref("Conversation")}}, {}}});

  api.add({"PATCH", "/api/v1/businesses/{b}/conversations/{id}", Access::tenant, Permission::conversations, 16 * 1024,
           false, false,
           [&inbox](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto cv = inbox.patch(ctx.scope(), ctx.param("id"), *body, ctx.ip());
             if (!cv) return fail(cv.error());
             return api::json_response(200, conversation_json(*cv, SystemClock().now_ms()));
           },
           {"Resolve, reopen, park as pending, assign or unassign", "conversations",
            object({{"status", enumeration({"open", "pending", "resolved"})}, {"assignee_user_id", nullable(str())}}),
            "application/json", {}, {{200, ref("Conversation")}}, {422},
            "Agents may take an unassigned conversation or give up their own, not assign others."}});

  api.add({"POST", "/api/v1/businesses/{b}/conversations/{id}/read", Access::tenant, Permission::conversations, 1024,
           false, false,
           [&inbox](Context& ctx) -> Result<http::Response> {
             auto cv = inbox.mark_read(ctx.scope(), ctx.param("id"));
             if (!cv) return fail(cv.error());
             return api::json_response(200, conversation_json(*cv, SystemClock().now_ms()));
           },
           {"Mark the conversation read (unread count back to 0)", "conversations", object({}), "application/json", {},
            {{200, ref("Conversation")}}, {}}});

  api.add({"GET", "/api/v1/businesses/{b}/conversations/{id}/messages", Access::tenant, Permission::conversations, 0,
           false, false,
           [&inbox](Context& ctx) -> Result<http::Response> {
             auto limit = api::page_limit(ctx.request());
             if (!limit) return fail(limit.error());
             auto cursor = time_cursor_param(ctx.request());
             if (!cursor) return fail(cursor.error());
             auto order = ctx.request().query_param("order").value_or("oldest");
             if (order != "oldest" && order != "newest")
               return fail(Error::bad_request("`order` is oldest or newest.", "order"));
             auto list = inbox.messages(ctx.scope(), ctx.param("id"), *cursor, *limit + 1, order == "newest");
             if (!list) return fail(list.error());
             size_t shown = std::min(list->size(), static_cast<size_t>(*limit));
             const std::string& b = ctx.scope().business_id().str();
             json items = json::array();
             for (size_t i = 0; i < shown; ++i) items.push_back(message_json((*list)[i], b));
             json next = list->size() > shown ? json(time_cursor((*list)[shown - 1].created_at, (*list)[shown - 1].id))
                                              : json(nullptr);
             return api::json_response(200, {{"items", items}, {"next_cursor", next}});
           },
           {"Messages of a conversation, oldest first (or newest first)", "conversations", nullptr, "application/json",
            {{"limit", integer(), "default 50, max 200"},
             {"cursor", str(), "from next_cursor"},
             {"order", str("oldest | newest"),
              "oldest (default): oldest first, next_cursor goes forward; newest: newest first, next_cursor goes back in "
              "time (a thread opens at its end)"}},
            {{200, page_of(ref("Message"))}},
            {400},
            "Reactions, edits and deletions show on the message they change (`reaction`, `edited`, `deleted`)."}});

  api.add({"POST", "/api/v1/businesses/{b}/conversations/{id}/messages", Access::tenant, Permission::conversations,
           64 * 1024, false, false,
           [&inbox](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto out = parse_outgoing(*body);
             if (!out) return fail(out.error());
             auto m = inbox.send(ctx.scope(), ctx.param("id"), *out);
             if (!m) return fail(m.error());
             return message_response(202, *m, ctx.scope().business_id().str());
           },
           {"Reply: free text (inside the 24 h window), a template, or media by link; queued and sent by a worker",
            "conversations", ref("OutgoingMessage"), "application/json", {}, {{202, ref("Message")}}, {422},
            "422 contact_opted_out is checked first, then window_closed for free text and media outside the window."}});

  api.add({"POST", "/api/v1/businesses/{b}/messages", Access::tenant, Permission::conversations, 64 * 1024, false, false,
           [&inbox](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto to = api::required_string(*body, "to_phone");
             if (!to) return fail(to.error());
             auto number = api::optional_string(*body, "phone_number_id");
             if (!number) return fail(number.error());
             json rest = *body;
             rest.erase("to_phone");
             rest.erase("phone_number_id");
             auto out = parse_outgoing(rest);
             if (!out) return fail(out.error());
             auto m = inbox.send_to_phone(ctx.scope(), *to, *number, *out);
             if (!m) return fail(m.error());
             return message_response(202, *m, ctx.scope().business_id().str());
           },
           {"Send to a phone number: starts or continues its conversation", "conversations",
            object({{"to_phone", str()},
                    {"phone_number_id", str("which business number (default: the first)")},
                    {"text", str()},
                    {"template", free_object()},
                    {"media", free_object()}},
                   {"to_phone"}),
            "application/json", {}, {{202, ref("Message")}}, {422}}});

  api.add({"GET", "/api/v1/businesses/{b}/messages/{id}/media", Access::tenant, Permission::conversations, 0, false,
           false,
           [&inbox, media_path](Context& ctx) -> Result<http::Response> {
             auto m = inbox.message(ctx.scope(), ctx.param("id"));
             if (!m) return fail(m.error());
             if (!m->media.is_object() || !m->media.value("stored", false))
               return fail(Error::not_found("This message's media is not stored (yet)."));
             std::string path = media_path(ctx.scope().business_id(), m->id);
             if (!std::filesystem::exists(path)) return fail(Error::not_found("The media file is missing."));
             http::Response r;
             r.content_type = safe_media_type(m->media.value("mime_type", std::string()));
             r.set_header("X-Content-Type-Options", "nosniff");
             // Whatever a customer sent is inert here: no scripts, no plugins, not a page.
             r.set_header("Content-Security-Policy", "sandbox; default-src 'none'");
             r.set_header("Content-Disposition", "attachment");
             r.set_header("Cache-Control", "private, max-age=86400");
             r.chunks = file_chunks(path);
             return r;
           },
           {"The downloaded media of a message", "conversations", nullptr, "application/json", {},
            {{200, str("the file, with its MIME type")}}, {}}});

  api.add({"GET", "/api/v1/businesses/{b}/events", Access::tenant, Permission::business_read, 0, false, false,
           [&hub](Context& ctx) -> Result<http::Response> {
             std::string last;
             if (auto h = ctx.request().header("last-event-id")) last = std::string(*h);
             else if (auto q = ctx.request().query_param("last_event_id")) last = *q;
             if (last.size() > 64 || last.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ") != std::string::npos)
               return fail(Error::bad_request("`Last-Event-ID` is not an event id of this stream.", "Last-Event-ID"));
             http::Response r;
             r.content_type = "text/event-stream";
             r.set_header("Cache-Control", "no-cache");
             r.set_header("X-Accel-Buffering", "no");  // proxies must not hold events back
             r.stream = hub.subscribe(ctx.scope(), last);
             return r;
           },
           {"Server-Sent Events of this business: message.created, message.updated, message.status, "
            "conversation.updated, job.progress, ...",
            "events", nullptr, "application/json",
            {{"last_event_id", str(), "resume after this id (or send the Last-Event-ID header)"}},
            {{200, str("text/event-stream: `id:`, `event:` and one-line JSON `data:` per event; a comment every 15 s")}},
            {400},
            "Agents receive events of unassigned conversations and their own; managers and above receive all."}});
}

}  // namespace sb::inbox
