#include <algorithm>

#include "api/schema.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "inbox/inbox_service.h"

namespace sb::inbox {

using nlohmann::json;

namespace {

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json opt_time(const std::optional<TimeMs>& t) { return t ? json(to_rfc3339(*t)) : json(nullptr); }

bool valid_template_name(const std::string& s) {
  if (s.empty() || s.size() > 512) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool valid_language(const std::string& s) {
  if (s.size() < 2 || s.size() > 15) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalpha(c) || c == '_' || c == '-'; });
}

Result<std::string> bounded_text(const json& v, const char* field, size_t max_chars) {
  if (!v.is_string()) return fail(Error::bad_request(std::string("`") + field + "` must be a string.", field));
  const auto& s = v.get_ref<const std::string&>();
  if (!is_clean_utf8(s)) return fail(Error::bad_request(std::string("`") + field + "` is not clean UTF-8.", field));
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  if (chars > max_chars)
    return fail(Error::validation("text_too_long", std::string("`") + field + "` is longer than " +
                                                       std::to_string(max_chars) + " characters.", field));
  return s;
}

}  // namespace

Result<Outgoing> parse_outgoing(const json& body) {
  Outgoing out;
  int kinds = 0;
  if (auto it = body.find("text"); it != body.end()) {
    auto t = bounded_text(*it, "text", 4096);
    if (!t) return fail(t.error());
    if (t->find_first_not_of(" \t\r\n") == std::string::npos)
      return fail(Error::validation("empty_text", "`text` is empty.", "text"));
    out.text = *t;
    ++kinds;
  }
  if (auto it = body.find("template"); it != body.end()) {
    if (!it->is_object()) return fail(Error::bad_request("`template` must be an object {name, language, variables}.", "template"));
    auto name = it->find("name");
    auto lang = it->find("language");
    if (name == it->end() || !name->is_string() || lang == it->end() || !lang->is_string())
      return fail(Error::bad_request("`template.name` and `template.language` are required strings.", "template"));
    if (!valid_template_name(name->get<std::string>()))
      return fail(Error::validation("invalid_template", "`template.name` is lower-case letters, digits and _.", "template.name"));
    if (!valid_language(lang->get<std::string>()))
      return fail(Error::validation("invalid_template", "`template.language` is a code such as en_US.", "template.language"));
    json vars = json::array();
    if (auto v = it->find("variables"); v != it->end() && !v->is_null()) {
      if (!v->is_array() || v->size() > 100)
        return fail(Error::bad_request("`template.variables` must be a list of up to 100 strings.", "template.variables"));
      for (const auto& x : *v) {
        auto t = bounded_text(x, "template.variables", 1024);
        if (!t) return fail(t.error());
        vars.push_back(*t);
      }
    }
    out.template_ = {{"name", *name}, {"language", *lang}, {"variables", vars}};
    ++kinds;
  }
  if (auto it = body.find("media"); it != body.end()) {
    if (!it->is_object()) return fail(Error::bad_request("`media` must be an object {type, link, caption?, filename?}.", "media"));
    auto type = it->find("type");
    auto link = it->find("link");
    if (type == it->end() || !type->is_string() || !is_media_type(type->get<std::string>()))
      return fail(Error::validation("invalid_media", "`media.type` is image, video, document, audio or sticker.", "media.type"));
    if (link == it->end() || !link->is_string())
      return fail(Error::bad_request("`media.link` is required (an https URL).", "media.link"));
    const auto& l = link->get_ref<const std::string&>();
    if (!(l.starts_with("https://") || l.starts_with("http://")) || l.size() > 2048 || !is_clean_utf8(l) ||
        l.find_first_of(" \r\n\t") != std::string::npos)
      return fail(Error::validation("invalid_media", "`media.link` must be an http(s) URL.", "media.link"));
    out.media = {{"type", *type}, {"link", l}};
    if (auto cap = it->find("caption"); cap != it->end() && !cap->is_null()) {
      auto t = bounded_text(*cap, "media.caption", 1024);
      if (!t) return fail(t.error());
      out.media["caption"] = *t;
    }
    if (auto fn = it->find("filename"); fn != it->end() && !fn->is_null()) {
      auto t = bounded_text(*fn, "media.filename", 240);
      if (!t) return fail(t.error());
      out.media["filename"] = *t;
    }
    ++kinds;
  }
  if (kinds != 1)
    return fail(Error::validation("invalid_message", "Send exactly one of `text`, `template` or `media`."));
  if (auto it = body.find("reply_to"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return fail(Error::bad_request("`reply_to` must be a message id.", "reply_to"));
    out.reply_to = it->get<std::string>();
  }
  return out;
}

json conversation_json(const Conversation& cv, TimeMs now) {
  return {{"id", cv.id},
          {"contact", {{"id", cv.contact_id}, {"name", cv.contact_name}, {"phone", cv.contact_phone}}},
          {"phone_number_id", cv.phone_number_id},
          {"status", cv.status},
          {"assignee_user_id", opt(cv.assignee_user_id)},
          {"last_message", cv.last_message_preview},
          {"last_message_direction", opt(cv.last_message_direction)},
          {"last_message_at", cv.last_message_at > 0 ? json(to_rfc3339(cv.last_message_at)) : json(nullptr)},
          {"last_inbound_at", opt_time(cv.last_inbound_at)},
          {"unread_count", cv.unread_count},
          {"window_open", cv.window_open(now)},
          {"window_expires_at", cv.last_inbound_at ? json(to_rfc3339(*cv.last_inbound_at + kServiceWindow)) : json(nullptr)},
          {"created_at", to_rfc3339(cv.created_at)}};
}

namespace {

void opt_string(JsonWriter& w, const std::optional<std::string>& s) {
  if (s) w.string(*s);
  else w.null();
}

void opt_time(JsonWriter& w, const std::optional<TimeMs>& t) {
  if (t) w.time(*t);
  else w.null();
}

// What a message shows of its file (null without one): the fields clients use, and where
// to download it once stored.
json media_json(const Message& m, const std::string& business_id) {
  if (!m.media.is_object()) return nullptr;
  json media = json::object();
  for (const char* k : {"type", "id", "mime_type", "sha256", "caption", "filename", "voice", "animated", "link"})
    if (auto it = m.media.find(k); it != m.media.end()) media[k] = *it;
  bool stored = m.media.value("stored", false);
  media["stored"] = stored;
  media["download_url"] = stored ? json("/api/v1/businesses/" + business_id + "/messages/" + m.id + "/media") : json(nullptr);
  if (auto it = m.media.find("download_error"); it != m.media.end()) media["download_error"] = *it;
  return media;
}

void document(JsonWriter& w, const json& j) {
  if (j.is_null()) w.null();
  else w.raw(j.dump());
}

}  // namespace

void write_json(JsonWriter& w, const Conversation& cv, TimeMs now) {
  w.begin_object().key("id").string(cv.id);
  w.key("contact").begin_object().key("id").string(cv.contact_id).key("name").string(cv.contact_name);
  w.key("phone").string(cv.contact_phone).end_object();
  w.key("phone_number_id").string(cv.phone_number_id).key("status").string(cv.status);
  w.key("assignee_user_id");
  opt_string(w, cv.assignee_user_id);
  w.key("last_message").string(cv.last_message_preview).key("last_message_direction");
  opt_string(w, cv.last_message_direction);
  w.key("last_message_at");
  opt_time(w, cv.last_message_at > 0 ? std::optional<TimeMs>(cv.last_message_at) : std::nullopt);
  w.key("last_inbound_at");
  opt_time(w, cv.last_inbound_at);
  w.key("unread_count").integer(cv.unread_count).key("window_open").boolean(cv.window_open(now));
  w.key("window_expires_at");
  opt_time(w, cv.last_inbound_at ? std::optional<TimeMs>(*cv.last_inbound_at + kServiceWindow) : std::nullopt);
  w.key("created_at").time(cv.created_at).end_object();
}

void write_json(JsonWriter& w, const Message& m, const std::string& business_id) {
  w.begin_object().key("id").string(m.id).key("conversation_id").string(m.conversation_id);
  w.key("direction").string(m.direction).key("type").string(m.type).key("text");
  opt_string(w, m.text);
  w.key("media");
  document(w, media_json(m, business_id));
  w.key("payload");
  document(w, m.payload);
  w.key("status").string(m.status).key("status_at");
  opt_time(w, m.status_at);
  w.key("error");
  document(w, m.error);
  w.key("wamid");
  opt_string(w, m.wamid);
  w.key("reply_to_wamid");
  opt_string(w, m.context_wamid);
  w.key("reaction");
  opt_string(w, m.reaction);
  w.key("edited").boolean(m.edited).key("deleted").boolean(m.deleted).key("template");
  document(w, m.template_);
  w.key("sent_by_user_id");
  opt_string(w, m.sent_by_user_id);
  w.key("created_at").time(m.created_at).end_object();
}

json message_json(const Message& m, const std::string& business_id) {
  return {{"id", m.id},
          {"conversation_id", m.conversation_id},
          {"direction", m.direction},
          {"type", m.type},
          {"text", opt(m.text)},
          {"media", media_json(m, business_id)},
          {"payload", m.payload},
          {"status", m.status},
          {"status_at", opt_time(m.status_at)},
          {"error", m.error},
          {"wamid", opt(m.wamid)},
          {"reply_to_wamid", opt(m.context_wamid)},
          {"reaction", opt(m.reaction)},
          {"edited", m.edited},
          {"deleted", m.deleted},
          {"template", m.template_},
          {"sent_by_user_id", opt(m.sent_by_user_id)},
          {"created_at", to_rfc3339(m.created_at)}};
}

json inbox_schemas() {
  using namespace api::schema;
  json s = json::object();
  s["Conversation"] = object(
      {{"id", str()},
       {"contact", object({{"id", str()}, {"name", str()}, {"phone", str()}}, {"id", "name", "phone"})},
       {"phone_number_id", str("Meta's phone number id (sandbox-... for the sandbox number)")},
       {"status", enumeration({"open", "pending", "resolved"})},
       {"assignee_user_id", nullable(str())},
       {"last_message", str("preview of the newest message")},
       {"last_message_direction", nullable(enumeration({"inbound", "outbound"}))},
       {"last_message_at", nullable(timestamp())},
       {"last_inbound_at", nullable(timestamp())},
       {"unread_count", integer()},
       {"window_open", boolean()},
       {"window_expires_at", nullable(timestamp())},
       {"created_at", timestamp()}},
      {"id", "contact", "phone_number_id", "status", "assignee_user_id", "last_message", "last_message_at",
       "unread_count", "window_open"});
  s["Message"] = object(
      {{"id", str()},
       {"conversation_id", str()},
       {"direction", enumeration({"inbound", "outbound"})},
       {"type", str("text, image, video, document, audio, sticker, location, contacts, interactive, button, order, "
                    "system, template, unsupported")},
       {"text", nullable(str())},
       {"media", nullable(free_object())},
       {"payload", nullable(free_object())},
       {"status", enumeration({"received", "queued", "sent", "delivered", "read", "failed"})},
       {"status_at", nullable(timestamp())},
       {"error", nullable(object({{"code", integer()}, {"title", str()}, {"details", str()}}))},
       {"wamid", nullable(str())},
       {"reply_to_wamid", nullable(str())},
       {"reaction", nullable(str())},
       {"edited", boolean()},
       {"deleted", boolean()},
       {"template", nullable(free_object())},
       {"sent_by_user_id", nullable(str())},
       {"created_at", timestamp()}},
      {"id", "conversation_id", "direction", "type", "text", "media", "status", "error", "wamid", "created_at",
       "sent_by_user_id"});
  s["OutgoingMessage"] = object(
      {{"text", str("free text (inside the 24 h window), up to 4096 characters")},
       {"template", object({{"name", str()}, {"language", str("exact code, e.g. en_US")}, {"variables", array(str())}},
                           {"name", "language"})},
       {"media", object({{"type", enumeration({"image", "video", "document", "audio", "sticker"})},
                         {"link", str("http(s) URL")},
                         {"caption", str()},
                         {"filename", str()}},
                        {"type", "link"})},
       {"reply_to", str("id of a message in this conversation to quote")}});
  return s;
}

}  // namespace sb::inbox
