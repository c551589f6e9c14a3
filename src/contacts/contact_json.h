#pragma once
#include <nlohmann/json.hpp>

#include "contacts/contact.h"
#include "core/json_writer.h"
#include "core/result.h"

namespace sb::contacts {

nlohmann::json to_json(const Contact& c);
// The same document, written straight into a JsonWriter (the list endpoint's hot path).
void write_json(JsonWriter& w, const Contact& c);
// Reads a create or patch body; wrong types are 400s naming the field.
Result<ContactInput> contact_input_from(const nlohmann::json& body);
nlohmann::json contact_schemas();

}  // namespace sb::contacts
