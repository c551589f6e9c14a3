#pragma once
// The inbox's rules: conversations per (contact, business number), unread counts and the
// 24 h window, assignment (agents: unassigned or their own), forward-only delivery states,
// and queueing outbound messages (row + send job in one transaction).
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "contacts/contact_store.h"
#include "core/json_writer.h"
#include "core/result.h"
#include "events/event_log.h"
#include "inbox/inbox_store.h"
#include "jobs/job_queue.h"
#include "tenancy/business_service.h"
#include "tenancy/team_service.h"

namespace sb::inbox {

// A customer's message, as any channel reports it (Cloud API webhook, sandbox, device).
struct Inbound {
  std::string phone_number_id;
  std::string from_digits;  // wa_id
  std::string profile_name;
  Message message;  // direction, status, conversation_id and id are filled in here
  std::optional<std::string> target_wamid;  // reaction / edit / revoke
  std::string reaction_emoji;
};

struct Recorded {
  bool stored = false;  // false: a duplicate, or a change to a message we do not have
  std::string message_id;
  std::string conversation_id;
};

// What to send: exactly one of text, template, media.
struct Outgoing {
  std::optional<std::string> text;
  nlohmann::json template_;  // {name, language, variables}
  nlohmann::json media;      // {type, link, caption?, filename?}
  std::optional<std::string> reply_to;  // a message id in the same conversation
};
Result<Outgoing> parse_outgoing(const nlohmann::json& body);

class InboxService {
 public:
  static constexpr const char* kSendJob = "message.send";
  static constexpr const char* kMediaJob = "message.media";

  InboxService(storage::Database& db, events::EventLog& log, events::EventSink& sink, jobs::JobQueue& jobs,
               tenancy::BusinessService& businesses, tenancy::TeamService& team, audit::AuditLog& audit,
               const Clock& clock);

  // Inside the caller's write transaction (call committed() after it commits). With
  // `coalesce`, conversation.updated is not appended per message: the newest state of each
  // conversation is left there for the caller to emit once (emit_conversations) per batch.
  Result<Recorded> record_inbound(const tenancy::TenantScope& scope, storage::Conn& c, Inbound in,
                                  const nlohmann::json& settings,
                                  std::map<std::string, Conversation>* coalesce = nullptr);
  // The same for many messages in one transaction, in order (inbound_batch.cpp): one result
  // per message. The messages are filled in (ids, conversation) as they are recorded.
  std::vector<Result<Recorded>> record_inbound_many(const tenancy::TenantScope& scope, storage::Conn& c,
                                                    std::vector<Inbound>& ins, const nlohmann::json& settings,
                                                    std::map<std::string, Conversation>* coalesce = nullptr,
                                                    InboxStore::OnRepeat on_repeat = InboxStore::OnRepeat::skip);
  void emit_conversations(const tenancy::TenantScope& scope, storage::Conn& c,
                          const std::map<std::string, Conversation>& latest);
  // False: no message has this wamid yet (the status is parked and re-applied later).
  bool record_status(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& wamid,
                     const std::string& status, TimeMs at, const nlohmann::json& error);
  // The send worker got Meta's wamid: store it and apply statuses that raced ahead of it.
  void record_sent(const tenancy::TenantScope& scope, storage::Conn& c, const Message& m, const std::string& wamid,
                   TimeMs at);
  void record_failed(const tenancy::TenantScope& scope, storage::Conn& c, const Message& m, const nlohmann::json& error,
                     TimeMs at);
  // Emits message.updated (media stored, reaction, edit, delete) to whoever sees its conversation.
  void message_changed(const tenancy::TenantScope& scope, storage::Conn& c, const Message& m);
  void committed(const tenancy::TenantScope& scope) { sink_.notify(scope.business_id().str()); }

  std::vector<Conversation> list(const tenancy::TenantScope& scope, ConversationFilter f);
  Result<Conversation> get(const tenancy::TenantScope& scope, const std::string& id);
  Result<Conversation> patch(const tenancy::TenantScope& scope, const std::string& id, const nlohmann::json& body,
                             const std::string& ip);
  Result<Conversation> mark_read(const tenancy::TenantScope& scope, const std::string& id);
  Result<std::vector<Message>> messages(const tenancy::TenantScope& scope, const std::string& conversation_id,
                                        const std::optional<std::pair<TimeMs, std::string>>& after, int limit,
                                        bool newest_first = false);
  Result<Message> message(const tenancy::TenantScope& scope, const std::string& id);

  // 202 paths: to a conversation, or to a phone (starting or continuing its conversation on
  // the business's first number, or `phone_number_id`).
  Result<Message> send(const tenancy::TenantScope& scope, const std::string& conversation_id, const Outgoing& out);
  Result<Message> send_to_phone(const tenancy::TenantScope& scope, const std::string& phone,
                                const std::optional<std::string>& phone_number_id, const Outgoing& out);

  // Every conversation of a contact with all its messages (the data export).
  nlohmann::json export_contact(const tenancy::TenantScope& scope, const std::string& contact_id);

  storage::Database& db() { return db_; }
  InboxStore& store() { return store_; }

 private:
  Result<Conversation> visible(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id,
                               bool lock = false);
  Result<Message> queue(const tenancy::TenantScope& scope, storage::Conn& c, Conversation& cv,
                        const contacts::Contact& contact, const Outgoing& out, bool sandbox);
  void emit_conversation(const tenancy::TenantScope& scope, storage::Conn& c, const Conversation& cv);
  void emit_message(const tenancy::TenantScope& scope, storage::Conn& c, const Conversation& cv, const Message& m);
  void opt_keywords(const tenancy::TenantScope& scope, storage::Conn& c, contacts::Contact& contact,
                    const std::string& text, const nlohmann::json& settings, TimeMs now);
  contacts::Contact find_or_create_contact(const tenancy::TenantScope& scope, storage::Conn& c,
                                           const std::string& digits, const std::string& name,
                                           const nlohmann::json& settings, TimeMs now, bool& ok);

  storage::Database& db_;
  events::EventLog& log_;
  events::EventSink& sink_;
  jobs::JobQueue& jobs_;
  tenancy::BusinessService& businesses_;
  tenancy::TeamService& team_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  InboxStore store_;
  contacts::ContactStore contacts_;
};

// What the conversation list shows of a message: its text, else its kind.
std::string preview_of(const Message& m);
nlohmann::json conversation_json(const Conversation& cv, TimeMs now);
// The same documents written straight into a string (the events of the webhook worker's
// hot path): equal to the trees above once parsed (inbox_json_test.cpp).
void write_json(JsonWriter& w, const Conversation& cv, TimeMs now);
// A conversation.updated event for its stream, built ahead of its insert.
events::NewEvent conversation_updated(const Conversation& cv, TimeMs now);
void write_json(JsonWriter& w, const Message& m, const std::string& business_id);
nlohmann::json message_json(const Message& m, const std::string& business_id);
nlohmann::json inbox_schemas();

}  // namespace sb::inbox
