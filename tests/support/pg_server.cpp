#include "support/pg_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace {

namespace fs = std::filesystem;

bool running_as_root() { return geteuid() == 0; }

std::string shell_quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Debian keeps the server binaries off PATH, one directory per major version.
fs::path postgres_bin_dir() {
  fs::path best;
  double best_version = -1;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const double version = std::strtod(entry.path().filename().c_str(), nullptr);
    if (version > best_version && fs::exists(entry.path() / "bin" / "initdb", ec)) {
      best_version = version;
      best = entry.path() / "bin";
    }
  }
  return best;  // empty: rely on PATH
}

std::string tool(const fs::path& bin_dir, const char* name) {
  return bin_dir.empty() ? std::string(name) : (bin_dir / name).string();
}

// initdb and postgres refuse to run as root (and CI runs as root): run them as the user the
// Debian package creates.
std::vector<std::string> as_server_user(std::vector<std::string> argv) {
  if (!running_as_root()) return argv;
  const std::string runuser = fs::exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "runuser";
  argv.insert(argv.begin(), {runuser, "-u", "postgres", "--"});
  return argv;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const auto& arg : argv) out.push_back(const_cast<char*>(arg.c_str()));
  out.push_back(nullptr);
  return out;
}

// Runs argv to completion with its output appended to `output`; returns the exit status.
// posix_spawn rather than fork: the test process may already have threads.
int run(const std::vector<std::string>& argv, const fs::path& output, const fs::path& cwd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  // The tools look up their working directory, which the postgres user may not be allowed to
  // enter (e.g. /root/...): run them in the server's own directory.
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  auto args = c_argv(argv);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "cannot run " + argv[0]);
  return wait_for(pid);
}

// Free when we look; the server binds it a moment later (see start_server's retries).
int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) throw std::system_error(error, std::generic_category(), "binding 127.0.0.1:0");
  return ntohs(addr.sin_port);
}

// mkdtemp makes it 0700. As root it is handed to postgres, and made under /tmp, since the
// postgres user may not be able to traverse a root-only TMPDIR.
fs::path make_private_dir() {
  const fs::path base = running_as_root() ? fs::path("/tmp") : fs::temp_directory_path();
  std::string path = (base / "switchboard-pg-XXXXXX").string();
  if (!mkdtemp(path.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp " + path);
  if (running_as_root()) {
    const passwd* pw = getpwnam("postgres");
    const bool owned = pw && chown(path.c_str(), pw->pw_uid, pw->pw_gid) == 0;
    if (!owned) {
      fs::remove_all(path);
      throw std::runtime_error(
          "running as root, and initdb refuses root: need a 'postgres' user to own " + path +
          " (the postgresql package creates one)");
    }
  }
  return path;
}

void init_cluster(const std::string& initdb, const fs::path& data, const fs::path& log, const fs::path& cwd) {
  // C.UTF-8 orders by code point like C (and like SQLite), but lower()/upper()/ILIKE also know
  // non-ASCII letters. Debian 12's glibc has it built in; images without it get plain C.
  for (const char* locale : {"--locale=C.UTF-8", "--locale=C"}) {
    std::error_code ec;
    fs::remove_all(data, ec);  // initdb wants an empty directory
    const std::vector<std::string> argv = {initdb, "-D", data.string(), "-A", "trust", "-U", "sb",
                                           locale, "-E", "UTF8", "--no-sync"};
    if (run(as_server_user(argv), log, cwd) == 0) return;
  }
  throw std::runtime_error("initdb failed:\n" + read_text(log));
}

// Returns the port it listens on.
int start_server(const std::string& pg_ctl, const fs::path& data, const fs::path& dir, const fs::path& setup_log,
                 const fs::path& server_log) {
  // Another process can take the free port before the server binds it: try a few.
  constexpr int kAttempts = 3;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const int port = free_loopback_port();
    // No durability: a test server is thrown away, and fsync dominates its run time.
    const std::string options = "-p " + std::to_string(port) + " -k " + shell_quote(dir.string()) +
                                " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                                " -c full_page_writes=off";
    const std::vector<std::string> argv = {pg_ctl, "-D", data.string(), "-o", options, "-l", server_log.string(),
                                           "-w", "start"};
    if (run(as_server_user(argv), setup_log, dir) == 0) return port;
  }
  throw std::runtime_error("PostgreSQL did not start (" + pg_ctl + "); server log:\n" + read_text(server_log) +
                           "\npg_ctl output:\n" + read_text(setup_log));
}

// postgresql://[userinfo@][host][:port][/dbname][?params] with dbname replaced.
std::string with_database(const std::string& url, const std::string& database) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    throw std::invalid_argument("SWITCHBOARD_TEST_PG_URL must be a postgresql:// URL, got: " + url);
  }
  const auto authority_end = url.find_first_of("/?", scheme_end + 3);
  std::string params;
  if (authority_end != std::string::npos) {
    if (const auto q = url.find('?', authority_end); q != std::string::npos) params = url.substr(q);
  }
  return url.substr(0, authority_end) + "/" + database + params;
}

void run_admin_sql(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to the test PostgreSQL: " + std::string(PQerrorMessage(conn.get())));
  }
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  std::unique_ptr<PGresult, decltype(&PQclear)> res(PQexec(conn.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error(sql + ": " + PQerrorMessage(conn.get()));
  }
}

// An unquoted identifier (lower-case letters, digits, underscores; at most 63 bytes) that no
// other call, process or earlier run against the same server has used.
std::string database_name(const std::string& prefix, int serial) {
  std::string name;
  for (const char c : prefix.substr(0, 24)) {
    const auto u = static_cast<unsigned char>(c);
    name += std::isalnum(u) && u < 0x80 ? static_cast<char>(std::tolower(u)) : '_';
  }
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) name.insert(0, "db_");
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%04x", std::random_device{}() & 0xffffu);
  return name + "_" + std::to_string(getpid()) + "_" + std::to_string(serial) + "_" + suffix;
}

}  // namespace

// Stops the private server and removes its directory when this process ends, however it ends.
// A child shell blocks reading a pipe whose only write end this process holds: exit, abort, a
// crash or SIGKILL all close it, and the shell then runs `pg_ctl stop` and `rm -rf`. A
// destructor or atexit/at_quick_exit handler would miss everything but a clean exit. The
// destructor closes the pipe itself and waits, so a clean exit leaves nothing running either.
class PgServer::Reaper {
 public:
  Reaper(fs::path dir, const std::vector<std::string>& stop_command) : dir_(std::move(dir)), owner_pid_(getpid()) {
    // Own process group and ignored signals: a Ctrl-C or hang-up that kills the tests must
    // not kill the shell before it has cleaned up.
    std::string script = "trap '' INT TERM HUP; read line; ";
    for (const auto& word : stop_command) script += shell_quote(word) + " ";
    script += ">/dev/null 2>&1; rm -rf " + shell_quote(dir_.string());

    int fds[2];
    // O_CLOEXEC: the write end must not leak into children (pg_ctl, the server binary under
    // test), or the pipe would stay open after this process is gone.
    if (pipe2(fds, O_CLOEXEC) != 0) fail(errno, "pipe2");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    const std::vector<std::string> argv = {"sh", "-c", script};
    auto args = c_argv(argv);
    const int rc = posix_spawn(&pid_, "/bin/sh", &actions, &attr, args.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[0]);
    if (rc != 0) {
      ::close(fds[1]);
      fail(rc, "spawning the PostgreSQL reaper");
    }
    write_end_ = fds[1];
  }

  ~Reaper() {
    ::close(write_end_);
    // A forked child's copy: the parent still holds its own end, and its server.
    if (getpid() == owner_pid_) wait_for(pid_);
  }

  Reaper(const Reaper&) = delete;
  Reaper& operator=(const Reaper&) = delete;

 private:
  [[noreturn]] void fail(int error, const std::string& what) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    throw std::system_error(error, std::generic_category(), what);
  }

  fs::path dir_;
  int owner_pid_;
  pid_t pid_ = 0;
  int write_end_ = -1;
};

PgServer& PgServer::shared() {
  // Not a plain function-local static: one that throws is constructed again on the next call,
  // so every test would wait for its own failed start. Report the first failure at once instead.
  static std::mutex mu;
  static std::unique_ptr<PgServer> server;
  static std::string failure;
  std::lock_guard lock(mu);
  if (server) return *server;
  if (!failure.empty()) throw std::runtime_error(failure);
  try {
    server.reset(new PgServer());
  } catch (const std::exception& e) {
    failure = e.what();
    throw;
  }
  return *server;
}

PgServer::PgServer() : owner_pid_(getpid()) {
  if (const char* env = std::getenv("SWITCHBOARD_TEST_PG_URL"); env && *env) {
    url_ = env;
    external_ = true;
    with_database(url_, "postgres");  // reject a malformed URL now, not in the first test
    return;
  }
  start_private_server();
}

void PgServer::start_private_server() {
  const fs::path bin = postgres_bin_dir();
  const std::string pg_ctl = tool(bin, "pg_ctl");
  const fs::path dir = make_private_dir();
  const fs::path data = dir / "data";
  // From here on the reaper owns dir: if initdb or the start fails, unwinding this constructor
  // destroys it, which stops whatever did start and removes dir.
  reaper_ = std::make_unique<Reaper>(dir, as_server_user({pg_ctl, "-D", data.string(), "-m", "fast", "-w", "stop"}));
  init_cluster(tool(bin, "initdb"), data, dir / "setup.log", dir);
  const int port = start_server(pg_ctl, data, dir, dir / "setup.log", dir / "server.log");
  url_ = "postgresql://sb@127.0.0.1:" + std::to_string(port) + "/postgres";
}

PgServer::~PgServer() {
  if (external_ && getpid() == owner_pid_) {
    for (const auto& name : external_databases_) {
      try {
        run_admin_sql(with_database(url_, "postgres"), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (const std::exception&) {
        // Best effort: a leftover database on a shared server is harmless, its name unique.
      }
    }
  }
  reaper_.reset();  // stops the private server and removes its directory
}

std::string PgServer::create_database(const std::string& prefix) {
  std::string name;
  {
    std::lock_guard lock(mu_);
    name = database_name(prefix, ++databases_made_);
  }
  run_admin_sql(with_database(url_, "postgres"), "CREATE DATABASE " + name);
  if (external_) {
    std::lock_guard lock(mu_);
    external_databases_.push_back(name);
  }
  return with_database(url_, name);
}
