#pragma once
#include <nlohmann/json.hpp>

#include "tenancy/business.h"

namespace sb::tenancy {

nlohmann::json to_json(const Business& b, std::optional<Role> role);
nlohmann::json to_json(const MembershipView& m);
nlohmann::json to_json(const Member& m);
nlohmann::json to_json(const Invitation& i);
nlohmann::json to_json(const BusinessUsage& u);

// Schemas for the OpenAPI document, by component name.
nlohmann::json tenancy_schemas();

}  // namespace sb::tenancy
