#pragma once
#include "api/api.h"
#include "events/event_hub.h"
#include "inbox/inbox_service.h"

namespace sb::inbox {
// `media_path` maps (business, message id) to the file a media download stored.
void register_inbox_routes(api::Api& api, InboxService& inbox, events::EventHub& hub,
                           std::function<std::string(const BusinessId&, const std::string&)> media_path);
}
