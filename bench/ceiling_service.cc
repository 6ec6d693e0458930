#include "bench/ceiling_service.h"

#include <cstring>

#include <pqxx/pqxx>

#include "services/common/errors.h"
#include "storage/sql_error.h"
#include "storage/tenant_transaction.h"

namespace poles::bench {

namespace {

using Deadline = std::chrono::system_clock::time_point;

// Queues `read(session, request, deadline) -> StatusOr<rows>` (pqxx::result
// or storage::Rows) on
// `pool` and Finishes from the worker with the first row.
template <typename Read>
grpc::ServerUnaryReactor* ServeRead(storage::WorkerPool& pool,
                                    grpc::CallbackServerContext* ctx,
                                    const RowRequest* request, Row* response,
                                    Read read) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const Deadline deadline = ctx->deadline();
  bool queued = pool.Submit(deadline, [=](storage::Session& session,
                                          bool expired) {
    if (expired) {
      reactor->Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                   "deadline passed in the queue"));
      return;
    }
    auto rows = read(session, *request, deadline);
    if (!rows.ok()) {
      reactor->Finish(ToGrpcStatus(rows.status()));
      return;
    }
    if (rows->empty()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such row"));
      return;
    }
    const auto row = (*rows)[0];
    for (int i = 0; i < static_cast<int>(row.size()); ++i) {
      response->add_values(row[i].c_str());
    }
    reactor->Finish(grpc::Status::OK);
  });
  if (!queued) {
    reactor->Finish(
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "queue full"));
  }
  return reactor;
}

absl::Status ExceptionStatus(storage::Session& session,
                             const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    session.Reset();
  }
  return storage::StatusFromException(e, kItemStatement);
}

}  // namespace

grpc::ServerUnaryReactor* BareReadService::Select(
    grpc::CallbackServerContext* ctx, const RowRequest* request,
    Row* response) {
  return ServeRead(select_pool_, ctx, request, response,
                   [](storage::Session& session, const RowRequest& r,
                      Deadline) -> absl::StatusOr<pqxx::result> {
                     if (auto s = session.EnsureConnected(); !s.ok()) return s;
                     try {
                       pqxx::nontransaction tx(session.connection());
                       return tx.exec_prepared(kItemStatement, r.tenant(),
                                               r.plan(), r.item());
                     } catch (const std::exception& e) {
                       return ExceptionStatus(session, e);
                     }
                   });
}

grpc::ServerUnaryReactor* BareReadService::TenantRead(
    grpc::CallbackServerContext* ctx, const RowRequest* request,
    Row* response) {
  return ServeRead(
      tenant_pool_, ctx, request, response,
      [](storage::Session& session, const RowRequest& r, Deadline deadline) {
        return storage::TenantRead(session, r.tenant(), deadline,
                                   kItemStatement,
                                   {r.tenant(), r.plan(), r.item()});
      });
}

grpc::ServerUnaryReactor* BareReadService::TenantTransaction(
    grpc::CallbackServerContext* ctx, const RowRequest* request,
    Row* response) {
  return ServeRead(tenant_pool_, ctx, request, response,
                   [](storage::Session& session, const RowRequest& r,
                      Deadline deadline) -> absl::StatusOr<pqxx::result> {
                     auto tx = storage::TenantTransaction::Begin(
                         session, r.tenant(), deadline);
                     if (!tx.ok()) return tx.status();
                     pqxx::result rows;
                     try {
                       rows = (*tx)->work().exec_prepared(
                           kItemStatement, r.tenant(), r.plan(), r.item());
                     } catch (const std::exception& e) {
                       return ExceptionStatus(session, e);
                     }
                     if (auto s = (*tx)->Commit(); !s.ok()) return s;
                     return rows;
                   });
}

bool IsRegisteredStatement(const char* statement) {
  for (const auto& s : storage::RegisteredStatements()) {
    if (std::strcmp(s.name, statement) == 0) return true;
  }
  return false;
}

grpc::ServerUnaryReactor* BareReadService::OrganisationPage(
    grpc::CallbackServerContext* ctx, const OrganisationPageRequest* request,
    Page* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  bool queued = select_pool_.Submit(
      ctx->deadline(), [=](storage::Session& session, bool expired) {
        if (expired || !session.EnsureConnected().ok()) {
          reactor->Finish(
              grpc::Status(grpc::StatusCode::UNAVAILABLE, "no worker"));
          return;
        }
        try {
          pqxx::nontransaction tx(session.connection());
          const OrganisationPageRequest& r = *request;
          pqxx::result rows =
              tx.exec_prepared("directories_org_search", r.tenant(), "", "", "",
                               "", "", "", "", r.limit(), r.query());
          for (const auto& row : rows) {
            Row* out = response->add_rows();
            for (const pqxx::field& f : row) out->add_values(f.c_str());
          }
          reactor->Finish(
              rows.empty()
                  ? grpc::Status(grpc::StatusCode::NOT_FOUND, "empty page")
                  : grpc::Status::OK);
        } catch (const std::exception& e) {
          reactor->Finish(ToGrpcStatus(ExceptionStatus(session, e)));
        }
      });
  if (!queued) {
    reactor->Finish(
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "queue full"));
  }
  return reactor;
}

grpc::ServerUnaryReactor* BareReadService::FundingGroupBy(
    grpc::CallbackServerContext* ctx, const FundingGroupByRequest* request,
    Page* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  bool queued = select_pool_.Submit(
      ctx->deadline(), [=](storage::Session& session, bool expired) {
        if (expired || !session.EnsureConnected().ok()) {
          reactor->Finish(
              grpc::Status(grpc::StatusCode::UNAVAILABLE, "no worker"));
          return;
        }
        try {
          pqxx::nontransaction tx(session.connection());
          pqxx::result rows =
              tx.exec_prepared("funding_summary_awards", request->tenant(),
                               request->fiscal_year());
          for (const auto& row : rows) {
            Row* out = response->add_rows();
            for (const pqxx::field& f : row) out->add_values(f.c_str());
          }
          reactor->Finish(
              rows.empty()
                  ? grpc::Status(grpc::StatusCode::NOT_FOUND, "no group")
                  : grpc::Status::OK);
        } catch (const std::exception& e) {
          reactor->Finish(ToGrpcStatus(ExceptionStatus(session, e)));
        }
      });
  if (!queued) {
    reactor->Finish(
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "queue full"));
  }
  return reactor;
}

}  // namespace poles::bench
