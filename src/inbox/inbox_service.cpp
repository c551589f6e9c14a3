#include "inbox/inbox_service.h"

#include <algorithm>

#include "contacts/attributes.h"
#include "contacts/phone.h"
#include "core/ids.h"
#include "core/text.h"

namespace sb::inbox {

using nlohmann::json;
using storage::Conn;
using tenancy::Role;
using tenancy::TenantScope;

namespace {

std::string upper_trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n.!");
  std::string out = s.substr(b, e == std::string::npos || e < b ? 0 : e - b + 1);
  for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

bool keyword_in(const json& settings, const char* key, std::vector<std::string> defaults, const std::string& word) {
  std::vector<std::string> words = std::move(defaults);
  if (auto it = settings.find(key); it != settings.end() && it->is_array()) {
    words.clear();
    for (const auto& w : *it)
      if (w.is_string()) words.push_back(upper_trimmed(w.get<std::string>()));
  }
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::optional<std::string> event_audience(const Conversation& cv) { return cv.assignee_user_id; }

}  // namespace

std::string preview_of(const Message& m) {
  if (m.text && !m.text->empty()) return truncate_utf8(*m.text, 160);
  if (!m.template_.is_null()) return "[template " + m.template_.value("name", std::string()) + "]";
  return "[" + m.type + "]";
}

events::NewEvent conversation_updated(const Conversation& cv, TimeMs now) {
  JsonWriter w(512);
  w.begin_object().key("conversation");
  write_json(w, cv, now);
  w.end_object();
  return events::NewEvent{new_id(), "conversation.updated", w.take(), event_audience(cv)};
}

InboxService::InboxService(storage::Database& db, events::EventLog& log, events::EventSink& sink, jobs::JobQueue& jobs,
                           tenancy::BusinessService& businesses, tenancy::TeamService& team, audit::AuditLog& audit,
                           const Clock& clock)
    : db_(db), log_(log), sink_(sink), jobs_(jobs), businesses_(businesses), team_(team), audit_(audit), clock_(clock) {}

void InboxService::emit_conversation(const TenantScope& scope, Conn& c, const Conversation& cv) {
  log_.append(scope, c, "conversation.updated", {{"conversation", conversation_json(cv, clock_.now_ms())}},
              event_audience(cv));
}

void InboxService::emit_message(const TenantScope& scope, Conn& c, const Conversation& cv, const Message& m) {
  log_.append(scope, c, "message.created",
              {{"conversation_id", cv.id}, {"message", message_json(m, scope.business_id().str())}}, event_audience(cv));
}

void InboxService::message_changed(const TenantScope& scope, Conn& c, const Message& m) {
  auto cv = store_.conversation(scope, c, m.conversation_id);
  log_.append(scope, c, "message.updated",
              {{"conversation_id", m.conversation_id}, {"message", message_json(m, scope.business_id().str())}},
              cv ? event_audience(*cv) : std::nullopt);
}

contacts::Contact InboxService::find_or_create_contact(const TenantScope& scope, Conn& c, const std::string& digits,
                                                       const std::string& name, const json& settings, TimeMs now,
                                                       bool& ok) {
  ok = true;
  if (auto found = contacts_.by_whatsapp(scope, c, contacts::whatsapp_variants(digits))) {
    if (found->wa_id != digits) {  // WhatsApp's own id is canonical from now on
      found->wa_id = digits;
      contacts_.set_wa_id(scope, c, found->id, digits, now);
    }
    if (found->name.empty() && !name.empty() && is_clean_utf8(name)) {
      // The name feeds search terms, so this one goes through the full update.
      if (auto fresh = contacts_.get(scope, c, found->id)) {
        fresh->name = truncate_utf8(name, 200);
        fresh->updated_at = now;
        contacts_.update(scope, c, *fresh);
        return *fresh;
      }
    }
    return *found;
  }
  contacts::Contact k;
  // WhatsApp's id is the customer's phone in digits. libphonenumber's metadata can lag new
  // number ranges, so a well-formed id it does not know is taken as it is, never dropped.
  auto phone = contacts::normalize_phone("+" + digits, "US");
  bool plausible = digits.size() >= 7 && digits.size() <= 15 && digits[0] != '0' && is_digits(digits);
  if (!phone && !plausible) {
    ok = false;
    return k;
  }
  k.id = ContactId(new_id());
  k.phone = phone ? phone->str() : "+" + digits;
  k.wa_id = digits;
  k.name = is_clean_utf8(name) ? truncate_utf8(name, 200) : std::string();
  k.lead_status = contacts::lead_statuses(settings).front();
  k.created_at = now;
  k.updated_at = now;
  contacts_.insert(scope, c, k);
  return k;
}

void InboxService::opt_keywords(const TenantScope& scope, Conn& c, contacts::Contact& contact, const std::string& text,
                                const json& settings, TimeMs now) {
  std::string word = upper_trimmed(text);
  if (word.empty() || word.size() > 32) return;
  bool out = keyword_in(settings, "opt_out_keywords", {"STOP", "UNSUBSCRIBE"}, word);
  bool in = !out && keyword_in(settings, "opt_in_keywords", {"START"}, word);
  if ((out && contact.opted_out) || (in && !contact.opted_out) || (!out && !in)) return;
  contact.opted_out = out;
  contacts_.set_opted_out(scope, c, contact.id, out, std::string("keyword"), now);
  contacts_.add_consent(scope, c, contact.id,
                        contacts::ConsentEvent{new_id(), out ? "opted_out" : "opted_in", "keyword", std::nullopt, word, now});
}

void InboxService::emit_conversations(const TenantScope& scope, Conn& c, const std::map<std::string, Conversation>& latest) {
  std::vector<events::NewEvent> out;
  out.reserve(latest.size());
  TimeMs now = clock_.now_ms();
  for (const auto& [id, cv] : latest) out.push_back(conversation_updated(cv, now));
  log_.append_all(scope, c, out);
}

bool InboxService::record_status(const TenantScope& scope, Conn& c, const std::string& wamid, const std::string& status,
                                 TimeMs at, const json& error) {
  auto m = store_.message_by_wamid(scope, c, wamid);
  if (!m) {
    store_.park(scope, c, ParkedStatus{wamid, status, at, error}, clock_.now_ms());
    return false;
  }
  if (m->direction != "outbound") return true;
  std::string to = status == "played" ? "read" : status;
  for (int attempt = 0; attempt < 3 && m; ++attempt) {
    if (!status_moves_forward(m->status, m->status_at, to, at)) return true;  // old news: never backwards
    json err = to == "failed" ? error : json(nullptr);
    if (store_.set_status(scope, c, m->id, m->status, to, at, err)) {
      auto cv = store_.conversation(scope, c, m->conversation_id);
      log_.append(scope, c, "message.status",
                  {{"message_id", m->id}, {"conversation_id", m->conversation_id}, {"status", to}, {"error", err},
                   {"wamid", wamid}},
                  cv ? event_audience(*cv) : std::nullopt);
      return true;
    }
    m = store_.message(scope, c, m->id);  // changed under us: decide again on the fresh state
  }
  return true;
}

void InboxService::record_sent(const TenantScope& scope, Conn& c, const Message& m, const std::string& wamid, TimeMs at) {
  store_.set_wamid(scope, c, m.id, wamid);
  record_status(scope, c, wamid, "sent", at, nullptr);
  for (auto& p : store_.take_parked(scope, c, wamid)) record_status(scope, c, wamid, p.status, p.status_at, p.error);
}

void InboxService::record_failed(const TenantScope& scope, Conn& c, const Message& m, const json& error, TimeMs at) {
  auto fresh = store_.message(scope, c, m.id);
  if (!fresh || fresh->status == "failed") return;
  if (store_.set_status(scope, c, m.id, fresh->status, "failed", at, error)) {
    auto cv = store_.conversation(scope, c, m.conversation_id);
    log_.append(scope, c, "message.status",
                {{"message_id", m.id}, {"conversation_id", m.conversation_id}, {"status", "failed"}, {"error", error},
                 {"wamid", fresh->wamid ? json(*fresh->wamid) : json(nullptr)}},
                cv ? event_audience(*cv) : std::nullopt);
  }
}

Result<Conversation> InboxService::visible(const TenantScope& scope, Conn& c, const std::string& id, bool lock) {
  if (lock) store_.lock_conversation(scope, c, id);
  auto cv = store_.conversation(scope, c, id);
  if (!cv) return fail(Error::not_found("No such conversation."));
  if (scope.role() == Role::agent && cv->assignee_user_id && *cv->assignee_user_id != scope.user_id().str())
    return fail(Error::forbidden("conversation_not_yours", "This conversation is assigned to another member."));
  return *cv;
}

std::vector<Conversation> InboxService::list(const TenantScope& scope, ConversationFilter f) {
  if (scope.role() == Role::agent) f.visible_to_agent = scope.user_id().str();
  return db_.read([&](Conn& c) { return store_.conversations(scope, c, f); });
}

Result<Conversation> InboxService::get(const TenantScope& scope, const std::string& id) {
  return db_.read([&](Conn& c) { return visible(scope, c, id); });
}

Result<Conversation> InboxService::patch(const TenantScope& scope, const std::string& id, const json& body,
                                         const std::string& ip) {
  std::optional<std::string> status;
  if (auto it = body.find("status"); it != body.end()) {
    if (!it->is_string()) return fail(Error::bad_request("`status` must be a string.", "status"));
    status = it->get<std::string>();
    if (*status != "open" && *status != "pending" && *status != "resolved")
      return fail(Error::validation("invalid_status", "`status` is open, pending or resolved.", "status"));
  }
  std::optional<std::optional<std::string>> assignee;
  if (auto it = body.find("assignee_user_id"); it != body.end()) {
    if (it->is_null()) assignee = std::optional<std::string>();
    else if (it->is_string()) assignee = it->get<std::string>();
    else return fail(Error::bad_request("`assignee_user_id` must be a member's id or null.", "assignee_user_id"));
    if (*assignee && !team_.is_member(scope, UserId(**assignee)))
      return fail(Error::validation("not_a_member", "`assignee_user_id` is not a member of this business.", "assignee_user_id"));
    if (scope.role() == Role::agent && *assignee && **assignee != scope.user_id().str())
      return fail(Error::forbidden("forbidden", "Agents can take a conversation themselves, not give it to others."));
  }
  Result<Conversation> out = fail(Error::not_found());
  db_.write([&](Conn& c) {
    out = visible(scope, c, id, true);
    if (!out) return;
    if (status) out->status = *status;
    if (assignee) out->assignee_user_id = *assignee;
    out->updated_at = clock_.now_ms();
    store_.save_conversation(scope, c, *out);
    emit_conversation(scope, c, *out);
  });
  if (out) committed(scope);
  return out;
}

Result<Conversation> InboxService::mark_read(const TenantScope& scope, const std::string& id) {
  Result<Conversation> out = fail(Error::not_found());
  db_.write([&](Conn& c) {
    out = visible(scope, c, id, true);
    if (!out || out->unread_count == 0) return;
    out->unread_count = 0;
    store_.save_conversation(scope, c, *out);
    emit_conversation(scope, c, *out);
  });
  if (out) committed(scope);
  return out;
}

Result<std::vector<Message>> InboxService::messages(const TenantScope& scope, const std::string& conversation_id,
                                                    const std::optional<std::pair<TimeMs, std::string>>& after,
                                                    int limit, bool newest_first) {
  return db_.read([&](Conn& c) -> Result<std::vector<Message>> {
    auto cv = visible(scope, c, conversation_id);
    if (!cv) return fail(cv.error());
    return store_.messages(scope, c, conversation_id, after, limit, newest_first);
  });
}

Result<Message> InboxService::message(const TenantScope& scope, const std::string& id) {
  return db_.read([&](Conn& c) -> Result<Message> {
    auto m = store_.message(scope, c, id);
    if (!m) return fail(Error::not_found("No such message."));
    auto cv = visible(scope, c, m->conversation_id);
    if (!cv) return fail(cv.error());
    return *m;
  });
}

json InboxService::export_contact(const TenantScope& scope, const std::string& contact_id) {
  return db_.read([&](Conn& c) {
    json out = json::array();
    TimeMs now = clock_.now_ms();
    for (auto& cv : store_.conversations_of_contact(scope, c, contact_id)) {
      json messages = json::array();
      std::optional<std::pair<TimeMs, std::string>> after;
      for (;;) {
        auto page = store_.messages(scope, c, cv.id, after, 1000);
        for (auto& m : page) messages.push_back(message_json(m, scope.business_id().str()));
        if (page.size() < 1000) break;
        after = std::make_pair(page.back().created_at, page.back().id);
      }
      out.push_back({{"conversation", conversation_json(cv, now)}, {"messages", messages}});
    }
    return out;
  });
}

Result<Message> InboxService::queue(const TenantScope& scope, Conn& c, Conversation& cv, const contacts::Contact& contact,
                                    const Outgoing& out, bool sandbox) {
  TimeMs now = clock_.now_ms();
  if (contact.opted_out)
    return fail(Error::validation("contact_opted_out", "This contact opted out of messages; nothing was sent."));
  bool free_form = out.template_.is_null();
  if (free_form && !cv.window_open(now))
    return fail(Error::validation("window_closed",
                                  "More than 24 hours since the customer last wrote: only an approved template can be "
                                  "sent until they write again."));
  Message m;
  m.id = new_id();
  m.conversation_id = cv.id;
  m.direction = "outbound";
  m.status = "queued";
  m.created_at = now;
  m.route = sandbox ? "sandbox" : "cloud";
  if (scope.user_id().str() != "system") m.sent_by_user_id = scope.user_id().str();
  if (out.text) {
    m.type = "text";
    m.text = out.text;
  } else if (!out.template_.is_null()) {
    m.type = "template";
    m.template_ = out.template_;
  } else {
    m.type = out.media["type"].get<std::string>();
    m.media = out.media;
    if (auto cap = out.media.find("caption"); cap != out.media.end()) m.text = cap->get<std::string>();
  }
  if (out.reply_to) {
    auto target = store_.message(scope, c, *out.reply_to);
    if (!target || target->conversation_id != cv.id || !target->wamid)
      return fail(Error::validation("invalid_reply_to", "`reply_to` must be a delivered message of this conversation.",
                                    "reply_to"));
    m.context_wamid = target->wamid;
  }
  store_.insert_message(scope, c, m);
  jobs_.enqueue(scope, c, kSendJob, {{"message_id", m.id}}, jobs::EnqueueOptions{std::nullopt, 8});
  cv.last_message_at = std::max(cv.last_message_at, now);
  cv.last_message_preview = preview_of(m);
  cv.last_message_direction = "outbound";
  cv.updated_at = now;
  store_.save_conversation(scope, c, cv);
  emit_message(scope, c, cv, m);
  emit_conversation(scope, c, cv);
  return m;
}

Result<Message> InboxService::send(const TenantScope& scope, const std::string& conversation_id, const Outgoing& out) {
  Result<Message> result = fail(Error::not_found());
  try {
    db_.write([&](Conn& c) {
      auto cv = visible(scope, c, conversation_id, true);
      if (!cv) {
        result = fail(cv.error());
        return;
      }
      auto contact = contacts_.get(scope, c, ContactId(cv->contact_id));
      if (!contact) return;
      result = queue(scope, c, *cv, *contact, out, cv->phone_number_id.starts_with("sandbox-"));
      if (!result) throw result.error();  // nothing of a refused send is kept
    });
  } catch (const Error&) {
    return result;
  }
  if (result) committed(scope);
  return result;
}

Result<Message> InboxService::send_to_phone(const TenantScope& scope, const std::string& phone,
                                            const std::optional<std::string>& phone_number_id, const Outgoing& out) {
  auto business = businesses_.get(scope);
  if (!business) return fail(business.error());
  auto e164 = contacts::normalize_phone(phone, business->settings.value("default_region", std::string("US")));
  if (!e164) return fail(e164.error());
  Result<Message> result = fail(Error::not_found());
  try {
    db_.write([&](Conn& c) {
      auto number = store_.number_for_sending(scope, c, phone_number_id);
      if (!number) {
        result = fail(phone_number_id ? Error::validation("unknown_phone_number", "No such number in this business.",
                                                          "phone_number_id")
                                      : Error::validation("whatsapp_not_connected",
                                                          "Connect WhatsApp (or the sandbox) and add a number first."));
        throw result.error();
      }
      TimeMs now = clock_.now_ms();
      bool ok = false;
      auto contact = find_or_create_contact(scope, c, e164->digits(), "", business->settings, now, ok);
      auto cv = store_.conversation_of(scope, c, contact.id.str(), number->first);
      if (!cv) {
        Conversation fresh;
        fresh.id = new_id();
        fresh.contact_id = contact.id.str();
        fresh.contact_name = contact.name;
        fresh.contact_phone = contact.phone;
        fresh.phone_number_id = number->first;
        fresh.last_message_at = now;
        fresh.created_at = now;
        fresh.updated_at = now;
        store_.insert_conversation(scope, c, fresh);
        cv = fresh;
      } else {
        auto held = visible(scope, c, cv->id, true);  // an agent may not write into another's conversation
        if (!held) {
          result = fail(held.error());
          throw result.error();
        }
        cv = *held;
      }
      result = queue(scope, c, *cv, contact, out, number->second);
      if (!result) throw result.error();
    });
  } catch (const Error&) {
    return result;
  }
  committed(scope);
  return result;
}

}  // namespace sb::inbox
