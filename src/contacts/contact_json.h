#pragma once
#include <nlohmann/json.hpp>

#include "contacts/contact.h"
#include "core/result.h"

namespace sb::contacts {

nlohmann::json to_json(const Contact& c);
// Reads a create or patch body; wrong types are 400s naming the field.
Result<ContactInput> contact_input_from(const nlohmann::json& body);
nlohmann::json contact_schemas();

}  // namespace sb::contacts
