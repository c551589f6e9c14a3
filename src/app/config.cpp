#include "app/config.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace sb::app {

std::string Config::database_url() const { return database.empty() ? "sqlite:" + data_dir + "/switchboard.db" : database; }

std::string Config::effective_public_url() const {
  if (!public_url.empty()) return public_url;
  return "http://" + bind + ":" + std::to_string(port);
}

namespace {

std::string env_name(const std::string& flag) {
  std::string out = "SWITCHBOARD_";
  for (char c : flag) out.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

Result<bool> parse_bool(const std::string& flag, const std::string& v) {
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return fail(Error::bad_request("--" + flag + " takes true or false, not '" + v + "'"));
}

Result<int> parse_int(const std::string& flag, const std::string& v, int lo, int hi) {
  int out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < lo || out > hi)
    return fail(Error::bad_request("--" + flag + " takes a number from " + std::to_string(lo) + " to " +
                                   std::to_string(hi) + ", not '" + v + "'"));
  return out;
}

struct Flag {
  const char* name;
  bool boolean;
};
constexpr Flag kFlags[] = {
    {"bind", false},          {"port", false},          {"data-dir", false},
    {"database", false},      {"base-domain", false},   {"public-url", false},
    {"graph-url", false},     {"allow-private-network", true}, {"no-workers", true},
    {"workers-only", true},   {"registration", true},   {"smtp-url", false},
    {"smtp-from", false},     {"master-key", false},    {"io-threads", false},
    {"handler-threads", false}, {"ip-rate-limit", false}, {"business-rate-limit", false},
    {"access-log", true},     {"demo", true},           {"trusted-proxy", false},
    {"whatsapp-app-secret", false}, {"whatsapp-verify-token", false}, {"web-dir", false},
};

Status apply(Config& c, const std::string& flag, const std::string& v) {
  auto set_bool = [&](bool& field) -> Status {
    auto b = parse_bool(flag, v);
    if (!b) return fail(b.error());
    field = *b;
    return {};
  };
  auto set_int = [&](int& field, int lo, int hi) -> Status {
    auto n = parse_int(flag, v, lo, hi);
    if (!n) return fail(n.error());
    field = *n;
    return {};
  };
  if (flag == "bind") c.bind = v;
  else if (flag == "port") {
    int p = 0;
    if (auto s = set_int(p, 0, 65535); !s) return s;
    c.port = static_cast<uint16_t>(p);
  } else if (flag == "data-dir") c.data_dir = v;
  else if (flag == "database") c.database = v;
  else if (flag == "base-domain") c.base_domain = v;
  else if (flag == "public-url") c.public_url = v;
  else if (flag == "graph-url") c.graph_url = v;
  else if (flag == "allow-private-network") return set_bool(c.allow_private_network);
  else if (flag == "no-workers") return set_bool(c.no_workers);
  else if (flag == "workers-only") return set_bool(c.workers_only);
  else if (flag == "registration") return set_bool(c.registration);
  else if (flag == "smtp-url") c.smtp_url = v;
  else if (flag == "smtp-from") c.smtp_from = v;
  else if (flag == "master-key") c.master_key = v;
  else if (flag == "whatsapp-app-secret") c.whatsapp_app_secret = v;
  else if (flag == "whatsapp-verify-token") c.whatsapp_verify_token = v;
  else if (flag == "io-threads") return set_int(c.io_threads, 1, 64);
  else if (flag == "handler-threads") return set_int(c.handler_threads, 1, 256);
  else if (flag == "ip-rate-limit") return set_int(c.ip_rate_limit, 0, 100000000);
  else if (flag == "business-rate-limit") return set_int(c.business_rate_limit, 0, 100000000);
  else if (flag == "access-log") return set_bool(c.access_log);
  else if (flag == "demo") return set_bool(c.demo);
  else if (flag == "web-dir") c.web_dir = v;
  else if (flag == "trusted-proxy") {
    c.trusted_proxies.clear();
    size_t start = 0;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      std::string item = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!item.empty()) c.trusted_proxies.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return {};
}

const Flag* find_flag(const std::string& name) {
  for (const auto& f : kFlags)
    if (name == f.name) return &f;
  return nullptr;
}

}  // namespace

std::map<std::string, std::string> take_flags(std::vector<std::string>& args, const std::vector<std::string>& names,
                                              const std::vector<std::string>& boolean_names) {
  std::map<std::string, std::string> out;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    bool taken = false;
    for (const auto& n : names) {
      std::string f = "--" + n;
      bool is_bool = std::find(boolean_names.begin(), boolean_names.end(), n) != boolean_names.end();
      if (args[i] == f && is_bool) {
        out[n] = "true";
        taken = true;
      } else if (args[i] == f && i + 1 < args.size()) {
        out[n] = args[++i];
        taken = true;
      } else if (args[i].starts_with(f + "=")) {
        out[n] = args[i].substr(f.size() + 1);
        taken = true;
      } else if (args[i] == f) {
        out[n] = "true";
        taken = true;
      }
      if (taken) break;
    }
    if (!taken) rest.push_back(args[i]);
  }
  args = rest;
  return out;
}

Result<Config> parse_config(const std::vector<std::string>& args, std::vector<std::string>& positional,
                            const std::map<std::string, std::string>&) {
  Config c;
  for (const auto& f : kFlags)
    if (const char* v = std::getenv(env_name(f.name).c_str()); v && *v)
      if (auto s = apply(c, f.name, v); !s) return fail(Error::bad_request(env_name(f.name) + ": " + s.error().message));
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!a.starts_with("--")) {
      positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const Flag* f = find_flag(name);
    if (!f) return fail(Error::bad_request("unknown flag --" + name + "\n\n" + usage()));
    if (!has_value) {
      bool next_is_bool = i + 1 < args.size() && parse_bool(name, args[i + 1]).has_value();
      if (f->boolean && next_is_bool) value = args[++i];
      else if (f->boolean) value = "true";
      else if (i + 1 < args.size()) value = args[++i];
      else return fail(Error::bad_request("--" + name + " needs a value"));
    }
    if (auto s = apply(c, name, value); !s) return fail(s.error());
  }
  if (c.no_workers && c.workers_only) return fail(Error::bad_request("--no-workers and --workers-only exclude each other"));
  if (c.workers_only && c.database_url().starts_with("sqlite:"))
    return fail(Error::bad_request("--workers-only needs PostgreSQL: a SQLite database is served by one process"));
  return c;
}

std::string usage() {
  return "usage:\n"
         "  switchboard serve [--bind 127.0.0.1] [--port 8080] [--data-dir ./data] [--database URL]\n"
         "                    [--base-domain localhost] [--public-url URL] [--graph-url URL]\n"
         "                    [--allow-private-network] [--no-workers | --workers-only] [--demo]\n"
         "                    [--trusted-proxy IP[,IP...]] [--web-dir DIR]\n"
         "  switchboard migrate [--data-dir D | --database URL]\n"
         "  switchboard admin create-user --email E --password P [--name N] [--platform-admin]\n"
         "                    [--data-dir D | --database URL]\n"
         "Every flag has an environment variable SWITCHBOARD_<FLAG> (SWITCHBOARD_DATABASE, ...).\n";
}

}  // namespace sb::app
