#include "gateway/workspace_pages.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "gateway/http_api.h"
#include "gateway/served_dir.h"

namespace poles::gateway {

namespace {

constexpr char kJson[] = "application/json; charset=utf-8";

// The page's own scripts, styles and API, nothing else: no inline script,
// no other origin, not framed.
constexpr char kPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

void SetSecurityHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("X-Frame-Options", "DENY");
}

void NotInstalled(httplib::Response& res) {
  res.status = 404;
  res.set_content(ErrorJson(absl::NotFoundError(
                      "the workspace is not built (npm run build:workspace)")),
                  kJson);
}

}  // namespace

std::string DefaultWorkspaceDir(const std::string& argv0) {
  return FindServedDir(argv0, "workspace", "web/workspace/dist");
}

void RegisterWorkspacePages(httplib::Server& server, const std::string& dir) {
  server.Get("/espace", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/espace/", 301);
  });
  // index.html for the app's own paths (no dot: never a file name), read
  // on each request so that a rebuild is served without a restart.
  server.Get(R"(/espace/([A-Za-z0-9/_-]*))", [dir](const httplib::Request&,
                                                   httplib::Response& res) {
    std::string body;
    if (dir.empty() ||
        !ReadServedFile((std::filesystem::path(dir) / "index.html").string(),
                        body)) {
      return NotInstalled(res);
    }
    SetSecurityHeaders(res);
    res.set_header("Cache-Control", "no-cache");
    res.set_content(body, "text/html; charset=utf-8");
  });
  if (dir.empty()) return;
  // The assets' names carry their content's hash: cached for a year.
  server.set_mount_point(
      "/espace/assets", (std::filesystem::path(dir) / "assets").string(),
      {{"Cache-Control", "public, max-age=31536000, immutable"},
       {"X-Content-Type-Options", "nosniff"}});
}

}  // namespace poles::gateway
