#pragma once
#include "api/api.h"
#include "contacts/contact_export.h"
#include "contacts/contact_import.h"
#include "contacts/contact_service.h"

namespace sb::contacts {
// The contact's conversations with their messages, for the data export (the inbox holds them).
using ConversationsOf = std::function<nlohmann::json(const tenancy::TenantScope&, const ContactId&)>;
void register_contact_routes(api::Api& api, ContactService& contacts, ContactImporter& importer,
                             ContactExporter& exporter, ConversationsOf conversations_of = {});
}
