#pragma once
// Per-business contact settings: the lead status pipeline and typed custom attributes.
// Both live in the business's settings (`lead_statuses`, `attribute_types`); absent means
// the defaults (new, contacted, qualified, won, lost; every attribute text).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace sb::contacts {

std::vector<std::string> lead_statuses(const nlohmann::json& business_settings);
bool is_lead_status(const nlohmann::json& business_settings, const std::string& status);

// Checks the two settings when a business changes them.
Status check_lead_statuses(const nlohmann::json& value);
Status check_attribute_types(const nlohmann::json& value);

// A value for attribute `key` as its declared type wants it: numbers from "12.5", booleans
// from "true"/"false", dates as YYYY-MM-DD. Undeclared attributes are text (or the JSON
// scalar given). A value that does not fit is 422 invalid_attributes naming the attribute.
Result<nlohmann::json> coerce_attribute(const nlohmann::json& business_settings, const std::string& key,
                                        const nlohmann::json& value);

}  // namespace sb::contacts
