// libFuzzer target: the HTML the platform renders from tenants' texts (the
// directory export's page per MRC, a Pôle's bilan). Whatever the texts, no
// < > " ' reaches the output unescaped and every & is a character
// reference: the markup of a page rendered from the texts equals that of
// the page rendered from the texts with those characters neutralised
// (fuzz_checks.h), and the page is valid UTF-8 when the texts are.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz/fuzz_checks.h"
#include "gateway/bilan.h"
#include "gateway/bilan_html.h"
#include "gateway/bilan_test_fixtures.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "services/directories/directory_export.h"

namespace {

using poles::fuzz::Neutral;
using poles::fuzz::SameMarkup;

std::vector<std::string> Texts(FuzzedDataProvider& in, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(
        poles::fuzz::WithoutNeutralMarks(in.ConsumeRandomLengthString(64)));
  }
  return out;
}

std::vector<std::string> Neutralised(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const auto& t : texts) out.push_back(Neutral(t));
  return out;
}

bool AllValidUtf8(const std::vector<std::string>& texts) {
  for (const auto& t : texts) {
    if (!poles::fuzz::ValidUtf8(t)) return false;
  }
  return true;
}

// The directory page of three enterprises whose ten fields each are texts.
std::string Directory(const std::vector<std::string>& t) {
  std::vector<poles::directories::DirectoryEntry> entries(3);
  size_t k = 2;
  for (auto& e : entries) {
    for (std::string* f :
         {&e.display_name, &e.legal_form, &e.sector, &e.mrc, &e.municipality,
          &e.address, &e.phone, &e.email, &e.website, &e.neq}) {
      *f = t[k++];
    }
  }
  return poles::directories::RenderDirectoryHtml(
      t[0], poles::directories::MrcTitle(t[1], true), entries, "2018-03-31");
}

// Sets every string field of `m` (maps' keys and values included) to the
// next of `texts`, in field order, cycling.
void SetStrings(google::protobuf::Message* m,
                const std::vector<std::string>& texts, size_t* next) {
  const auto* d = m->GetDescriptor();
  const auto* r = m->GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* f = d->field(i);
    const auto take = [&] { return texts[(*next)++ % texts.size()]; };
    if (f->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      if (f->is_repeated()) {
        for (int k = 0; k < r->FieldSize(*m, f); ++k) {
          r->SetRepeatedString(m, f, k, take());
        }
      } else {
        r->SetString(m, f, take());
      }
    } else if (f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int k = 0; k < r->FieldSize(*m, f); ++k) {
          SetStrings(r->MutableRepeatedMessage(m, f, k), texts, next);
        }
      } else if (r->HasField(*m, f)) {
        SetStrings(r->MutableMessage(m, f), texts, next);
      }
    }
  }
}

// A bilan as the gateway builds it (gateway/bilan_html_test.cc's fixture),
// every string field then replaced by `texts`.
poles::v1::Bilan Bilan(const std::vector<std::string>& texts) {
  using poles::gateway::testing::AddValues;
  static const poles::v1::Bilan* base = [] {
    poles::gateway::TenantSummaries ts;
    ts.tenant = {"centre-du-quebec", "Pôle", "17", "Centre-du-Québec", {}};
    ts.fiscal_year = "2017-2018";
    AddValues(&ts, "funding",
              {{"funding.awards", {}, 1},
               {"funding.awards", {{"program", "p"}, {"funder", "mesi"}}, 1},
               {"funding.amount_authorised", {}, 33790500},
               {"funding.reported_amount",
                {},
                71728083,
                poles::v1::PROVENANCE_REPORTED,
                {"un constat"}}});
    AddValues(&ts, "directories",
              {{"directories.dossiers_opened", {}, 14},
               {"directories.dossiers_opened",
                {{"mrc", "arthabaska"}, {"gender", "women"}},
                13},
               {"directories.enterprises", {}, 237}});
    AddValues(&ts, "events",
              {{"events.held", {}, 9},
               {"events.participants", {{"gender", "women"}}, 40},
               {"events.meetings", {{"body_kind", "board"}}, 6}});
    ts.failed["plans"] = absl::UnavailableError("connection refused");
    poles::gateway::ReferenceLabels labels;
    labels.by_dimension["program"]["p"] = "Programme";
    labels.by_dimension["mrc"]["arthabaska"] = "Arthabaska";
    return new poles::v1::Bilan(poles::gateway::BuildBilan(
        ts, poles::gateway::testing::CatalogueForTests(), labels,
        poles::gateway::Audience::kTenant, 5));
  }();
  poles::v1::Bilan b = *base;
  size_t next = 0;
  SetStrings(&b, texts, &next);
  return b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const bool bilan = in.ConsumeBool();
  const std::string language = in.ConsumeBool() ? "en" : "fr";
  const std::vector<std::string> texts = Texts(in, 32);
  const std::vector<std::string> neutral = Neutralised(texts);
  std::string html, reference;
  if (bilan) {
    html = poles::gateway::RenderBilanHtml(Bilan(texts), language);
    reference = poles::gateway::RenderBilanHtml(Bilan(neutral), language);
  } else {
    html = Directory(texts);
    reference = Directory(neutral);
  }
  if (!SameMarkup(html, reference)) __builtin_trap();
  if (AllValidUtf8(texts) && !poles::fuzz::ValidUtf8(html)) __builtin_trap();
  return 0;
}
