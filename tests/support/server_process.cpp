#include "support/server_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "support/pg_server.h"

namespace sb::testing {

const char* backend_name(Backend b) { return b == Backend::sqlite ? "sqlite" : "postgres"; }

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

std::string make_temp_dir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

ServerProcess::ServerProcess(ServerOptions options) : options_(std::move(options)) {
  data_dir_ = options_.data_dir.empty() ? make_temp_dir("sb-server") : options_.data_dir;
  if (options_.backend == Backend::postgres) database_url_ = PgServer::shared().create_database("sbit");
  log_path_ = data_dir_ + "/server.log";
}

ServerProcess::~ServerProcess() {
  // A failing test shows what the server logged, errors first.
  if (::testing::Test::HasFailure()) {
    std::string out = output();
    std::istringstream lines(out);
    std::string line, errors;
    while (std::getline(lines, line))
      if (line.find("\"status\":5") != std::string::npos || line.find("failed") != std::string::npos) errors += line + "\n";
    std::fprintf(stderr, "--- server log (errors) ---\n%s--- server log (tail) ---\n%s\n", errors.substr(0, 8000).c_str(),
                 out.substr(out.size() > 4000 ? out.size() - 4000 : 0).c_str());
  }
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (options_.data_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
}

namespace {
std::vector<std::string> base_args(const std::string& data_dir, const std::string& database_url) {
  std::vector<std::string> args = {"--data-dir", data_dir};
  if (!database_url.empty()) args.insert(args.end(), {"--database", database_url});
  return args;
}

pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& log_path) {
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    FILE* log = std::fopen(log_path.c_str(), "a");
    if (log) {
      ::dup2(fileno(log), 1);
      ::dup2(fileno(log), 2);
    }
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
  return pid;
}
}  // namespace

void ServerProcess::start() {
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    std::vector<std::string> args = {SWITCHBOARD_BINARY, "serve", "--port", std::to_string(port_)};
    for (auto& a : base_args(data_dir_, database_url_)) args.push_back(a);
    for (auto& a : options_.extra_args) args.push_back(a);
    auto env = options_.env;
    env.emplace("SWITCHBOARD_ALLOW_PRIVATE_NETWORK", "true");
    { std::ofstream truncate(log_path_, std::ios::trunc); }
    pid_ = spawn(args, env, log_path_);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (output().find("listening on http://") != std::string::npos) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;  // exited: maybe the port was taken between probing and binding; retry
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (pid_ > 0) break;
  }
  throw std::runtime_error("switchboard did not start:\n" + output());
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string ServerProcess::output() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int ServerProcess::run_cli(const std::vector<std::string>& args, std::string* output) const {
  std::vector<std::string> full = {SWITCHBOARD_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  for (auto& a : base_args(data_dir_, database_url_)) full.push_back(a);
  std::string log = data_dir_ + "/cli.log";
  { std::ofstream truncate(log, std::ios::trunc); }
  pid_t pid = spawn(full, {}, log);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (output) {
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    *output = ss.str();
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace sb::testing
