#include "app/demo.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/app.h"
#include "core/crypto.h"
#include "tenancy/tenant_gate.h"

namespace sb::app {

namespace {
std::filesystem::path credentials_path(const Config& c) { return std::filesystem::path(c.data_dir) / "demo-credentials.txt"; }
}  // namespace

void seed_demo_if_new(App& app) {
  const Config& cfg = app.config();
  if (app.auth().find_by_email("owner@demo.coffee")) return;
  std::string admin_pw = crypto::random_password(), owner_pw = crypto::random_password(), agent_pw = crypto::random_password();
  auto admin = app.auth().create_user("admin@switchboard.local", "Platform Admin", admin_pw, true, false);
  auto owner = app.auth().create_user("owner@demo.coffee", "Dana Owner", owner_pw, false, false);
  auto agent = app.auth().create_user("agent@demo.coffee", "Alex Agent", agent_pw, false, false);
  if (!admin || !owner || !agent) throw std::runtime_error("could not create the demo accounts");
  auto business = app.businesses().create(owner->id, "Demo Coffee", "demo-coffee", "127.0.0.1");
  if (!business) throw std::runtime_error("could not create the demo business: " + business.error().message);
  auto invitation_scope = tenancy::TenantGate::elevated(business->id, owner->id, tenancy::Role::owner);
  auto inv = app.team().invite(invitation_scope, agent->email, tenancy::Role::agent, "127.0.0.1");
  if (inv) (void)app.team().accept(inv->token, agent->id, std::nullopt, std::nullopt, "127.0.0.1");
  struct Sample {
    const char* phone;
    const char* name;
    const char* status;
  };
  for (auto s : {Sample{"+14155552671", "Maria Lopez", "new"}, Sample{"+5511912345678", "João Silva", "contacted"},
                 Sample{"+447911123456", "Priya Patel", "qualified"}}) {
    contacts::ContactInput in;
    in.phone = s.phone;
    in.name = s.name;
    in.lead_status = s.status;
    in.tags = std::vector<std::string>{"demo"};
    (void)app.contacts().create(invitation_scope, in);
  }
  // The sandbox number, with one customer already writing in, so the inbox has something to
  // answer before any Meta account exists.
  (void)app.whatsapp().connect(invitation_scope, {{"mode", "sandbox"}}, "127.0.0.1");
  {
    auto settings = app.businesses().get(invitation_scope);
    inbox::Inbound in;
    in.phone_number_id = whatsapp::sandbox_phone_number_id(business->id);
    in.from_digits = "5511912345678";
    in.profile_name = "João Silva";
    in.message.type = "text";
    in.message.text = "Olá! Do you deliver to Pinheiros?";
    in.message.wamid = "wamid.sandbox.in.demo";
    app.db().write([&](storage::Conn& c) {
      (void)app.inbox().record_inbound(invitation_scope, c, in, settings ? settings->settings : nlohmann::json::object());
    });
  }
  auto path = credentials_path(cfg);
  {
    std::ofstream out(path, std::ios::trunc);
    out << "platform admin: admin@switchboard.local " << admin_pw << "\n"
        << "demo owner:     owner@demo.coffee " << owner_pw << "\n"
        << "demo agent:     agent@demo.coffee " << agent_pw << "\n";
  }
  ::chmod(path.c_str(), 0600);
}

void print_demo_credentials(const Config& config, uint16_t port) {
  std::ifstream in(credentials_path(config));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::cout << "\nSwitchboard is running at http://" << config.bind << ":" << port << "\n"
            << "Sign in with (also in " << credentials_path(config).string() << "):\n"
            << text << std::endl;
}

}  // namespace sb::app
