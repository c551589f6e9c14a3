#pragma once
#include "api/api.h"
#include "api/metrics.h"
#include "storage/database.h"

namespace sb::app {
// /healthz, /readyz, /metrics and /api/v1/openapi.json.
void register_system_routes(api::Api& api, storage::Database& db, api::Metrics& metrics);
}
