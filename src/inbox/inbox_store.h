#pragma once
#include <optional>
#include <unordered_set>
#include <vector>

#include "inbox/inbox.h"
#include "storage/database.h"
#include "tenancy/tenant_scope.h"

namespace sb::inbox {

struct ParkedStatus {
  std::string wamid;
  std::string status;
  TimeMs status_at = 0;
  nlohmann::json error;
};

class InboxStore {
 public:
  std::optional<Conversation> conversation(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id);
  // `lock`: held for update until the transaction ends (PostgreSQL), in the same round trip.
  std::optional<Conversation> conversation_of(const tenancy::TenantScope& scope, storage::Conn& c,
                                              const std::string& contact_id, const std::string& phone_number_id,
                                              bool lock = false);
  // Locks the conversation row until the transaction ends (PostgreSQL; SQLite's one writer
  // already serialises), so read-modify-write of its counters can't lose an update.
  void lock_conversation(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id);
  // Throws DbError(unique_violation) when (contact, number) already has one.
  void insert_conversation(const tenancy::TenantScope& scope, storage::Conn& c, const Conversation& cv);
  void save_conversation(const tenancy::TenantScope& scope, storage::Conn& c, const Conversation& cv);
  // Every conversation of these contacts (on all numbers); `lock` as for conversation_of.
  std::vector<Conversation> conversations_of_contacts(const tenancy::TenantScope& scope, storage::Conn& c,
                                                      const std::vector<std::string>& contact_ids, bool lock = false);
  // What a customer's messages change on existing conversations (status, last message,
  // unread count, window), for many at once.
  void save_activity(const tenancy::TenantScope& scope, storage::Conn& c, const std::vector<const Conversation*>& cvs);
  std::vector<Conversation> conversations(const tenancy::TenantScope& scope, storage::Conn& c,
                                          const ConversationFilter& f);
  std::vector<Conversation> conversations_of_contact(const tenancy::TenantScope& scope, storage::Conn& c,
                                                     const std::string& contact_id);

  // False when a message with the same wamid is already stored (a duplicate delivery).
  bool insert_message(const tenancy::TenantScope& scope, storage::Conn& c, const Message& m);
  // What a multi-row insert does with a wamid stored meanwhile by another process.
  enum class OnRepeat {
    skip,  // leaves it out (ON CONFLICT DO NOTHING)
    fail,  // throws a unique violation: for a caller that looked the wamids up in this
           // transaction and applies again carefully if it loses a race; the insert is then
           // a plain one (on PostgreSQL ~10 us a row cheaper than a speculative insert)
  };
  // Many at once; returns the ids of those inserted (one whose wamid is stored already is not).
  std::unordered_set<std::string> insert_messages(const tenancy::TenantScope& scope, storage::Conn& c,
                                                  const std::vector<const Message*>& ms,
                                                  OnRepeat on_repeat = OnRepeat::skip);
  // Which of these wamids are stored already.
  std::unordered_set<std::string> stored_wamids(const tenancy::TenantScope& scope, storage::Conn& c,
                                                const std::vector<std::string>& wamids);
  std::optional<Message> message(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id);
  std::optional<Message> message_by_wamid(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& wamid);
  // Oldest first, after the (created_at, id) cursor; reactions, edits and deletes are
  // folded into the messages they change and not listed themselves.
  // A page of a conversation's messages after the cursor, oldest first; newest_first walks
  // back from the newest instead (a thread opens at its end).
  std::vector<Message> messages(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& conversation_id,
                                const std::optional<std::pair<TimeMs, std::string>>& after, int limit,
                                bool newest_first = false);
  // Compare-and-set on the status: false when it changed meanwhile.
  bool set_status(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id, const std::string& from,
                  const std::string& to, TimeMs at, const nlohmann::json& error);
  void set_wamid(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id, const std::string& wamid);
  void set_reaction(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id,
                    const std::optional<std::string>& emoji);
  void set_edited(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id,
                  const std::optional<std::string>& text, const nlohmann::json& media);
  void set_deleted(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id);
  void set_media(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& id, const nlohmann::json& media);

  // The number a send to a phone goes out on: the one named, else the business's first
  // Cloud API number, else its sandbox number. (Meta id, is_sandbox); nullopt: none.
  std::optional<std::pair<std::string, bool>> number_for_sending(const tenancy::TenantScope& scope, storage::Conn& c,
                                                                 const std::optional<std::string>& phone_number_id);

  void park(const tenancy::TenantScope& scope, storage::Conn& c, const ParkedStatus& p, TimeMs now);
  std::vector<ParkedStatus> take_parked(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& wamid);
  void prune_parked(storage::Conn& c, TimeMs older_than);
};

}  // namespace sb::inbox
