#pragma once
#include <string>

#include "api/api.h"
#include "inbox/inbox_service.h"
#include "whatsapp/account_service.h"
#include "whatsapp/webhook_processor.h"

namespace sb::whatsapp {

struct PlatformApp {
  std::string app_secret;    // SWITCHBOARD_WHATSAPP_APP_SECRET; empty: the platform endpoint is off
  std::string verify_token;  // SWITCHBOARD_WHATSAPP_VERIFY_TOKEN
};

void register_whatsapp_routes(api::Api& api, AccountService& accounts, inbox::InboxService& inbox,
                              tenancy::BusinessService& businesses);
void register_webhook_routes(api::Api& api, AccountService& accounts, WebhookInbox& intake,
                             PlatformApp platform);

}  // namespace sb::whatsapp
