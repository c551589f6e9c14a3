#pragma once
// Contacts and leads: validation, phone normalisation with the business's default region,
// lead owners that must be members, and audit records for deletions.
#include <vector>

#include "audit/audit.h"
#include "contacts/contact.h"
#include "contacts/contact_store.h"
#include "core/result.h"
#include "storage/database.h"
#include "tenancy/business_service.h"
#include "tenancy/team_service.h"

namespace sb::contacts {

class ContactService {
 public:
  ContactService(storage::Database& db, tenancy::BusinessService& businesses, tenancy::TeamService& team,
                 audit::AuditLog& audit, const Clock& clock)
      : db_(db), businesses_(businesses), team_(team), audit_(audit), clock_(clock) {}

  Result<Contact> create(const tenancy::TenantScope& scope, const ContactInput& in);
  Result<Contact> get(const tenancy::TenantScope& scope, const ContactId& id);
  Result<Contact> update(const tenancy::TenantScope& scope, const ContactId& id, const ContactInput& in);
  Status remove(const tenancy::TenantScope& scope, const ContactId& id, const std::string& ip);
  std::vector<Contact> list(const tenancy::TenantScope& scope, const ContactFilter& filter);

  // Assigns leads to members: all to one (`user_ids` of one), or round robin across several
  // in the order given (contact i goes to user i mod n). Unknown contact ids are skipped;
  // returns how many were assigned.
  Result<std::int64_t> assign(const tenancy::TenantScope& scope, const std::vector<ContactId>& contacts,
                              const std::vector<UserId>& users, const std::string& strategy, const std::string& ip);

  // Opt a contact out (or back in) and log it with its source (keyword, api, import).
  Status set_opt_out(const tenancy::TenantScope& scope, const ContactId& id, bool opted_out, const std::string& source,
                     const std::string& detail);
  Result<std::vector<ConsentEvent>> consent(const tenancy::TenantScope& scope, const ContactId& id);
  Result<Note> add_note(const tenancy::TenantScope& scope, const ContactId& id, const std::string& text);
  Result<std::vector<Note>> notes(const tenancy::TenantScope& scope, const ContactId& id);
  // Everything the business holds on one contact (a data subject's access request).
  struct ContactData {
    Contact contact;
    std::vector<ConsentEvent> consent;
    std::vector<Note> notes;
    std::vector<audit::AuditEntry> audit;
  };
  Result<ContactData> export_data(const tenancy::TenantScope& scope, const ContactId& id, const std::string& ip);


 private:
  Status apply(const tenancy::TenantScope& scope, const ContactInput& in, Contact& c);
  storage::Database& db_;
  tenancy::BusinessService& businesses_;
  tenancy::TeamService& team_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  ContactStore store_;
};

}  // namespace sb::contacts
