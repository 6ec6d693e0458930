#ifndef POLES_GATEWAY_FISCAL_YEAR_READER_H_
#define POLES_GATEWAY_FISCAL_YEAR_READER_H_

// The tenants' fiscal-year states (FiscalYearsService.GetFiscalYear), read
// for the PAGES table's "submitted" column.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "poles/v1/fiscal_years.pb.h"

namespace poles::gateway {

class FiscalYearReader {
 public:
  using Deadline = std::chrono::system_clock::time_point;
  virtual ~FiscalYearReader() = default;

  // The state of `fiscal_year` ("2017-2018") of each tenant of `slugs`, by
  // slug, read with `authorization` by `deadline`. A tenant whose state
  // could not be read (the service unreachable, or UNIMPLEMENTED where no
  // server implements it yet) is absent: not submitted, as far as the table
  // knows. Returns by the deadline.
  virtual std::map<std::string, v1::FiscalYear> Read(
      const std::vector<std::string>& slugs, const std::string& fiscal_year,
      const std::string& authorization, Deadline deadline) = 0;
};

// FiscalYearReader over the generated FiscalYearsService stub (callback
// API), at most `max_in_flight` calls at once. Thread-safe.
class GrpcFiscalYearReader final : public FiscalYearReader {
 public:
  GrpcFiscalYearReader(std::shared_ptr<grpc::Channel> channel,
                       int max_in_flight);
  ~GrpcFiscalYearReader() override;

  std::map<std::string, v1::FiscalYear> Read(
      const std::vector<std::string>& slugs, const std::string& fiscal_year,
      const std::string& authorization, Deadline deadline) override;

  class Stub;

 private:
  std::shared_ptr<Stub> stub_;
  int max_in_flight_;
};

// A FiscalYearReader answering from a map (tests).
class FakeFiscalYearReader final : public FiscalYearReader {
 public:
  std::map<std::string, v1::FiscalYear> Read(
      const std::vector<std::string>& slugs, const std::string& fiscal_year,
      const std::string& authorization, Deadline deadline) override {
    std::map<std::string, v1::FiscalYear> out;
    for (const auto& slug : slugs) {
      auto it = states.find(slug);
      if (it != states.end()) out[slug] = it->second;
    }
    return out;
  }
  std::map<std::string, v1::FiscalYear> states;
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_FISCAL_YEAR_READER_H_
