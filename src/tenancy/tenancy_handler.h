#pragma once
#include "api/api.h"
#include "tenancy/business_service.h"
#include "tenancy/team_service.h"

namespace sb::tenancy {

// Businesses, the subdomain look-up, team, invitations and platform administration.
void register_business_routes(api::Api& api, BusinessService& businesses, const std::string& base_domain,
                              bool registration_open);
void register_team_routes(api::Api& api, TeamService& team);
void register_platform_routes(api::Api& api, BusinessService& businesses);

}  // namespace sb::tenancy
