#include "tests/faults/tcp_proxy.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace poles::testing {

namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

// Closes `fd` with an RST rather than a FIN.
void Abort(int fd) {
  linger l{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
  close(fd);
}

// Writes all of `data`; false if the peer is gone.
bool WriteAll(int fd, const char* data, ssize_t n) {
  while (n > 0) {
    ssize_t w = send(fd, data, static_cast<size_t>(n), MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= w;
  }
  return true;
}

}  // namespace

TcpProxy::TcpProxy(int upstream_port) : upstream_port_(upstream_port) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof(addr);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listener_, 64) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(listener_);
    listener_ = -1;
    return;
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { Accept(); });
}

TcpProxy::~TcpProxy() {
  stopping_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  Cut(false);
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& link : silent_) link->cut = true;
  }
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
  if (listener_ >= 0) close(listener_);
}

void TcpProxy::Cut(bool reset) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& link : links_) {
    link->reset = reset;
    link->cut = true;
  }
  links_.clear();
}

void TcpProxy::BlackHole() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& link : links_) {
    link->silent = true;
    silent_.push_back(link);
  }
  links_.clear();
}

void TcpProxy::Accept() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    int client = accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    ++accepted_;
    auto link = std::make_shared<Link>();
    link->client = client;
    std::lock_guard<std::mutex> lock(mu_);
    links_.push_back(link);
    threads_.emplace_back([this, link] { Pump(link); });
  }
}

void TcpProxy::Pump(std::shared_ptr<Link> link) {
  // A stalled link does not even reach the upstream: the client's connect
  // completes (the kernel accepted it) and then nothing answers.
  while (stalled_ && !link->cut && !stopping_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!link->cut && !stopping_) {
    link->upstream = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = Loopback(upstream_port_);
    if (connect(link->upstream, reinterpret_cast<sockaddr*>(&addr),
                sizeof(addr)) != 0) {
      link->cut = true;
    }
    int one = 1;
    setsockopt(link->upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(link->client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  char buffer[16384];
  while (!link->cut && !stopping_) {
    if (stalled_ || link->silent) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    pollfd p[2] = {{link->client, POLLIN, 0}, {link->upstream, POLLIN, 0}};
    int n = poll(p, 2, 20);
    if (n < 0 && errno != EINTR) break;
    if (n <= 0) continue;
    bool closed = false;
    for (int i = 0; i < 2 && !closed; ++i) {
      if ((p[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      ssize_t r = recv(p[i].fd, buffer, sizeof(buffer), 0);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0 || !WriteAll(p[1 - i].fd, buffer, r)) closed = true;
    }
    if (closed) break;
  }
  if (link->reset) {
    Abort(link->client);
    if (link->upstream >= 0) Abort(link->upstream);
  } else {
    close(link->client);
    if (link->upstream >= 0) close(link->upstream);
  }
}

}  // namespace poles::testing
