#pragma once
#include <optional>
#include <vector>

#include "contacts/contact.h"
#include "storage/database.h"
#include "tenancy/tenant_scope.h"

namespace sb::contacts {

class ContactStore {
 public:
  // Above this many term matches a search walks the newest contacts instead of the index.
  static constexpr std::int64_t kMaxCandidates = 5000;


  // Throws DbError(unique_violation) when the phone exists in this business.
  void insert(const tenancy::TenantScope& scope, storage::Conn& c, const Contact& contact);
  std::optional<Contact> get(const tenancy::TenantScope& scope, storage::Conn& c, const ContactId& id);
  std::optional<Contact> by_phone(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& e164);
  // The contact WhatsApp knows under any of these digit strings (its phone or its wa_id).
  std::optional<Contact> by_whatsapp(const tenancy::TenantScope& scope, storage::Conn& c,
                                     const std::vector<std::string>& digit_variants);
  // The contacts whose wa_id is one of these (exactly: no variants), in no particular order.
  std::vector<Contact> by_wa_ids(const tenancy::TenantScope& scope, storage::Conn& c, const std::vector<std::string>& wa_ids);
  void update(const tenancy::TenantScope& scope, storage::Conn& c, const Contact& contact);
  bool remove(const tenancy::TenantScope& scope, storage::Conn& c, const ContactId& id);
  std::int64_t count(const tenancy::TenantScope& scope, storage::Conn& c);
  // Refreshes the planner's statistics for the contacts tables. A bulk load that grows
  // them from empty leaves PostgreSQL with cached plans that scan instead of using the
  // index; ANALYZE (the same statement on both engines) invalidates those plans.
  void refresh_statistics(storage::Conn& c);

  void add_consent(const tenancy::TenantScope& scope, storage::Conn& c, const ContactId& id, const ConsentEvent& e);
  std::vector<ConsentEvent> consent(const tenancy::TenantScope& scope, storage::Conn& c, const ContactId& id);
  void add_note(const tenancy::TenantScope& scope, storage::Conn& c, const ContactId& id, const Note& n);
  std::vector<Note> notes(const tenancy::TenantScope& scope, storage::Conn& c, const ContactId& id);
  // Sets the lead owner of one contact; false when the contact is not in this business.
  // Targeted updates for writers that must not rewrite the whole row (a stale copy would undo
  // a concurrent change such as an opt-out).
  void set_wa_id(const tenancy::TenantScope& scope, storage::Conn& c, const ContactId& id, const std::string& wa_id,
                 TimeMs now);
  void set_opted_out(const tenancy::TenantScope& scope, storage::Conn& c, const ContactId& id, bool opted_out,
                     const std::optional<std::string>& source, TimeMs now);
  bool set_owner(const tenancy::TenantScope& scope, storage::Conn& c, const ContactId& id, const std::string& owner,
                 TimeMs now);
  std::vector<Contact> list(const tenancy::TenantScope& scope, storage::Conn& c, const ContactFilter& f);

 private:
  void replace_tags(const tenancy::TenantScope& scope, storage::Conn& c, const Contact& contact);
  void replace_terms(const tenancy::TenantScope& scope, storage::Conn& c, const Contact& contact);
};

// The search terms of a contact: each distinct word of its name (up to 32 bytes) and its
// phone's digits.
std::vector<std::string> search_terms(const std::string& name, const std::string& phone);
inline constexpr size_t kTermBytes = 32;
inline constexpr size_t kPairBytes = 64;

// " ana maria" for "Ana Maria": each word preceded by a space, lower-cased (ASCII and
// Latin-1 supplement letters), so "start of any word" is one LIKE '% q%'.
std::string search_words(const std::string& name);

}  // namespace sb::contacts
