#pragma once
#include "api/api.h"
#include "contacts/contact_export.h"
#include "contacts/contact_import.h"
#include "contacts/contact_service.h"

namespace sb::contacts {
void register_contact_routes(api::Api& api, ContactService& contacts, ContactImporter& importer,
                             ContactExporter& exporter);
}
