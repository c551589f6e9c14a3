#include "whatsapp/webhook_parser.h"

#include <charconv>

#include "inbox/inbox.h"

namespace sb::whatsapp {

using nlohmann::json;

namespace {

std::string text_of(const json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

const json& member(const json& obj, const char* key) {
  static const json null_json;
  if (!obj.is_object()) return null_json;
  auto it = obj.find(key);
  return it == obj.end() ? null_json : *it;
}

std::optional<std::string> non_empty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

json media_of(const json& obj) {
  json m = json::object();
  for (const char* k : {"id", "mime_type", "sha256", "caption", "filename", "url"})
    if (auto v = text_of(obj, k); !v.empty()) m[k] = v;
  for (const char* k : {"voice", "animated"})
    if (auto& v = member(obj, k); v.is_boolean()) m[k] = v;
  return m;
}

// Fills type/text/media from a message object (also the inner message of an edit).
void read_content(const json& m, InboundMessage& out) {
  std::string type = text_of(m, "type");
  const json& body = member(m, type.c_str());
  if (type == "text") {
    out.type = "text";
    out.text = non_empty(text_of(body, "body"));
  } else if (inbox::is_media_type(type) && body.is_object()) {
    out.type = type;
    out.media = media_of(body);
    out.text = non_empty(text_of(body, "caption"));
  } else if (type == "location" && body.is_object()) {
    out.type = "location";
    std::string label = text_of(body, "name");
    std::string address = text_of(body, "address");
    if (!address.empty()) label = label.empty() ? address : label + ", " + address;
    if (label.empty() && member(body, "latitude").is_number() && member(body, "longitude").is_number())
      label = member(body, "latitude").dump() + ", " + member(body, "longitude").dump();
    out.text = non_empty(label);
  } else if (type == "contacts" && body.is_array()) {
    out.type = "contacts";
    std::string names;
    for (const auto& c : body) {
      std::string n = text_of(member(c, "name"), "formatted_name");
      if (n.empty()) continue;
      names += names.empty() ? n : ", " + n;
    }
    out.text = non_empty(names);
  } else if (type == "interactive" && body.is_object()) {
    out.type = "interactive";
    std::string kind = text_of(body, "type");
    const json& reply = member(body, kind.c_str());
    std::string title = text_of(reply, "title");
    if (title.empty()) title = text_of(reply, "body");  // nfm_reply (a Flow's answer)
    out.text = non_empty(title);
  } else if (type == "button" && body.is_object()) {
    out.type = "button";
    out.text = non_empty(text_of(body, "text"));
  } else if (type == "order" && body.is_object()) {
    out.type = "order";
    std::string t = text_of(body, "text");
    if (t.empty() && member(body, "product_items").is_array())
      t = "Order: " + std::to_string(member(body, "product_items").size()) + " item(s)";
    out.text = non_empty(t);
  } else if (type == "system" && body.is_object()) {
    out.type = "system";
    out.text = non_empty(text_of(body, "body"));
  } else if (type == "reaction" && body.is_object()) {
    out.type = "reaction";
    out.target_wamid = non_empty(text_of(body, "message_id"));
    out.reaction_emoji = text_of(body, "emoji");
  } else if (type == "edit" && body.is_object()) {
    out.type = "edit";
    out.target_wamid = non_empty(text_of(body, "original_message_id"));
    InboundMessage inner;
    read_content(member(body, "message"), inner);
    out.text = inner.text;
    out.media = inner.media;
  } else if (type == "revoke" && body.is_object()) {
    out.type = "revoke";
    out.target_wamid = non_empty(text_of(body, "original_message_id"));
  } else {
    // "unsupported", "unknown", a type newer than this code, or a known type with its
    // object missing: kept whole in `raw`, shown as unsupported.
    out.type = "unsupported";
  }
}

// The first of Meta's errors[] as {code, title, details}, null when there is none.
json first_error(const json& errs) {
  if (!errs.is_array() || errs.empty() || !errs[0].is_object()) return nullptr;
  const json& e = errs[0];
  std::string details = text_of(member(e, "error_data"), "details");
  if (details.empty()) details = text_of(e, "details");
  if (details.empty()) details = text_of(e, "message");
  const json& code = member(e, "code");
  return {{"code", code.is_number_integer() ? code : json(nullptr)}, {"title", text_of(e, "title")}, {"details", details}};
}

}  // namespace

TimeMs parse_meta_timestamp(const json& v) {
  std::int64_t seconds = 0;
  if (v.is_number_integer()) {
    seconds = v.get<std::int64_t>();
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
    if (ec != std::errc() || p != s.data() + s.size()) return 0;
  }
  if (seconds <= 0 || seconds > 32503680000) return 0;  // not a plausible unix time
  return seconds * 1000;
}

bool is_visible_type(const std::string& type) { return type != "reaction" && type != "edit" && type != "revoke"; }

std::optional<std::vector<Change>> parse_webhook(const json& body) {
  if (!body.is_object() || !member(body, "entry").is_array()) return std::nullopt;
  std::vector<Change> out;
  for (const auto& entry : body["entry"]) {
    const json& changes = member(entry, "changes");
    if (!changes.is_array()) continue;
    for (const auto& ch : changes) {
      Change change;
      change.waba_id = text_of(entry, "id");
      change.field = text_of(ch, "field");
      const json& value = member(ch, "value");
      change.phone_number_id = text_of(member(value, "metadata"), "phone_number_id");
      change.display_phone_number = text_of(member(value, "metadata"), "display_phone_number");
      // The whole value is kept for the fields applied elsewhere; a messages change is read below.
      if (change.field != "messages") change.value = value;
      else if (value.contains("errors")) change.value = json{{"errors", value["errors"]}};
      // Profile names by wa_id (and by user id for payloads without wa_id).
      std::string first_wa_id, first_user_id, first_name;
      std::vector<std::pair<std::string, std::string>> names;
      if (const json& contacts = member(value, "contacts"); contacts.is_array()) {
        for (const auto& c : contacts) {
          std::string name = text_of(member(c, "profile"), "name");
          std::string wa = text_of(c, "wa_id");
          std::string uid = text_of(c, "user_id");
          if (first_name.empty()) first_wa_id = wa, first_user_id = uid, first_name = name;
          if (!wa.empty()) names.emplace_back(wa, name);
        }
      }
      if (const json& messages = member(value, "messages"); messages.is_array()) {
        for (const auto& m : messages) {
          if (!m.is_object()) continue;
          InboundMessage msg;
          msg.wamid = text_of(m, "id");
          msg.from = text_of(m, "from");
          msg.timestamp = parse_meta_timestamp(member(m, "timestamp"));
          msg.raw = m;
          if (msg.from.empty()) msg.from = first_wa_id;
          msg.user_id = first_user_id;
          msg.profile_name = first_name;
          for (auto& [wa, name] : names)
            if (wa == msg.from) msg.profile_name = name;
          read_content(m, msg);
          if (const json& ctx = member(m, "context"); ctx.is_object()) msg.context_wamid = non_empty(text_of(ctx, "id"));
          msg.error = first_error(member(m, "errors"));
          change.messages.push_back(std::move(msg));
        }
      }
      if (const json& statuses = member(value, "statuses"); statuses.is_array()) {
        for (const auto& s : statuses) {
          if (!s.is_object()) continue;
          StatusUpdate st;
          st.wamid = text_of(s, "id");
          st.status = text_of(s, "status");
          st.timestamp = parse_meta_timestamp(member(s, "timestamp"));
          st.recipient_id = text_of(s, "recipient_id");
          st.tracker = text_of(s, "biz_opaque_callback_data");
          st.error = first_error(member(s, "errors"));
          change.statuses.push_back(std::move(st));
        }
      }
      out.push_back(std::move(change));
    }
  }
  return out;
}

}  // namespace sb::whatsapp
