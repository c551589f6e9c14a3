// Customers' messages recorded a batch at a time (a gathered batch of webhook deliveries, or
// one message from the sandbox): one look-up each for the batch's wamids, senders and their
// conversations, one multi-row insert each for its messages and its events, and one write
// per conversation however many messages it got. Anything out of the common path (a new
// sender, a number in another spelling, a name to fill in) takes the per-message statements.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "contacts/phone.h"
#include "core/ids.h"
#include "core/text.h"
#include "inbox/inbox_service.h"

namespace sb::inbox {

using nlohmann::json;
using storage::Conn;
using tenancy::TenantScope;

namespace {

// A message, its sender and its conversation, once resolved.
struct Resolved {
  size_t index;
  std::string contact_id;
  Conversation* cv;
};

bool changes_another(const std::string& type) { return type == "reaction" || type == "edit" || type == "revoke"; }

bool name_to_fill(const contacts::Contact& k, const std::string& name) {
  return k.name.empty() && !name.empty() && is_clean_utf8(name);
}

}  // namespace

std::vector<Result<Recorded>> InboxService::record_inbound_many(const TenantScope& scope, Conn& c,
                                                                std::vector<Inbound>& ins, const json& settings,
                                                                std::map<std::string, Conversation>* coalesce,
                                                                InboxStore::OnRepeat on_repeat) {
  TimeMs now = clock_.now_ms();
  std::vector<Result<Recorded>> out(ins.size(), Recorded{});

  // Repeats: the wamids already stored, and the second of a wamid twice in this batch.
  std::vector<std::string> wamids;
  wamids.reserve(ins.size());
  for (const auto& in : ins)
    if (in.message.wamid) wamids.push_back(*in.message.wamid);
  auto seen = store_.stored_wamids(scope, c, wamids);
  std::vector<bool> fresh(ins.size(), true);
  for (size_t i = 0; i < ins.size(); ++i)
    if (ins[i].message.wamid && !seen.insert(*ins[i].message.wamid).second) fresh[i] = false;

  // Senders known by their WhatsApp id, and all their conversations (locked on PostgreSQL,
  // so that unread counts can't lose an update to another process).
  std::vector<std::string> senders;
  for (size_t i = 0; i < ins.size(); ++i)
    if (fresh[i]) senders.push_back(ins[i].from_digits);
  std::sort(senders.begin(), senders.end());
  senders.erase(std::unique(senders.begin(), senders.end()), senders.end());
  std::unordered_map<std::string, contacts::Contact> contacts;  // by id
  std::unordered_map<std::string, std::string> contact_of;      // digits -> contact id
  std::unordered_set<std::string> prefetched;                   // contacts whose conversations were read
  for (auto& k : contacts_.by_wa_ids(scope, c, senders)) {
    if (!contact_of.try_emplace(k.wa_id, k.id.str()).second) continue;  // oldest first: the first wins
    prefetched.insert(k.id.str());
    contacts.emplace(k.id.str(), std::move(k));
  }
  std::map<std::pair<std::string, std::string>, Conversation> conversations;  // (contact id, number)
  if (!prefetched.empty()) {
    std::vector<std::string> ids(prefetched.begin(), prefetched.end());
    for (auto& cv : store_.conversations_of_contacts(scope, c, ids, true)) {
      auto key = std::make_pair(cv.contact_id, cv.phone_number_id);
      conversations.emplace(std::move(key), std::move(cv));
    }
  }

  std::vector<Resolved> resolved;
  std::vector<const Message*> rows;
  for (size_t i = 0; i < ins.size(); ++i) {
    if (!fresh[i]) continue;
    Inbound& in = ins[i];
    auto known = contact_of.find(in.from_digits);
    if (known == contact_of.end() || name_to_fill(contacts.at(known->second), in.profile_name)) {
      bool ok = false;
      auto k = find_or_create_contact(scope, c, in.from_digits, in.profile_name, settings, now, ok);
      if (!ok) {
        out[i] = fail(Error::validation("invalid_sender", "The sender's WhatsApp id is not a phone number: " + in.from_digits));
        continue;
      }
      contact_of[in.from_digits] = k.id.str();
      contacts.insert_or_assign(k.id.str(), std::move(k));
      known = contact_of.find(in.from_digits);
    }
    const contacts::Contact& contact = contacts.at(known->second);
    auto key = std::make_pair(contact.id.str(), in.phone_number_id);
    auto cv = conversations.find(key);
    if (cv == conversations.end() && !prefetched.contains(contact.id.str())) {
      if (auto found = store_.conversation_of(scope, c, contact.id.str(), in.phone_number_id, true))
        cv = conversations.emplace(key, std::move(*found)).first;
    }
    if (cv == conversations.end()) {
      Conversation created;
      created.id = new_id();
      created.contact_id = contact.id.str();
      created.phone_number_id = in.phone_number_id;
      created.created_at = now;
      created.updated_at = now;
      store_.insert_conversation(scope, c, created);
      cv = conversations.emplace(key, std::move(created)).first;
    }
    cv->second.contact_name = contact.name;  // as it is now, for the events below
    cv->second.contact_phone = contact.phone;
    Message& m = in.message;
    m.id = new_id();
    m.conversation_id = cv->second.id;
    m.direction = "inbound";
    m.status = "received";
    if (m.created_at <= 0) m.created_at = now;
    resolved.push_back(Resolved{i, contact.id.str(), &cv->second});
    rows.push_back(&m);
  }

  // Not inserted: another process stored the same wamid since the look-up above.
  auto inserted = store_.insert_messages(scope, c, rows, on_repeat);

  std::vector<events::NewEvent> created_events;
  std::vector<const Conversation*> touched;  // in first-touched order
  std::unordered_set<const Conversation*> touched_set;
  std::vector<const Resolved*> changes;  // reactions, edits, deletes: after every message.created
  for (const auto& r : resolved) {
    Inbound& in = ins[r.index];
    Message& m = in.message;
    Conversation& cv = *r.cv;
    if (!inserted.contains(m.id)) {
      out[r.index] = Recorded{false, {}, cv.id};
      continue;
    }
    out[r.index] = Recorded{true, m.id, cv.id};
    if (changes_another(m.type)) {
      changes.push_back(&r);
      continue;
    }
    if (!cv.last_inbound_at || m.created_at > *cv.last_inbound_at) cv.last_inbound_at = m.created_at;
    if (m.created_at >= cv.last_message_at) {
      cv.last_message_at = m.created_at;
      cv.last_message_preview = preview_of(m);
      cv.last_message_direction = "inbound";
    }
    cv.unread_count += 1;
    if (cv.status == "resolved") cv.status = "open";  // the customer wrote again
    cv.updated_at = now;
    if (touched_set.insert(&cv).second) touched.push_back(&cv);
    if (m.text && m.type == "text") opt_keywords(scope, c, contacts.at(r.contact_id), *m.text, settings, now);
    JsonWriter w(1024);
    w.begin_object().key("conversation_id").string(cv.id).key("message");
    write_json(w, m, scope.business_id().str());
    w.end_object();
    created_events.push_back(events::NewEvent{new_id(), "message.created", w.take(), cv.assignee_user_id});
  }

  log_.append_all(scope, c, created_events);

  // Changes to another message: applied to it, shown on it (message.updated, after the
  // message.created of a target in this same batch, whichever came first from Meta). Only a
  // message of the same conversation; edits and deletes only of the customer's own.
  for (const Resolved* r : changes) {
    const Inbound& in = ins[r->index];
    const Message& m = in.message;
    std::optional<Message> target;
    if (in.target_wamid) target = store_.message_by_wamid(scope, c, *in.target_wamid);
    if (target && (target->conversation_id != r->cv->id || (m.type != "reaction" && target->direction != "inbound")))
      target.reset();
    if (!target) continue;
    if (m.type == "reaction")
      store_.set_reaction(scope, c, target->id,
                          in.reaction_emoji.empty() ? std::nullopt : std::optional<std::string>(in.reaction_emoji));
    else if (m.type == "edit")
      store_.set_edited(scope, c, target->id, m.text, m.media);
    else
      store_.set_deleted(scope, c, target->id);
    if (auto changed = store_.message(scope, c, target->id)) message_changed(scope, c, *changed);
  }

  store_.save_activity(scope, c, touched);
  for (const Conversation* cv : touched) {
    if (coalesce) (*coalesce)[cv->id] = *cv;
    else created_events.push_back(conversation_updated(*cv, now));
  }
  log_.append_all(scope, c, created_events);  // conversation.updated, when not coalesced
  return out;
}

Result<Recorded> InboxService::record_inbound(const TenantScope& scope, Conn& c, Inbound in, const json& settings,
                                              std::map<std::string, Conversation>* coalesce) {
  std::vector<Inbound> one;
  one.push_back(std::move(in));
  return std::move(record_inbound_many(scope, c, one, settings, coalesce).front());
}

}  // namespace sb::inbox
