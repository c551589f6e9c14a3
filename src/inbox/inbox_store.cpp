#include "inbox/inbox_store.h"

namespace sb::inbox {

using nlohmann::json;
using storage::Conn;
using storage::Params;
using storage::Row;
using tenancy::TenantScope;

namespace {

const char* kConversationSelect =
    "SELECT cv.id, cv.contact_id, ct.name, ct.phone, cv.phone_number_id, cv.status, cv.assignee_user_id, "
    "cv.last_message_preview, cv.last_message_direction, cv.last_message_at, cv.last_inbound_at, cv.unread_count, "
    "cv.created_at, cv.updated_at FROM conversations cv JOIN contacts ct ON ct.business_id = cv.business_id AND "
    "ct.id = cv.contact_id ";

Conversation conversation_from(Row& r) {
  Conversation cv;
  cv.id = r.take_text(0);
  cv.contact_id = r.take_text(1);
  cv.contact_name = r.take_text(2);
  cv.contact_phone = r.take_text(3);
  cv.phone_number_id = r.take_text(4);
  cv.status = r.take_text(5);
  cv.assignee_user_id = r.opt_text(6);
  cv.last_message_preview = r.take_text(7);
  cv.last_message_direction = r.opt_text(8);
  cv.last_message_at = r.int64(9);
  cv.last_inbound_at = r.opt_int64(10);
  cv.unread_count = r.int64(11);
  cv.created_at = r.int64(12);
  cv.updated_at = r.int64(13);
  return cv;
}

const char* kMessageColumns =
    "id, conversation_id, direction, type, text, media, payload, status, status_at, error, wamid, context_wamid, "
    "reaction, edited, deleted, template, sent_by_user_id, route, created_at";

json json_column(Row& r, size_t i) {
  if (r.is_null(i)) return nullptr;
  auto j = json::parse(r.take_text(i), nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

std::optional<std::string> json_text(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.dump();
}

Message message_from(Row& r) {
  Message m;
  m.id = r.take_text(0);
  m.conversation_id = r.take_text(1);
  m.direction = r.take_text(2);
  m.type = r.take_text(3);
  m.text = r.opt_text(4);
  m.media = json_column(r, 5);
  m.payload = json_column(r, 6);
  m.status = r.take_text(7);
  m.status_at = r.opt_int64(8);
  m.error = json_column(r, 9);
  m.wamid = r.opt_text(10);
  m.context_wamid = r.opt_text(11);
  m.reaction = r.opt_text(12);
  m.edited = r.boolean(13);
  m.deleted = r.boolean(14);
  m.template_ = json_column(r, 15);
  m.sent_by_user_id = r.opt_text(16);
  m.route = r.opt_text(17);
  m.created_at = r.int64(18);
  return m;
}

}  // namespace

int status_rank(const std::string& s) {
  if (s == "queued") return 0;
  if (s == "sent") return 1;
  if (s == "delivered") return 2;
  if (s == "read" || s == "played") return 3;
  return -1;
}

bool status_moves_forward(const std::string& current, std::optional<TimeMs> current_at, const std::string& next,
                          TimeMs next_at) {
  if (next == "failed") return current != "failed" && status_rank(current) <= 1;  // not after delivery
  int to = status_rank(next);
  if (to < 1) return false;
  if (current == "failed") return to >= 2 && next_at > current_at.value_or(0);
  return to > status_rank(current);
}

std::optional<Conversation> InboxStore::conversation(const TenantScope& scope, Conn& c, const std::string& id) {
  auto r = c.query_one(std::string(kConversationSelect) + "WHERE cv.business_id = $1 AND cv.id = $2",
                       {scope.business_id().str(), id});
  if (!r) return std::nullopt;
  return conversation_from(*r);
}

std::optional<Conversation> InboxStore::conversation_of(const TenantScope& scope, Conn& c,
                                                        const std::string& contact_id,
                                                        const std::string& phone_number_id, bool lock) {
  bool pg_lock = lock && c.dialect() == storage::Dialect::postgres;
  auto r = c.query_one(std::string(kConversationSelect) +
                           "WHERE cv.business_id = $1 AND cv.contact_id = $2 AND cv.phone_number_id = $3" +
                           (pg_lock ? " FOR UPDATE OF cv" : ""),
                       {scope.business_id().str(), contact_id, phone_number_id});
  if (!r) return std::nullopt;
  return conversation_from(*r);
}

void InboxStore::lock_conversation(const TenantScope& scope, Conn& c, const std::string& id) {
  if (c.dialect() == storage::Dialect::postgres)
    c.query("SELECT id FROM conversations WHERE business_id = $1 AND id = $2 FOR UPDATE", {scope.business_id().str(), id});
}

void InboxStore::insert_conversation(const TenantScope& scope, Conn& c, const Conversation& cv) {
  c.execute(
      "INSERT INTO conversations (business_id, id, contact_id, phone_number_id, status, assignee_user_id, "
      "last_message_preview, last_message_direction, last_message_at, last_inbound_at, unread_count, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
      {scope.business_id().str(), cv.id, cv.contact_id, cv.phone_number_id, cv.status, cv.assignee_user_id,
       cv.last_message_preview, cv.last_message_direction, cv.last_message_at, cv.last_inbound_at, cv.unread_count,
       cv.created_at, cv.updated_at});
}

void InboxStore::save_conversation(const TenantScope& scope, Conn& c, const Conversation& cv) {
  c.execute(
      "UPDATE conversations SET status = $3, assignee_user_id = $4, last_message_preview = $5, "
      "last_message_direction = $6, last_message_at = $7, last_inbound_at = $8, unread_count = $9, updated_at = $10 "
      "WHERE business_id = $1 AND id = $2",
      {scope.business_id().str(), cv.id, cv.status, cv.assignee_user_id, cv.last_message_preview,
       cv.last_message_direction, cv.last_message_at, cv.last_inbound_at, cv.unread_count, cv.updated_at});
}

std::vector<Conversation> InboxStore::conversations_of_contacts(const TenantScope& scope, Conn& c,
                                                                const std::vector<std::string>& contact_ids, bool lock) {
  std::vector<Conversation> out;
  bool pg_lock = lock && c.dialect() == storage::Dialect::postgres;
  storage::for_in_chunks(c.dialect(), "cv.contact_id", contact_ids, {scope.business_id().str()},
                         [&](const std::string& in, const Params& p) {
                           // Locked in id order: two processes with customers in common can't deadlock.
                           for (auto& r : c.query(std::string(kConversationSelect) + "WHERE cv.business_id = $1 AND " + in +
                                                      (pg_lock ? " ORDER BY cv.id FOR UPDATE OF cv" : ""),
                                                  p))
                             out.push_back(conversation_from(r));
                         });
  return out;
}

void InboxStore::save_activity(const TenantScope& scope, Conn& c, const std::vector<const Conversation*>& cvs) {
  // An upsert of rows that exist: one statement updates many conversations on both engines
  // (the insert's columns are only there to satisfy the syntax; every row conflicts).
  storage::for_row_chunks(
      cvs.size(), 12,
      [&](Params& p, size_t i) {
        const Conversation& cv = *cvs[i];
        storage::push_values(p, scope.business_id().str(), cv.id, cv.contact_id, cv.phone_number_id, cv.status,
                             cv.last_message_preview, cv.last_message_direction, cv.last_message_at, cv.last_inbound_at,
                             cv.unread_count, cv.created_at, cv.updated_at);
      },
      [&](const std::string& values, const Params& p) {
        c.execute("INSERT INTO conversations (business_id, id, contact_id, phone_number_id, status, last_message_preview, "
                  "last_message_direction, last_message_at, last_inbound_at, unread_count, created_at, updated_at) "
                  "VALUES " +
                      values +
                      " ON CONFLICT (business_id, id) DO UPDATE SET status = excluded.status, last_message_preview = "
                      "excluded.last_message_preview, last_message_direction = excluded.last_message_direction, "
                      "last_message_at = excluded.last_message_at, last_inbound_at = excluded.last_inbound_at, "
                      "unread_count = excluded.unread_count, updated_at = excluded.updated_at",
                  p);
      });
}

std::vector<Conversation> InboxStore::conversations(const TenantScope& scope, Conn& c, const ConversationFilter& f) {
  std::string sql = std::string(kConversationSelect) + "WHERE cv.business_id = $1";
  Params p{scope.business_id().str()};
  auto param = [&](storage::Value v) {
    p.push_back(std::move(v));
    return "$" + std::to_string(p.size());
  };
  if (f.status) sql += " AND cv.status = " + param(*f.status);
  if (f.assignee) {
    if (f.assignee->empty()) sql += " AND cv.assignee_user_id IS NULL";
    else sql += " AND cv.assignee_user_id = " + param(*f.assignee);
  }
  if (f.visible_to_agent)
    sql += " AND (cv.assignee_user_id IS NULL OR cv.assignee_user_id = " + param(*f.visible_to_agent) + ")";
  if (f.phone_number_id) sql += " AND cv.phone_number_id = " + param(*f.phone_number_id);
  if (f.before) {
    std::string t = param(f.before->first);
    std::string id = param(f.before->second);
    sql += " AND (cv.last_message_at < " + t + " OR (cv.last_message_at = " + t + " AND cv.id < " + id + "))";
  }
  sql += " ORDER BY cv.last_message_at DESC, cv.id DESC LIMIT " + param(f.limit);
  std::vector<Conversation> out;
  auto rows = c.query(sql, p);
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(conversation_from(r));
  return out;
}

std::vector<Conversation> InboxStore::conversations_of_contact(const TenantScope& scope, Conn& c,
                                                               const std::string& contact_id) {
  std::vector<Conversation> out;
  for (auto& r : c.query(std::string(kConversationSelect) + "WHERE cv.business_id = $1 AND cv.contact_id = $2 ORDER BY cv.id",
                         {scope.business_id().str(), contact_id}))
    out.push_back(conversation_from(r));
  return out;
}

bool InboxStore::insert_message(const TenantScope& scope, Conn& c, const Message& m) {
  return c.execute(
             "INSERT INTO messages (business_id, id, conversation_id, direction, type, text, media, payload, status, "
             "status_at, error, wamid, context_wamid, reaction, edited, deleted, template, sent_by_user_id, route, "
             "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
             "$19, $20) ON CONFLICT (business_id, wamid) DO NOTHING",
             {scope.business_id().str(), m.id, m.conversation_id, m.direction, m.type, m.text, json_text(m.media),
              json_text(m.payload), m.status, m.status_at, json_text(m.error), m.wamid, m.context_wamid, m.reaction,
              m.edited, m.deleted, json_text(m.template_), m.sent_by_user_id, m.route, m.created_at}) > 0;
}

std::unordered_set<std::string> InboxStore::stored_wamids(const TenantScope& scope, Conn& c,
                                                          const std::vector<std::string>& wamids) {
  std::unordered_set<std::string> out;
  // The unique index on (business_id, wamid) answers this without reading the messages.
  storage::for_in_chunks(c.dialect(), "wamid", wamids, {scope.business_id().str()},
                         [&](const std::string& in, const Params& p) {
                           for (auto& r : c.query("SELECT wamid FROM messages WHERE business_id = $1 AND " + in, p))
                             out.insert(r.take_text(0));
                         });
  return out;
}

std::unordered_set<std::string> InboxStore::insert_messages(const TenantScope& scope, Conn& c,
                                                           const std::vector<const Message*>& ms,
                                                           OnRepeat on_repeat) {
  std::unordered_set<std::string> inserted;
  storage::for_row_chunks(
      ms.size(), 20,
      [&](Params& p, size_t i) {
        const Message& m = *ms[i];
        storage::push_values(p, scope.business_id().str(), m.id, m.conversation_id, m.direction, m.type, m.text,
                             json_text(m.media), json_text(m.payload), m.status, m.status_at, json_text(m.error),
                             m.wamid, m.context_wamid, m.reaction, m.edited, m.deleted, json_text(m.template_),
                             m.sent_by_user_id, m.route, m.created_at);
      },
      [&](const std::string& values, const Params& p) {
        std::string sql =
            "INSERT INTO messages (business_id, id, conversation_id, direction, type, text, media, payload, status, "
            "status_at, error, wamid, context_wamid, reaction, edited, deleted, template, sent_by_user_id, route, "
            "created_at) VALUES " +
            values;
        if (on_repeat == OnRepeat::fail) {
          c.execute(sql, p);
          return;
        }
        // A wamid stored meanwhile by another process is skipped, and missing from RETURNING.
        for (auto& r : c.query(sql + " ON CONFLICT (business_id, wamid) DO NOTHING RETURNING id", p))
          inserted.insert(r.take_text(0));
      });
  if (on_repeat == OnRepeat::fail)
    for (const Message* m : ms) inserted.insert(m->id);
  return inserted;
}

std::optional<Message> InboxStore::message(const TenantScope& scope, Conn& c, const std::string& id) {
  auto r = c.query_one(std::string("SELECT ") + kMessageColumns + " FROM messages WHERE business_id = $1 AND id = $2",
                       {scope.business_id().str(), id});
  if (!r) return std::nullopt;
  return message_from(*r);
}

std::optional<Message> InboxStore::message_by_wamid(const TenantScope& scope, Conn& c, const std::string& wamid) {
  auto r = c.query_one(std::string("SELECT ") + kMessageColumns + " FROM messages WHERE business_id = $1 AND wamid = $2",
                       {scope.business_id().str(), wamid});
  if (!r) return std::nullopt;
  return message_from(*r);
}

std::vector<Message> InboxStore::messages(const TenantScope& scope, Conn& c, const std::string& conversation_id,
                                          const std::optional<std::pair<TimeMs, std::string>>& after, int limit,
                                          bool newest_first) {
  std::string sql = std::string("SELECT ") + kMessageColumns +
                    " FROM messages WHERE business_id = $1 AND conversation_id = $2 AND type NOT IN ('reaction', "
                    "'edit', 'revoke')";
  Params p{scope.business_id().str(), conversation_id};
  if (after) {
    p.push_back(after->first);
    p.push_back(after->second);
    sql += newest_first ? " AND (created_at < $3 OR (created_at = $3 AND id < $4))"
                        : " AND (created_at > $3 OR (created_at = $3 AND id > $4))";
  }
  p.push_back(limit);
  sql += newest_first ? " ORDER BY created_at DESC, id DESC" : " ORDER BY created_at, id";
  sql += " LIMIT $" + std::to_string(p.size());
  std::vector<Message> out;
  auto rows = c.query(sql, p);
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(message_from(r));
  return out;
}

bool InboxStore::set_status(const TenantScope& scope, Conn& c, const std::string& id, const std::string& from,
                            const std::string& to, TimeMs at, const json& error) {
  return c.execute("UPDATE messages SET status = $4, status_at = $5, error = $6 WHERE business_id = $1 AND id = $2 AND "
                   "status = $3",
                   {scope.business_id().str(), id, from, to, at, json_text(error)}) > 0;
}

void InboxStore::set_wamid(const TenantScope& scope, Conn& c, const std::string& id, const std::string& wamid) {
  c.execute("UPDATE messages SET wamid = $3 WHERE business_id = $1 AND id = $2", {scope.business_id().str(), id, wamid});
}

void InboxStore::set_reaction(const TenantScope& scope, Conn& c, const std::string& id,
                              const std::optional<std::string>& emoji) {
  c.execute("UPDATE messages SET reaction = $3 WHERE business_id = $1 AND id = $2", {scope.business_id().str(), id, emoji});
}

void InboxStore::set_edited(const TenantScope& scope, Conn& c, const std::string& id,
                            const std::optional<std::string>& text, const json& media) {
  c.execute("UPDATE messages SET text = $3, media = COALESCE($4, media), edited = 1 WHERE business_id = $1 AND id = $2",
            {scope.business_id().str(), id, text, json_text(media)});
}

void InboxStore::set_deleted(const TenantScope& scope, Conn& c, const std::string& id) {
  c.execute("UPDATE messages SET deleted = 1 WHERE business_id = $1 AND id = $2", {scope.business_id().str(), id});
}

void InboxStore::set_media(const TenantScope& scope, Conn& c, const std::string& id, const json& media) {
  c.execute("UPDATE messages SET media = $3 WHERE business_id = $1 AND id = $2",
            {scope.business_id().str(), id, json_text(media)});
}

std::optional<std::pair<std::string, bool>> InboxStore::number_for_sending(
    const TenantScope& scope, Conn& c, const std::optional<std::string>& phone_number_id) {
  // Reads the WhatsApp module's numbers table: the inbox needs only which ids exist.
  auto r = phone_number_id
               ? c.query_one("SELECT phone_number_id, sandbox FROM phone_numbers WHERE business_id = $1 AND "
                             "phone_number_id = $2",
                             {scope.business_id().str(), *phone_number_id})
               : c.query_one("SELECT phone_number_id, sandbox FROM phone_numbers WHERE business_id = $1 "
                             "ORDER BY sandbox, created_at, id LIMIT 1",
                             {scope.business_id().str()});
  if (!r) return std::nullopt;
  return std::make_pair(r->text(0), r->boolean(1));
}

void InboxStore::park(const TenantScope& scope, Conn& c, const ParkedStatus& p, TimeMs now) {
  c.execute("INSERT INTO parked_statuses (business_id, wamid, status, status_at, error, parked_at) VALUES "
            "($1, $2, $3, $4, $5, $6) ON CONFLICT (business_id, wamid, status) DO NOTHING",
            {scope.business_id().str(), p.wamid, p.status, p.status_at, json_text(p.error), now});
}

std::vector<ParkedStatus> InboxStore::take_parked(const TenantScope& scope, Conn& c, const std::string& wamid) {
  std::vector<ParkedStatus> out;
  for (auto& r : c.query("SELECT wamid, status, status_at, error FROM parked_statuses WHERE business_id = $1 AND "
                         "wamid = $2 ORDER BY status_at",
                         {scope.business_id().str(), wamid})) {
    ParkedStatus p;
    p.wamid = r.take_text(0);
    p.status = r.take_text(1);
    p.status_at = r.int64(2);
    p.error = json_column(r, 3);
    out.push_back(std::move(p));
  }
  if (!out.empty())
    c.execute("DELETE FROM parked_statuses WHERE business_id = $1 AND wamid = $2", {scope.business_id().str(), wamid});
  return out;
}

void InboxStore::prune_parked(Conn& c, TimeMs older_than) {
  c.execute("DELETE FROM parked_statuses WHERE parked_at < $1", {older_than});
}

}  // namespace sb::inbox
