#include "contacts/contact_service.h"

#include <algorithm>
#include <map>

#include "contacts/attributes.h"
#include "contacts/phone.h"

namespace sb::contacts {

using storage::Conn;
using storage::DbError;
using tenancy::TenantScope;


Status ContactService::apply(const TenantScope& scope, const ContactInput& in, Contact& c) {
  auto business = businesses_.get(scope);
  if (!business) return fail(business.error());
  const auto& settings = business->settings;
  if (in.phone) {
    auto phone = normalize_phone(*in.phone, settings.value("default_region", "US"));
    if (!phone) return fail(phone.error());
    c.phone = phone->str();
    c.wa_id = phone->digits();
  }
  if (in.name) {
    if (in.name->size() > 200) return fail(Error::validation("invalid_name", "Names are limited to 200 characters.", "name"));
    c.name = *in.name;
  }
  if (in.tags) {
    std::vector<std::string> tags;
    for (auto t : *in.tags) {
      t.erase(0, t.find_first_not_of(' '));
      t.erase(t.find_last_not_of(' ') + 1);
      if (t.empty() || t.size() > 64 || t.find(';') != std::string::npos)
        return fail(Error::validation("invalid_tag", "Tags are 1 to 64 characters and can't contain ';'.", "tags"));
      if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
    }
    if (tags.size() > 50) return fail(Error::validation("invalid_tag", "At most 50 tags per contact.", "tags"));
    c.tags = std::move(tags);
  }
  if (in.attributes) {
    if (in.attributes->size() > 100)
      return fail(Error::validation("invalid_attributes", "At most 100 attributes per contact.", "attributes"));
    if (!c.attributes.is_object()) c.attributes = nlohmann::json::object();
    for (const auto& [k, v] : in.attributes->items()) {
      if (k.empty() || k.size() > 64)
        return fail(Error::validation("invalid_attributes", "Attribute names are 1 to 64 characters.", "attributes"));
      auto value = coerce_attribute(settings, k, v);
      if (!value) return fail(value.error());
      if (value->is_null()) c.attributes.erase(k);
      else c.attributes[k] = *value;
    }
  }
  if (in.owner_user_id) {
    const auto& owner = *in.owner_user_id;
    if (owner && !team_.is_member(scope, UserId(*owner)))
      return fail(Error::validation("invalid_owner", "The lead owner must be a member of this business.", "owner_user_id"));
    c.owner_user_id = owner;
  }
  if (in.lead_status) {
    if (!is_lead_status(settings, *in.lead_status)) {
      std::string all;
      for (const auto& st : lead_statuses(settings)) all += (all.empty() ? "" : ", ") + st;
      return fail(Error::validation("invalid_lead_status", "`lead_status` is one of " + all + ".", "lead_status"));
    }
    c.lead_status = *in.lead_status;
  }
  return {};
}

Result<Contact> ContactService::create(const TenantScope& scope, const ContactInput& in) {
  if (!in.phone) return fail(Error::bad_request("`phone` is required.", "phone"));
  Contact c;
  c.id = ContactId(new_id());
  if (auto b = businesses_.get(scope)) c.lead_status = lead_statuses(b->settings).front();
  if (auto s = apply(scope, in, c); !s) return fail(s.error());
  c.created_at = c.updated_at = clock_.now_ms();
  std::optional<ConsentEvent> consent;
  if (in.opted_out && *in.opted_out) {
    c.opted_out = true;
    c.opted_out_at = c.created_at;
    c.opted_out_source = "api";
    consent = ConsentEvent{new_id(), "opted_out", "api", scope.user_id().str(), "", c.created_at};
  }
  // Counting is paid only by businesses whose plan limits contacts.
  auto plan = businesses_.plan_of(scope);
  bool limited = plan && plan->limit("contacts");
  std::optional<Error> refusal;
  try {
    db_.write([&](Conn& conn) {
      // The same person typed another way (Brazil's ninth digit and the like) is the same contact.
      if (store_.by_whatsapp(scope, conn, whatsapp_variants(c.wa_id)))
        return refusal.emplace(Error::conflict("contact_exists", "A contact with this phone number already exists.")), void();
      if (limited)
        if (auto s = tenancy::within_limit(plan, "contacts", store_.count(scope, conn)); !s)
          return refusal.emplace(s.error()), void();
      store_.insert(scope, conn, c);
      if (consent) store_.add_consent(scope, conn, c.id, *consent);
    });
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::unique_violation)
      return fail(Error::conflict("contact_exists", "A contact with this phone number already exists."));
    throw;
  }
  if (refusal) return fail(*refusal);
  return c;
}

Result<Contact> ContactService::get(const TenantScope& scope, const ContactId& id) {
  auto c = db_.read([&](Conn& conn) { return store_.get(scope, conn, id); });
  if (!c) return fail(Error::not_found("No such contact."));
  return *c;
}

Result<Contact> ContactService::update(const TenantScope& scope, const ContactId& id, const ContactInput& in) {
  auto current = get(scope, id);
  if (!current) return current;
  Contact c = *current;
  if (auto s = apply(scope, in, c); !s) return fail(s.error());
  c.updated_at = clock_.now_ms();
  std::optional<ConsentEvent> consent;
  if (in.opted_out && *in.opted_out != c.opted_out) {
    c.opted_out = *in.opted_out;
    c.opted_out_at = c.opted_out ? std::optional<TimeMs>(c.updated_at) : std::nullopt;
    c.opted_out_source = c.opted_out ? std::optional<std::string>("api") : std::nullopt;
    consent = ConsentEvent{new_id(), c.opted_out ? "opted_out" : "opted_in", "api", scope.user_id().str(), "", c.updated_at};
  }
  std::optional<Error> refusal;
  try {
    db_.write([&](Conn& conn) {
      if (c.phone != current->phone)
        if (auto other = store_.by_whatsapp(scope, conn, whatsapp_variants(c.wa_id)); other && other->id != c.id)
          return refusal.emplace(Error::conflict("contact_exists", "Another contact already has this phone number.")), void();
      store_.update(scope, conn, c);
      if (consent) store_.add_consent(scope, conn, c.id, *consent);
    });
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::unique_violation)
      return fail(Error::conflict("contact_exists", "Another contact already has this phone number."));
    throw;
  }
  if (refusal) return fail(*refusal);
  return c;
}

Status ContactService::remove(const TenantScope& scope, const ContactId& id, const std::string& ip) {
  bool removed = false;
  db_.write([&](Conn& conn) {
    auto c = store_.get(scope, conn, id);
    if (!c) return;
    removed = store_.remove(scope, conn, id);
    audit_.record(scope, conn, "contact.deleted", "contact", id.str(), {{"phone", c->phone}, {"name", c->name}}, ip);
  });
  if (!removed) return fail(Error::not_found("No such contact."));
  return {};
}

Result<std::int64_t> ContactService::assign(const TenantScope& scope, const std::vector<ContactId>& contacts,
                                            const std::vector<UserId>& users, const std::string& strategy,
                                            const std::string& ip) {
  if (contacts.empty()) return fail(Error::validation("invalid_contacts", "Name at least one contact.", "contact_ids"));
  if (contacts.size() > 10000)
    return fail(Error::validation("invalid_contacts", "Assign at most 10,000 contacts at once.", "contact_ids"));
  if (users.empty()) return fail(Error::validation("invalid_owner", "Name the member to assign to.", "user_ids"));
  for (const auto& u : users)
    if (!team_.is_member(scope, u))
      return fail(Error::validation("invalid_owner", "Leads can only be assigned to members of this business.", "user_ids"));
  std::int64_t assigned = 0;
  TimeMs now = clock_.now_ms();
  db_.write([&](Conn& conn) {
    std::map<std::string, std::int64_t> per_user;
    for (size_t i = 0; i < contacts.size(); ++i) {
      const UserId& owner = users[i % users.size()];
      if (store_.set_owner(scope, conn, contacts[i], owner.str(), now)) {
        ++assigned;
        ++per_user[owner.str()];
      }
    }
    audit_.record(scope, conn, "contacts.assigned", "contact", contacts.size() == 1 ? contacts[0].str() : "bulk",
                  {{"strategy", strategy}, {"assigned", assigned}, {"per_user", per_user}}, ip);
  });
  return assigned;
}

Status ContactService::set_opt_out(const TenantScope& scope, const ContactId& id, bool opted_out,
                                   const std::string& source, const std::string& detail) {
  bool found = false;
  TimeMs now = clock_.now_ms();
  db_.write([&](Conn& conn) {
    auto c = store_.get(scope, conn, id);
    if (!c) return;
    found = true;
    if (c->opted_out == opted_out) return;
    c->opted_out = opted_out;
    c->opted_out_at = opted_out ? std::optional<TimeMs>(now) : std::nullopt;
    c->opted_out_source = opted_out ? std::optional<std::string>(source) : std::nullopt;
    c->updated_at = now;
    store_.update(scope, conn, *c);
    std::optional<std::string> actor;
    if (!scope.user_id().empty()) actor = scope.user_id().str();
    store_.add_consent(scope, conn, id, {new_id(), opted_out ? "opted_out" : "opted_in", source, actor, detail, now});
  });
  if (!found) return fail(Error::not_found("No such contact."));
  return {};
}

Result<std::vector<ConsentEvent>> ContactService::consent(const TenantScope& scope, const ContactId& id) {
  if (auto c = get(scope, id); !c) return fail(c.error());
  return db_.read([&](Conn& conn) { return store_.consent(scope, conn, id); });
}

Result<Note> ContactService::add_note(const TenantScope& scope, const ContactId& id, const std::string& text) {
  std::string t = text;
  t.erase(0, t.find_first_not_of(" \t\n"));
  if (t.empty()) return fail(Error::validation("invalid_note", "Write something in the note.", "text"));
  if (t.size() > 10000) return fail(Error::validation("invalid_note", "Notes are limited to 10,000 characters.", "text"));
  Note n{new_id(), scope.user_id().str(), text, clock_.now_ms()};
  bool found = false;
  db_.write([&](Conn& conn) {
    if (!store_.get(scope, conn, id)) return;
    found = true;
    store_.add_note(scope, conn, id, n);
  });
  if (!found) return fail(Error::not_found("No such contact."));
  return n;
}

Result<std::vector<Note>> ContactService::notes(const TenantScope& scope, const ContactId& id) {
  if (auto c = get(scope, id); !c) return fail(c.error());
  return db_.read([&](Conn& conn) { return store_.notes(scope, conn, id); });
}

Result<ContactService::ContactData> ContactService::export_data(const TenantScope& scope, const ContactId& id,
                                                               const std::string& ip) {
  auto c = get(scope, id);
  if (!c) return fail(c.error());
  ContactData out{*c, {}, {}, {}};
  db_.read([&](Conn& conn) {
    out.consent = store_.consent(scope, conn, id);
    out.notes = store_.notes(scope, conn, id);
  });
  audit::AuditFilter f;
  f.target_type = "contact";
  f.target_id = id.str();
  f.limit = 1000;
  out.audit = audit_.list(scope, db_, f);
  db_.write([&](Conn& conn) {
    audit_.record(scope, conn, "contact.data_exported", "contact", id.str(), {{"phone", c->phone}}, ip);
  });
  return out;
}

std::vector<Contact> ContactService::list(const TenantScope& scope, const ContactFilter& filter) {
  return db_.read([&](Conn& conn) { return store_.list(scope, conn, filter); });
}

}  // namespace sb::contacts
