#ifndef POLES_GATEWAY_WORKSPACE_PAGES_H_
#define POLES_GATEWAY_WORKSPACE_PAGES_H_

// The Pôle's workspace (web/workspace/, a Preact app built by Vite) on the
// gateway's HTTP front door, under /espace/ (docs/workspace.md):
//
//   GET /espace                 301 to /espace/
//   GET /espace/ and /espace/<screen>   index.html (the app routes itself)
//   GET /espace/assets/<file>   the built JavaScript and CSS (hashed names,
//                               cached a year)
//
// The app calls the tenant services' HTTP/JSON API under /v1/ with the
// person's own credential; these routes serve files only and read no
// credential. Every answer carries a Content-Security-Policy that allows
// the page's own scripts, styles and API only.

#include <string>

namespace httplib {
class Server;
}

namespace poles::gateway {

// The built workspace nearest to `argv0`: <dir of binary>/workspace when
// it holds index.html, else the source tree's web/workspace/dist (from the
// compile-time POLES_SOURCE_DIR, where `npm run build:workspace` writes
// it), else "".
std::string DefaultWorkspaceDir(const std::string& argv0);

// Installs the /espace/ routes serving the files of `dir` (the Vite
// build's output: index.html and assets/). An empty `dir`, or one without
// index.html, answers 404 naming the build step.
void RegisterWorkspacePages(httplib::Server& server, const std::string& dir);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_WORKSPACE_PAGES_H_
