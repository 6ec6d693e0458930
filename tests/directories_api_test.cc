// The directories API end to end against a real database: organisations
// (standard methods, pagination, filters, accent-insensitive search,
// membership), the distribution, people and their erasure, dossiers and
// interventions (the Centre-du-Québec bilan's 14 dossiers and 20
// interventions), the indicator summary with computed and reported values,
// and bad input named by field that changes nothing.
#include <chrono>
#include <thread>

#include <google/protobuf/util/message_differencer.h>
#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "server/bootstrap.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

std::string FormatEtagForTest(int version) {
  return "W/\"" + std::to_string(version) + "\"";
}

std::string IssueKeyDirectForTest(const std::string& role) {
  auto key = IssueKeyDirect(OwnerUrl(), role, "", "tests");
  EXPECT_TRUE(key.ok()) << key.status();
  return key.ok() ? *key : "";
}

// The five MRCs of Centre-du-Québec.
void SetCentreDuQuebecTerritory(const TestTenant& t) {
  v1::UpdateTenantRequest req;
  req.mutable_tenant()->set_name(t.parent());
  for (const char* m :
       {"arthabaska", "becancour", "drummond", "l-erable", "nicolet-yamaska"}) {
    req.mutable_tenant()->add_mrcs(std::string("mrcs/") + m);
  }
  req.mutable_update_mask()->add_paths("mrcs");
  v1::Tenant out;
  auto s = Admin()->UpdateTenant(Ctx(AdminKey()).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

v1::Organisation Enterprise(
    const std::string& name, const std::string& sector, const std::string& mrc,
    v1::Organisation::LegalForm form = v1::Organisation::OBNL) {
  v1::Organisation o;
  o.set_display_name(name);
  o.set_kind(v1::Organisation::ENTERPRISE);
  o.set_legal_form(form);
  o.set_sector("sectors/" + sector);
  o.set_mrc("mrcs/" + mrc);
  return o;
}

class DirectoriesApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = NewTenant("dir");
    SetCentreDuQuebecTerritory(t_);
    stub_ = Directories();
  }

  v1::Organisation Create(const v1::Organisation& o,
                          const std::string& id = "") {
    v1::CreateOrganisationRequest req;
    req.set_parent(t_.parent());
    req.set_organisation_id(id);
    *req.mutable_organisation() = o;
    v1::Organisation out;
    auto s = stub_->CreateOrganisation(Ctx(t_.editor_key).get(), req, &out);
    EXPECT_TRUE(s.ok()) << o.display_name() << ": " << s.error_message();
    return out;
  }

  std::vector<std::string> Names(const v1::ListOrganisationsRequest& base) {
    std::vector<std::string> names;
    v1::ListOrganisationsRequest req = base;
    req.set_parent(t_.parent());
    v1::ListOrganisationsResponse resp;
    auto s = stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (const auto& o : resp.organisations())
      names.push_back(o.display_name());
    return names;
  }

  std::vector<std::string> Search(const std::string& query) {
    v1::ListOrganisationsRequest req;
    req.set_query(query);
    return Names(req);
  }

  long Rows(const std::string& table) {
    pqxx::connection c(SuperuserUrl());
    pqxx::work w(c);
    return w
        .exec_params(
            "SELECT count(*) FROM poles." + table + " WHERE tenant_id = $1",
            t_.slug)[0][0]
        .as<long>();
  }

  TestTenant t_;
  std::unique_ptr<v1::DirectoriesService::Stub> stub_;
};

TEST_F(DirectoriesApiTest, SectorsAreAFrenchReferenceList) {
  v1::ListSectorsResponse resp;
  ASSERT_TRUE(stub_->ListSectors(Ctx(t_.viewer_key).get(), {}, &resp).ok());
  std::map<std::string, std::string> labels;
  for (const auto& s : resp.sectors()) labels[s.name()] = s.label_fr();
  EXPECT_EQ(labels["sectors/aide-a-domicile"], "Aide à domicile");
  EXPECT_EQ(labels["sectors/petite-enfance"], "Petite enfance");
  EXPECT_EQ(labels["sectors/medias-communautaires"], "Médias communautaires");
  EXPECT_EQ(labels["sectors/services-aux-personnes"], "Services aux personnes");
  EXPECT_GE(resp.sectors_size(), 15);
  // Reference data: any key may read it, the admin's too.
  EXPECT_TRUE(stub_->ListSectors(Ctx(AdminKey()).get(), {}, &resp).ok());
}

TEST_F(DirectoriesApiTest, CreateGetUpdateDeleteAnOrganisation) {
  v1::Organisation in = Enterprise("Café des 4 Ponts", "services-aux-personnes",
                                   "becancour", v1::Organisation::COOPERATIVE);
  in.set_neq("1164 001 234");
  in.set_municipality("Bécancour");
  in.set_employees(12);
  in.set_year_founded(2004);
  v1::Organisation o = Create(in, "cafe-4-ponts");
  EXPECT_EQ(o.name(), t_.parent() + "/organisations/cafe-4-ponts");
  EXPECT_EQ(o.neq(), "1164001234");
  EXPECT_EQ(o.membership().status(), v1::Membership::NON_MEMBER);
  EXPECT_FALSE(o.etag().empty());

  v1::GetOrganisationRequest get;
  get.set_name(o.name());
  v1::Organisation got;
  ASSERT_TRUE(stub_->GetOrganisation(Ctx(t_.viewer_key).get(), get, &got).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(o, got));

  v1::UpdateOrganisationRequest up;
  up.mutable_organisation()->set_name(o.name());
  up.mutable_organisation()->set_etag(o.etag());
  up.mutable_organisation()->set_employees(15);
  up.mutable_organisation()->set_display_name("ignored: not in the mask");
  up.mutable_organisation()->mutable_membership()->set_status(
      v1::Membership::ACTIVE);
  up.mutable_organisation()->mutable_membership()->set_since("2016-09-20");
  up.mutable_update_mask()->add_paths("employees");
  up.mutable_update_mask()->add_paths("membership");
  up.mutable_update_mask()->add_paths("update_time");  // output only: ignored
  v1::Organisation updated;
  ASSERT_TRUE(
      stub_->UpdateOrganisation(Ctx(t_.editor_key).get(), up, &updated).ok());
  EXPECT_EQ(updated.employees(), 15);
  EXPECT_EQ(updated.display_name(), "Café des 4 Ponts");
  EXPECT_EQ(updated.membership().status(), v1::Membership::ACTIVE);
  EXPECT_NE(updated.etag(), o.etag());

  // The old etag is stale: ABORTED, nothing changes.
  up.mutable_update_mask()->Clear();
  up.mutable_update_mask()->add_paths("employees");
  up.mutable_organisation()->set_employees(99);
  v1::Organisation ignored;
  EXPECT_THAT(
      S(stub_->UpdateOrganisation(Ctx(t_.editor_key).get(), up, &ignored)),
      StatusIs(absl::StatusCode::kAborted));
  // An unknown path is INVALID_ARGUMENT naming update_mask.
  up.mutable_organisation()->set_etag("");
  up.mutable_update_mask()->add_paths("colour");
  EXPECT_THAT(
      S(stub_->UpdateOrganisation(Ctx(t_.editor_key).get(), up, &ignored)),
      InvalidFieldIs("update_mask"));
  ASSERT_TRUE(stub_->GetOrganisation(Ctx(t_.viewer_key).get(), get, &got).ok());
  EXPECT_EQ(got.employees(), 15);

  v1::DeleteOrganisationRequest del;
  del.set_name(o.name());
  del.set_etag(o.etag());
  google::protobuf::Empty e;
  EXPECT_THAT(S(stub_->DeleteOrganisation(Ctx(t_.editor_key).get(), del, &e)),
              StatusIs(absl::StatusCode::kAborted));
  del.set_etag(got.etag());
  ASSERT_TRUE(
      stub_->DeleteOrganisation(Ctx(t_.editor_key).get(), del, &e).ok());
  EXPECT_THAT(S(stub_->GetOrganisation(Ctx(t_.viewer_key).get(), get, &got)),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(Rows("organisation_search_terms"), 0);
}

// Real concurrent sessions: of updates sent at once with the same etag,
// exactly one wins; the others are ABORTED and change nothing.
TEST_F(DirectoriesApiTest, ConcurrentUpdatesWithOneEtagHaveOneWinner) {
  v1::Organisation o =
      Create(Enterprise("Course", "sante", "drummond"), "course");
  constexpr int kWriters = 4;
  std::vector<absl::Status> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      auto stub = Directories();
      v1::UpdateOrganisationRequest up;
      up.mutable_organisation()->set_name(o.name());
      up.mutable_organisation()->set_etag(o.etag());
      up.mutable_organisation()->set_employees(i + 1);
      up.mutable_update_mask()->add_paths("employees");
      v1::Organisation out;
      results[i] =
          S(stub->UpdateOrganisation(Ctx(t_.editor_key).get(), up, &out));
    });
  }
  for (auto& t : threads) t.join();
  int won = 0, aborted = 0;
  for (const auto& s : results) {
    won += s.ok();
    aborted += s.code() == absl::StatusCode::kAborted;
  }
  EXPECT_EQ(won, 1);
  EXPECT_EQ(aborted, kWriters - 1);
  v1::GetOrganisationRequest get;
  get.set_name(o.name());
  v1::Organisation got;
  ASSERT_TRUE(stub_->GetOrganisation(Ctx(t_.viewer_key).get(), get, &got).ok());
  EXPECT_EQ(got.etag(), FormatEtagForTest(2));
}

TEST_F(DirectoriesApiTest, BadInputIsNamedByFieldAndWritesNothing) {
  long audit_before = Rows("audit_log");
  auto create = [&](const v1::Organisation& o) {
    v1::CreateOrganisationRequest req;
    req.set_parent(t_.parent());
    *req.mutable_organisation() = o;
    v1::Organisation out;
    return S(stub_->CreateOrganisation(Ctx(t_.editor_key).get(), req, &out));
  };
  v1::Organisation o =
      Enterprise("Ressourcerie Transition", "environnement", "drummond");
  o.set_mrc("mrcs/montreal");  // a real MRC, outside the territory
  EXPECT_THAT(create(o), InvalidFieldIs("organisation.mrc"));
  o.set_mrc("mrcs/drummond");
  o.set_neq("12345");
  EXPECT_THAT(create(o), InvalidFieldIs("organisation.neq"));
  o.set_neq("");
  o.set_sector("sectors/peche-commerciale");
  EXPECT_THAT(create(o), InvalidFieldIs("organisation.sector"));
  o.set_sector("environnement");  // not a resource name
  EXPECT_THAT(create(o), InvalidFieldIs("organisation.sector"));
  o.set_sector("sectors/environnement");
  o.set_display_name(std::string(301, 'x'));
  EXPECT_THAT(create(o), InvalidFieldIs("organisation.display_name"));
  o.set_display_name("Ressourcerie Transition");
  o.set_year_founded(3000);
  o.set_website("javascript:alert(1)");
  absl::Status both = create(o);
  EXPECT_THAT(both, InvalidFieldIs("organisation.year_founded"));
  EXPECT_THAT(both, InvalidFieldIs("organisation.website"));
  // Shape and references in one answer: every bad field is named.
  o.set_sector("sectors/peche-commerciale");
  o.set_mrc("mrcs/montreal");
  absl::Status all = create(o);
  EXPECT_THAT(all, InvalidFieldIs("organisation.year_founded"));
  EXPECT_THAT(all, InvalidFieldIs("organisation.sector"));
  EXPECT_THAT(all, InvalidFieldIs("organisation.mrc"));
  o.set_sector("sectors/environnement");
  o.set_mrc("mrcs/drummond");
  o.clear_year_founded();
  o.clear_website();
  o.set_legal_form(v1::Organisation::LEGAL_FORM_UNSPECIFIED);
  EXPECT_THAT(create(o), InvalidFieldIs("organisation.legal_form"));
  // Bad parent, bad id, bad request id.
  v1::CreateOrganisationRequest req;
  req.set_parent("tenants/NOPE");
  req.set_organisation_id("Pas Valide");
  req.set_request_id(std::string(101, 'r'));
  *req.mutable_organisation() = Enterprise("X", "sante", "drummond");
  v1::Organisation out;
  absl::Status s =
      S(stub_->CreateOrganisation(Ctx(t_.editor_key).get(), req, &out));
  EXPECT_THAT(s, InvalidFieldIs("parent"));
  EXPECT_THAT(s, InvalidFieldIs("organisation_id"));
  EXPECT_THAT(s, InvalidFieldIs("request_id"));
  // Lists: negative page size, unknown filters, a query with no word.
  v1::ListOrganisationsRequest list;
  list.set_parent(t_.parent());
  list.set_page_size(-1);
  list.set_mrc("becancour");
  list.set_query("--");
  v1::ListOrganisationsResponse resp;
  s = S(stub_->ListOrganisations(Ctx(t_.viewer_key).get(), list, &resp));
  EXPECT_THAT(s, InvalidFieldIs("page_size"));
  EXPECT_THAT(s, InvalidFieldIs("mrc"));
  EXPECT_THAT(s, InvalidFieldIs("query"));
  EXPECT_EQ(Rows("organisations"), 0);
  EXPECT_EQ(Rows("audit_log"), audit_before);
}

TEST_F(DirectoriesApiTest, RequestIdReplaysAndNeqIsUniqueInTheTenant) {
  v1::CreateOrganisationRequest req;
  req.set_parent(t_.parent());
  req.set_request_id("2f1c8e0a-0001");
  *req.mutable_organisation() =
      Enterprise("Logisoutien", "aide-a-domicile", "drummond");
  req.mutable_organisation()->set_neq("1140000001");
  v1::Organisation first, second;
  ASSERT_TRUE(
      stub_->CreateOrganisation(Ctx(t_.editor_key).get(), req, &first).ok());
  ASSERT_TRUE(
      stub_->CreateOrganisation(Ctx(t_.editor_key).get(), req, &second).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(first, second));
  EXPECT_EQ(Rows("organisations"), 1);
  req.set_request_id("2f1c8e0a-0002");
  EXPECT_THAT(
      S(stub_->CreateOrganisation(Ctx(t_.editor_key).get(), req, &second)),
      StatusIs(absl::StatusCode::kAlreadyExists));
  // The same NEQ in another tenant is fine: tenants are separate.
  TestTenant other = NewTenant("dir");
  req.set_parent(other.parent());
  req.mutable_organisation()->set_mrc("mrcs/becancour");
  EXPECT_TRUE(
      stub_->CreateOrganisation(Ctx(other.editor_key).get(), req, &second)
          .ok());
}

TEST_F(DirectoriesApiTest, ListsByFoldedNameWithKeysetPages) {
  for (const char* n : {"Écocentre", "axart", "Zone jeunesse", "Café", "Éclair",
                        "Boxe KO96", "Centre des Arts populaires"}) {
    Create(Enterprise(n, "loisir-et-sport", "arthabaska"));
  }
  std::vector<std::string> names;
  v1::ListOrganisationsRequest req;
  req.set_parent(t_.parent());
  req.set_page_size(3);
  int pages = 0;
  do {
    v1::ListOrganisationsResponse resp;
    ASSERT_TRUE(
        stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp).ok());
    for (const auto& o : resp.organisations())
      names.push_back(o.display_name());
    req.set_page_token(resp.next_page_token());
    ++pages;
  } while (!req.page_token().empty());
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(names, ElementsAre("axart", "Boxe KO96", "Café",
                                 "Centre des Arts populaires", "Éclair",
                                 "Écocentre", "Zone jeunesse"));
  // A token is bound to its filter.
  v1::ListOrganisationsResponse first;
  req.set_page_token("");
  ASSERT_TRUE(
      stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &first).ok());
  req.set_page_token(first.next_page_token());
  req.set_mrc("mrcs/becancour");
  v1::ListOrganisationsResponse resp;
  EXPECT_THAT(S(stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp)),
              InvalidFieldIs("page_token"));
}

TEST_F(DirectoriesApiTest, SearchIgnoresCaseAndAccents) {
  v1::Organisation a = Enterprise("Économie sociale en action",
                                  "services-aux-personnes", "drummond");
  a.set_municipality("Drummondville");
  Create(a);
  v1::Organisation b =
      Enterprise("CPE Chez-Moi Chez-Toi", "petite-enfance", "becancour");
  b.set_municipality("Bécancour");
  Create(b);
  v1::Organisation c = Enterprise("Coopérative de solidarité L'Érable",
                                  "aide-a-domicile", "l-erable");
  c.set_municipality("Plessisville");
  c.set_neq("3312345678");
  Create(c);
  EXPECT_THAT(Search("economie"), ElementsAre("Économie sociale en action"));
  EXPECT_THAT(Search("ÉCONOMIE"), ElementsAre("Économie sociale en action"));
  EXPECT_THAT(Search("Becancour"), ElementsAre("CPE Chez-Moi Chez-Toi"));
  EXPECT_THAT(Search("becan"),
              ElementsAre("CPE Chez-Moi Chez-Toi"));  // word prefix
  EXPECT_THAT(Search("cooperative erable"),
              ElementsAre("Coopérative de solidarité L'Érable"));
  EXPECT_THAT(Search("erable cooperative"),
              ElementsAre("Coopérative de solidarité L'Érable"));
  EXPECT_THAT(Search("3312345678"),
              ElementsAre("Coopérative de solidarité L'Érable"));
  EXPECT_THAT(Search("chez-toi"), ElementsAre("CPE Chez-Moi Chez-Toi"));
  EXPECT_THAT(Search("économie becancour"), ElementsAre());
  EXPECT_THAT(Search("nulle part"), ElementsAre());
  // The search follows renames (the index is kept by a trigger).
  v1::ListOrganisationsRequest list;
  list.set_query("economie");
  list.set_parent(t_.parent());
  v1::ListOrganisationsResponse resp;
  ASSERT_TRUE(
      stub_->ListOrganisations(Ctx(t_.viewer_key).get(), list, &resp).ok());
  v1::UpdateOrganisationRequest up;
  *up.mutable_organisation() = resp.organisations(0);
  up.mutable_organisation()->set_display_name("Entraide Drummond");
  up.mutable_update_mask()->add_paths("display_name");
  v1::Organisation out;
  ASSERT_TRUE(
      stub_->UpdateOrganisation(Ctx(t_.editor_key).get(), up, &out).ok());
  EXPECT_THAT(Search("economie"), ElementsAre());
  EXPECT_THAT(Search("entraide"), ElementsAre("Entraide Drummond"));
  // Search combines with filters.
  v1::ListOrganisationsRequest filtered;
  filtered.set_query("c");
  filtered.set_mrc("mrcs/becancour");
  EXPECT_THAT(Names(filtered), ElementsAre("CPE Chez-Moi Chez-Toi"));
}

// The word index is derived data kept by triggers: after creates, renames,
// a change of municipality alone, an update that leaves the words alone and
// a delete, it holds exactly the words of the tenant's organisations, each
// with the organisation's current sort key (the search orders by it).
TEST_F(DirectoriesApiTest, SearchWordsFollowEveryWrite) {
  auto drift = [&] {
    pqxx::connection c(SuperuserUrl());
    pqxx::work w(c);
    return w.exec_params(
        "WITH want AS (SELECT o.tenant_id, w AS term, o.organisation_id, "
        "o.sort_name "
        "FROM poles.organisations o, poles.organisation_words(o.search_text) "
        "AS w WHERE o.tenant_id = $1), have AS (SELECT "
        "tenant_id, term, organisation_id, sort_name FROM "
        "poles.organisation_search_terms "
        "WHERE tenant_id = $1) SELECT (SELECT count(*) FROM (TABLE want EXCEPT "
        "TABLE have) a), "
        "(SELECT count(*) FROM (TABLE have EXCEPT TABLE want) b), (SELECT "
        "count(*) FROM have)",
        t_.slug)[0];
  };
  v1::Organisation a =
      Create(Enterprise("Économie d'ici", "sante", "becancour"));
  v1::Organisation b =
      Enterprise("Ressourcerie des Bois-Francs", "environnement", "arthabaska");
  b.set_municipality("Victoriaville");
  b.set_neq("1140000001");
  b = Create(b);
  auto counts = drift();
  EXPECT_EQ(counts[0].as<long>(), 0);
  EXPECT_EQ(counts[1].as<long>(), 0);
  EXPECT_EQ(counts[2].as<long>(),
            3 + 6);  // economie d ici; ressourcerie des bois francs
                     // victoriaville 1140000001

  auto update = [&](v1::Organisation o, const std::string& path) {
    v1::UpdateOrganisationRequest up;
    *up.mutable_organisation() = o;
    up.mutable_update_mask()->add_paths(path);
    v1::Organisation out;
    auto s = stub_->UpdateOrganisation(Ctx(t_.editor_key).get(), up, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  };
  a.set_display_name("Autre nom");
  a = update(a, "display_name");
  b.set_municipality("Warwick");
  b = update(b, "municipality");
  b.set_employees(12);
  b = update(b, "employees");
  counts = drift();
  EXPECT_EQ(counts[0].as<long>(), 0);
  EXPECT_EQ(counts[1].as<long>(), 0);
  EXPECT_THAT(Search("warwick"), ElementsAre("Ressourcerie des Bois-Francs"));
  EXPECT_THAT(Search("victoriaville"), ElementsAre());
  EXPECT_THAT(Search("autre"), ElementsAre("Autre nom"));

  v1::DeleteOrganisationRequest del;
  del.set_name(b.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(
      stub_->DeleteOrganisation(Ctx(t_.editor_key).get(), del, &empty).ok());
  counts = drift();
  EXPECT_EQ(counts[0].as<long>(), 0);
  EXPECT_EQ(counts[1].as<long>(), 0);
  EXPECT_EQ(counts[2].as<long>(), 2);  // autre nom
}

// Lists carry the BASIC view unless FULL is asked for: what a directory
// list shows, without contact details, description, renewal history or
// timestamps; FULL is what GetOrganisation returns. Both page the same way.
TEST_F(DirectoriesApiTest, ListsCarryTheBasicViewUnlessFullIsAsked) {
  v1::Organisation a = Enterprise("Économie A", "sante", "becancour");
  a.set_address("1 rue Principale");
  a.set_email("info@a.example");
  a.set_description("Une description");
  a.set_year_founded(1998);
  a = Create(a);
  v1::RenewMembershipRequest renew;
  renew.set_organisation(a.name());
  renew.mutable_renewal()->set_renewal_date("2017-04-15");
  renew.mutable_renewal()->set_renewed_until("2018-03-31");
  ASSERT_TRUE(stub_->RenewMembership(Ctx(t_.editor_key).get(), renew, &a).ok());
  Create(Enterprise("Économie B", "sante", "drummond"));
  Create(Enterprise("Économie C", "habitation", "drummond"));

  for (const std::string query : {"", "economie"}) {
    SCOPED_TRACE("query: " + query);
    v1::ListOrganisationsRequest req;
    req.set_parent(t_.parent());
    req.set_query(query);
    v1::ListOrganisationsResponse resp;
    ASSERT_TRUE(
        stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp).ok());
    ASSERT_EQ(resp.organisations_size(), 3);
    const v1::Organisation& basic = resp.organisations(0);
    EXPECT_EQ(basic.name(), a.name());
    EXPECT_EQ(basic.display_name(), "Économie A");
    EXPECT_EQ(basic.mrc(), "mrcs/becancour");
    EXPECT_EQ(basic.year_founded(), 1998);
    EXPECT_EQ(basic.membership().status(), v1::Membership::ACTIVE);
    EXPECT_EQ(basic.membership().renewal_due(), "2018-03-31");
    EXPECT_EQ(basic.etag(), a.etag());
    EXPECT_EQ(basic.address(), "");
    EXPECT_EQ(basic.email(), "");
    EXPECT_EQ(basic.description(), "");
    EXPECT_EQ(basic.membership().renewals_size(), 0);
    EXPECT_FALSE(basic.has_update_time());

    req.set_view(v1::ORGANISATION_VIEW_FULL);
    ASSERT_TRUE(
        stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp).ok());
    ASSERT_EQ(resp.organisations_size(), 3);
    EXPECT_EQ(resp.organisations(0).SerializeAsString(), a.SerializeAsString());

    // Page by page, in both views, the same three names in order.
    for (auto view :
         {v1::ORGANISATION_VIEW_BASIC, v1::ORGANISATION_VIEW_FULL}) {
      req.set_view(view);
      req.set_page_size(1);
      req.clear_page_token();
      std::vector<std::string> names;
      do {
        ASSERT_TRUE(
            stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp)
                .ok());
        for (const auto& o : resp.organisations())
          names.push_back(o.display_name());
        req.set_page_token(resp.next_page_token());
      } while (!resp.next_page_token().empty() && names.size() < 10);
      EXPECT_THAT(names, ElementsAre("Économie A", "Économie B", "Économie C"));
    }
  }

  v1::ListOrganisationsRequest bad;
  bad.set_parent(t_.parent());
  bad.set_view(static_cast<v1::OrganisationView>(7));
  v1::ListOrganisationsResponse resp;
  EXPECT_THAT(S(stub_->ListOrganisations(Ctx(t_.viewer_key).get(), bad, &resp)),
              InvalidFieldIs("view"));
}

TEST_F(DirectoriesApiTest, FiltersByMrcSectorLegalFormKindAndMembership) {
  Create(Enterprise("A", "sante", "becancour", v1::Organisation::COOPERATIVE));
  Create(Enterprise("B", "sante", "drummond", v1::Organisation::OBNL));
  v1::Organisation c =
      Enterprise("C", "habitation", "becancour", v1::Organisation::MUTUAL);
  c.mutable_membership()->set_status(v1::Membership::ACTIVE);
  c.mutable_membership()->set_since("2017-01-01");
  Create(c);
  v1::Organisation p;
  p.set_display_name("D — MRC de Bécancour");
  p.set_kind(v1::Organisation::PARTNER);
  Create(p);
  v1::ListOrganisationsRequest r;
  r.set_mrc("mrcs/becancour");
  EXPECT_THAT(Names(r), ElementsAre("A", "C"));
  r.Clear();
  r.set_sector("sectors/sante");
  EXPECT_THAT(Names(r), ElementsAre("A", "B"));
  r.Clear();
  r.set_legal_form(v1::Organisation::MUTUAL);
  EXPECT_THAT(Names(r), ElementsAre("C"));
  r.Clear();
  r.set_kind(v1::Organisation::PARTNER);
  EXPECT_THAT(Names(r), ElementsAre("D — MRC de Bécancour"));
  r.Clear();
  r.set_membership_status(v1::Membership::ACTIVE);
  EXPECT_THAT(Names(r), ElementsAre("C"));
}

TEST_F(DirectoriesApiTest, MembershipRenewalsKeepAHistory) {
  v1::Organisation o =
      Create(Enterprise("CUMO de L'Érable", "agroalimentaire", "l-erable",
                        v1::Organisation::COOPERATIVE));
  v1::RenewMembershipRequest req;
  req.set_organisation(o.name());
  req.set_etag(o.etag());
  req.mutable_renewal()->set_renewal_date("2017-04-15");
  req.mutable_renewal()->set_renewed_until("2018-03-31");
  req.mutable_renewal()->set_note("Cotisation 2017-2018");
  v1::Organisation once;
  ASSERT_TRUE(
      stub_->RenewMembership(Ctx(t_.editor_key).get(), req, &once).ok());
  EXPECT_EQ(once.membership().status(), v1::Membership::ACTIVE);
  EXPECT_EQ(once.membership().since(), "2017-04-15");
  EXPECT_EQ(once.membership().renewal_due(), "2018-03-31");
  // Stale etag, then a second renewal.
  v1::Organisation out;
  req.mutable_renewal()->set_renewal_date("2018-04-10");
  req.mutable_renewal()->set_renewed_until("2019-03-31");
  EXPECT_THAT(S(stub_->RenewMembership(Ctx(t_.editor_key).get(), req, &out)),
              StatusIs(absl::StatusCode::kAborted));
  req.set_etag(once.etag());
  ASSERT_TRUE(stub_->RenewMembership(Ctx(t_.editor_key).get(), req, &out).ok());
  EXPECT_EQ(out.membership().since(), "2017-04-15");
  EXPECT_EQ(out.membership().renewal_due(), "2019-03-31");
  ASSERT_EQ(out.membership().renewals_size(), 2);
  EXPECT_EQ(out.membership().renewals(0).note(), "Cotisation 2017-2018");
  // A renewal that ends before it starts is named.
  req.set_etag("");
  req.mutable_renewal()->set_renewed_until("2018-01-01");
  EXPECT_THAT(S(stub_->RenewMembership(Ctx(t_.editor_key).get(), req, &out)),
              InvalidFieldIs("renewal.renewed_until"));
}

TEST_F(DirectoriesApiTest,
       DistributionCountsEnterprisesByMrcSectorAndLegalForm) {
  Create(Enterprise("A1", "aide-a-domicile", "arthabaska",
                    v1::Organisation::COOPERATIVE));
  Create(Enterprise("A2", "aide-a-domicile", "arthabaska",
                    v1::Organisation::OBNL));
  Create(
      Enterprise("A3", "petite-enfance", "arthabaska", v1::Organisation::OBNL));
  Create(
      Enterprise("B1", "petite-enfance", "becancour", v1::Organisation::OBNL));
  v1::Organisation m =
      Enterprise("D1", "arts-et-culture", "drummond", v1::Organisation::MUTUAL);
  m.mutable_membership()->set_status(v1::Membership::ACTIVE);
  m.mutable_membership()->set_since("2016-01-01");
  Create(m);
  v1::Organisation closed = Enterprise("Fermée", "sante", "drummond");
  closed.set_closure_date("2016-06-30");
  Create(closed);
  v1::Organisation partner;
  partner.set_display_name("CDC de la MRC de Bécancour");
  partner.set_kind(v1::Organisation::PARTNER);
  partner.set_mrc("mrcs/becancour");
  Create(partner);

  v1::GetDirectoryDistributionRequest req;
  req.set_parent(t_.parent());
  v1::DirectoryDistribution d;
  ASSERT_TRUE(
      stub_->GetDirectoryDistribution(Ctx(t_.viewer_key).get(), req, &d).ok());
  EXPECT_EQ(d.total(), 5);
  std::map<std::string, int> by_mrc, by_sector, by_form;
  for (const auto& b : d.by_mrc()) by_mrc[b.label()] = b.count();
  for (const auto& b : d.by_sector()) by_sector[b.key()] = b.count();
  for (const auto& b : d.by_legal_form()) by_form[b.key()] = b.count();
  EXPECT_EQ(by_mrc, (std::map<std::string, int>{{"Arthabaska", 3},
                                                {"Bécancour", 1},
                                                {"Drummond", 1},
                                                {"L'Érable", 0},
                                                {"Nicolet-Yamaska", 0}}));
  EXPECT_EQ(by_sector,
            (std::map<std::string, int>{{"sectors/aide-a-domicile", 2},
                                        {"sectors/petite-enfance", 2},
                                        {"sectors/arts-et-culture", 1}}));
  EXPECT_EQ(by_form, (std::map<std::string, int>{
                         {"obnl", 3}, {"cooperative", 1}, {"mutual", 1}}));
  EXPECT_EQ(d.by_mrc(0).label(), "Arthabaska");
  EXPECT_DOUBLE_EQ(d.by_mrc(0).percent(), 60.0);
  EXPECT_EQ(d.by_legal_form(0).label(), "OBNL");
  req.set_members_only(true);
  ASSERT_TRUE(
      stub_->GetDirectoryDistribution(Ctx(t_.viewer_key).get(), req, &d).ok());
  EXPECT_EQ(d.total(), 1);
}

TEST_F(DirectoriesApiTest, TheTerritoryKeepsTheMrcsTheDirectoryUses) {
  Create(Enterprise("Axart", "arts-et-culture", "drummond"));
  auto update = [&](std::vector<std::string> mrcs) {
    v1::UpdateTenantRequest req;
    req.mutable_tenant()->set_name(t_.parent());
    for (const auto& m : mrcs) req.mutable_tenant()->add_mrcs("mrcs/" + m);
    req.mutable_update_mask()->add_paths("mrcs");
    v1::Tenant out;
    return S(Admin()->UpdateTenant(Ctx(AdminKey()).get(), req, &out));
  };
  // Changing the territory around an MRC in use is fine...
  EXPECT_THAT(update({"drummond", "becancour"}), IsOk());
  EXPECT_THAT(update({"drummond", "becancour", "l-erable", "arthabaska"}),
              IsOk());
  // ...removing it is refused, and nothing changes.
  EXPECT_THAT(update({"becancour"}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  v1::GetTenantRequest get;
  get.set_name(t_.parent());
  v1::Tenant t;
  ASSERT_TRUE(Admin()->GetTenant(Ctx(AdminKey()).get(), get, &t).ok());
  EXPECT_EQ(t.mrcs_size(), 4);
}

v1::Person Board(const std::string& name, const std::string& position) {
  v1::Person p;
  p.set_display_name(name);
  p.set_role(v1::Person::BOARD_MEMBER);
  p.set_position(position);
  p.set_email("personne@example.org");
  p.set_phone("819 555-0100");
  p.mutable_consent()->set_purpose(
      "Conseil d'administration : convocations et procès-verbaux");
  p.mutable_consent()->set_consent_date("2017-09-12");
  return p;
}

TEST_F(DirectoriesApiTest, ErasureRemovesPersonalDataAndKeepsAnonymousCounts) {
  v1::Organisation org =
      Create(Enterprise("Logisoutien", "aide-a-domicile", "drummond"));
  v1::CreatePersonRequest req;
  req.set_parent(t_.parent());
  req.set_request_id("person-danielle");
  *req.mutable_person() = Board("Danielle René", "Vice-présidente");
  req.mutable_person()->set_organisation(org.name());
  v1::Person danielle;
  ASSERT_TRUE(
      stub_->CreatePerson(Ctx(t_.editor_key).get(), req, &danielle).ok());
  v1::CreatePersonRequest req2;
  req2.set_parent(t_.parent());
  *req2.mutable_person() = Board("André Nadeau", "Président");
  v1::Person andre;
  ASSERT_TRUE(stub_->CreatePerson(Ctx(t_.editor_key).get(), req2, &andre).ok());
  // Consent is required.
  req2.mutable_person()->clear_consent();
  v1::Person none;
  EXPECT_THAT(S(stub_->CreatePerson(Ctx(t_.editor_key).get(), req2, &none)),
              InvalidFieldIs("person.consent.purpose"));

  v1::ErasePersonRequest erase;
  erase.set_name(danielle.name());
  erase.set_etag(danielle.etag());
  v1::Person erased;
  ASSERT_TRUE(
      stub_->ErasePerson(Ctx(t_.editor_key).get(), erase, &erased).ok());
  EXPECT_TRUE(erased.erased());
  EXPECT_TRUE(erased.has_erase_time());
  EXPECT_EQ(erased.display_name(), "");
  EXPECT_EQ(erased.email(), "");
  EXPECT_EQ(erased.phone(), "");
  EXPECT_EQ(erased.position(), "");
  EXPECT_FALSE(erased.has_consent());
  EXPECT_EQ(erased.role(), v1::Person::BOARD_MEMBER);
  EXPECT_EQ(erased.organisation(), org.name());

  // The anonymous record still counts: 2 board members.
  v1::ListPeopleRequest list;
  list.set_parent(t_.parent());
  list.set_role(v1::Person::BOARD_MEMBER);
  v1::ListPeopleResponse people;
  ASSERT_TRUE(stub_->ListPeople(Ctx(t_.viewer_key).get(), list, &people).ok());
  EXPECT_EQ(people.people_size(), 2);
  // No trace of her name anywhere in the tenant's rows, stored replies
  // included.
  {
    pqxx::connection c(SuperuserUrl());
    pqxx::work w(c);
    EXPECT_EQ(
        w.exec_params(
             "SELECT count(*) FROM poles.people p WHERE p::text LIKE '%René%'")
            [0][0]
                .as<int>(),
        0);
    EXPECT_EQ(
        w.exec_params(
             "SELECT count(*) FROM poles.idempotency_keys WHERE tenant_id = $1 "
             "AND position(convert_to('René', 'UTF8') IN response) > 0",
             t_.slug)[0][0]
            .as<int>(),
        0);
  }
  // An erased person cannot be changed; erasing again changes nothing.
  v1::UpdatePersonRequest up;
  up.mutable_person()->set_name(danielle.name());
  up.mutable_person()->set_display_name("Danielle René");
  up.mutable_update_mask()->add_paths("display_name");
  v1::Person out;
  EXPECT_THAT(S(stub_->UpdatePerson(Ctx(t_.editor_key).get(), up, &out)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  erase.set_etag("");
  ASSERT_TRUE(stub_->ErasePerson(Ctx(t_.editor_key).get(), erase, &out).ok());
  EXPECT_EQ(out.etag(), erased.etag());
  // A viewer can read people; a viewer cannot erase.
  EXPECT_THAT(S(stub_->ErasePerson(Ctx(t_.viewer_key).get(), erase, &out)),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(DirectoriesApiTest, DeletingAReferencedOrganisationNeedsForce) {
  v1::Organisation org = Create(Enterprise(
      "PIVOT Centre-du-Québec", "services-aux-entreprises", "drummond"));
  v1::CreatePersonRequest p;
  p.set_parent(t_.parent());
  *p.mutable_person() = Board("Christine Boisvert", "Vice-présidente");
  p.mutable_person()->set_organisation(org.name());
  v1::Person person;
  ASSERT_TRUE(stub_->CreatePerson(Ctx(t_.editor_key).get(), p, &person).ok());
  v1::CreateDossierRequest d;
  d.set_parent(t_.parent());
  d.mutable_dossier()->set_title("Accompagnement en gouvernance");
  d.mutable_dossier()->set_organisation(org.name());
  d.mutable_dossier()->set_sector("sectors/services-aux-entreprises");
  d.mutable_dossier()->set_mrc("mrcs/drummond");
  d.mutable_dossier()->set_phase(v1::Dossier::CONSOLIDATION);
  d.mutable_dossier()->set_open_date("2017-11-02");
  v1::Dossier dossier;
  ASSERT_TRUE(stub_->CreateDossier(Ctx(t_.editor_key).get(), d, &dossier).ok());

  v1::DeleteOrganisationRequest del;
  del.set_name(org.name());
  google::protobuf::Empty e;
  EXPECT_THAT(S(stub_->DeleteOrganisation(Ctx(t_.editor_key).get(), del, &e)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  del.set_force(true);
  ASSERT_TRUE(
      stub_->DeleteOrganisation(Ctx(t_.editor_key).get(), del, &e).ok());
  v1::GetPersonRequest gp;
  gp.set_name(person.name());
  ASSERT_TRUE(stub_->GetPerson(Ctx(t_.viewer_key).get(), gp, &person).ok());
  EXPECT_EQ(person.organisation(), "");
  v1::GetDossierRequest gd;
  gd.set_name(dossier.name());
  ASSERT_TRUE(stub_->GetDossier(Ctx(t_.viewer_key).get(), gd, &dossier).ok());
  EXPECT_EQ(dossier.organisation(), "");
  EXPECT_EQ(dossier.promoter_group(), "PIVOT Centre-du-Québec");
}

// The Centre-du-Québec bilan 2017-2018: « Nombre de dossiers différents :
// 14 » and, by intervention (20): sectors 6/5/2/2/2/1/1/1, territories
// Arthabaska 7, Bécancour 6, Drummond 5, L'Érable 2, promoters one woman 14,
// one man 6, both 0.
struct SeedDossier {
  const char* sector;
  const char* mrc;
  v1::Dossier::PromoterGender gender;
  int interventions;
  v1::Dossier::Phase phase;
};
const SeedDossier kSeedDossiers[] = {
    {"services-aux-personnes", "arthabaska", v1::Dossier::WOMEN, 2,
     v1::Dossier::PRE_STARTUP},
    {"services-aux-personnes", "arthabaska", v1::Dossier::WOMEN, 2,
     v1::Dossier::STARTUP},
    {"services-aux-personnes", "becancour", v1::Dossier::MEN, 2,
     v1::Dossier::CONSOLIDATION},
    {"commerce-de-detail", "arthabaska", v1::Dossier::WOMEN, 2,
     v1::Dossier::PRE_STARTUP},
    {"commerce-de-detail", "becancour", v1::Dossier::WOMEN, 2,
     v1::Dossier::DEVELOPMENT},
    {"commerce-de-detail", "drummond", v1::Dossier::MEN, 1,
     v1::Dossier::STARTUP},
    {"emploi-et-insertion", "drummond", v1::Dossier::WOMEN, 2,
     v1::Dossier::CONSOLIDATION},
    {"services-de-proximite", "becancour", v1::Dossier::WOMEN, 1,
     v1::Dossier::PRE_STARTUP},
    {"services-de-proximite", "drummond", v1::Dossier::MEN, 1,
     v1::Dossier::PRE_STARTUP},
    {"services-aux-entreprises", "arthabaska", v1::Dossier::WOMEN, 1,
     v1::Dossier::STARTUP},
    {"services-aux-entreprises", "l-erable", v1::Dossier::MEN, 1,
     v1::Dossier::DEVELOPMENT},
    {"assurances-et-finance", "drummond", v1::Dossier::WOMEN, 1,
     v1::Dossier::CONSOLIDATION},
    {"arts-et-culture", "becancour", v1::Dossier::MEN, 1,
     v1::Dossier::DEVELOPMENT},
    {"sante", "l-erable", v1::Dossier::WOMEN, 1, v1::Dossier::SUCCESSION},
};

class DirectoriesSummaryTest : public DirectoriesApiTest {
 protected:
  void LoadSeedDossiers() {
    int n = 0, k = 0;
    for (const auto& sd : kSeedDossiers) {
      v1::CreateDossierRequest req;
      req.set_parent(t_.parent());
      auto* d = req.mutable_dossier();
      d->set_title("Dossier " + std::to_string(++n));
      d->set_promoter_group("Groupe promoteur");
      d->set_sector(std::string("sectors/") + sd.sector);
      d->set_mrc(std::string("mrcs/") + sd.mrc);
      d->set_phase(sd.phase);
      d->set_promoter_gender(sd.gender);
      d->set_open_date(n == 1 ? "2017-04-01"
                              : "2017-10-0" + std::to_string(1 + n % 9));
      v1::Dossier out;
      ASSERT_TRUE(
          stub_->CreateDossier(Ctx(t_.editor_key).get(), req, &out).ok());
      for (int i = 0; i < sd.interventions; ++i) {
        v1::CreateInterventionRequest ir;
        ir.set_parent(out.name());
        // The fiscal year's first and last days are inside it.
        ir.mutable_intervention()->set_intervention_date(++k == 1 ? "2017-04-01"
                                                         : k == 2
                                                             ? "2018-03-31"
                                                             : "2017-11-15");
        ir.mutable_intervention()->add_subjects(
            "Information sur les programmes, outils financiers, outils de "
            "gestion");
        v1::Intervention io;
        ASSERT_TRUE(
            stub_->CreateIntervention(Ctx(t_.editor_key).get(), ir, &io).ok());
      }
    }
    // Outside 2017-2018: a dossier opened on 1 April 2018, with an
    // intervention on 31 March 2017 (before the year) in it.
    v1::CreateDossierRequest late;
    late.set_parent(t_.parent());
    late.mutable_dossier()->set_title("Dossier de l'année suivante");
    late.mutable_dossier()->set_promoter_group("Groupe");
    late.mutable_dossier()->set_sector("sectors/sante");
    late.mutable_dossier()->set_mrc("mrcs/nicolet-yamaska");
    late.mutable_dossier()->set_phase(v1::Dossier::STARTUP);
    late.mutable_dossier()->set_open_date("2018-04-01");
    v1::Dossier out;
    ASSERT_TRUE(
        stub_->CreateDossier(Ctx(t_.editor_key).get(), late, &out).ok());
    v1::CreateInterventionRequest ir;
    ir.set_parent(out.name());
    ir.mutable_intervention()->set_intervention_date("2017-03-31");
    ir.mutable_intervention()->add_subjects("Information générale");
    v1::Intervention io;
    ASSERT_TRUE(
        stub_->CreateIntervention(Ctx(t_.editor_key).get(), ir, &io).ok());
  }

  v1::IndicatorSummary Summarize(const std::vector<std::string>& dims,
                                 const std::string& key = "") {
    v1::SummarizeRequest req;
    req.set_parent(t_.parent());
    req.set_fiscal_year("2017-2018");
    for (const auto& d : dims) req.add_dimensions(d);
    v1::IndicatorSummary out;
    auto s = stub_->SummarizeDirectories(
        Ctx(key.empty() ? t_.viewer_key : key).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // indicator -> value for the given breakdown key ("" for the total).
  static std::map<std::string, int64_t> Values(const v1::IndicatorSummary& s,
                                               const std::string& indicator,
                                               const std::string& dim) {
    std::map<std::string, int64_t> out;
    for (const auto& v : s.values()) {
      if (v.indicator() != indicator) continue;
      if (dim.empty() && v.dimensions().empty()) out[""] = v.value();
      if (!dim.empty() && v.dimensions().size() == 1 &&
          v.dimensions().count(dim)) {
        out[v.dimensions().at(dim)] = v.value();
      }
    }
    return out;
  }
};

TEST_F(DirectoriesSummaryTest,
       TheBilansFourteenDossiersAndTwentyInterventions) {
  LoadSeedDossiers();
  auto total = Summarize({});
  EXPECT_EQ(Values(total, "directories.dossiers_opened", "")[""], 14);
  EXPECT_EQ(Values(total, "directories.interventions", "")[""], 20);
  // No organisations kept: no enterprise indicator is made up.
  EXPECT_TRUE(Values(total, "directories.enterprises", "").empty());

  auto by_mrc = Summarize({"mrc"});
  EXPECT_EQ(Values(by_mrc, "directories.interventions", "mrc"),
            (std::map<std::string, int64_t>{{"arthabaska", 7},
                                            {"becancour", 6},
                                            {"drummond", 5},
                                            {"l-erable", 2}}));
  auto by_gender = Summarize({"gender"});
  EXPECT_EQ(Values(by_gender, "directories.interventions", "gender"),
            (std::map<std::string, int64_t>{{"women", 14}, {"men", 6}}));
  EXPECT_EQ(Values(by_gender, "directories.dossiers_opened", "gender"),
            (std::map<std::string, int64_t>{{"women", 9}, {"men", 5}}));
  auto by_sector = Summarize({"sector"});
  EXPECT_EQ(Values(by_sector, "directories.interventions", "sector"),
            (std::map<std::string, int64_t>{{"services-aux-personnes", 6},
                                            {"commerce-de-detail", 5},
                                            {"emploi-et-insertion", 2},
                                            {"services-de-proximite", 2},
                                            {"services-aux-entreprises", 2},
                                            {"assurances-et-finance", 1},
                                            {"arts-et-culture", 1},
                                            {"sante", 1}}));
  for (const auto& v : by_sector.values()) {
    EXPECT_EQ(v.provenance(), v1::PROVENANCE_COMPUTED);
    // legal_form is not a dimension of the dossier indicators.
    EXPECT_FALSE(v.dimensions().count("legal_form"));
  }
  // The interventions of one dossier, by date.
  v1::ListDossiersRequest ld;
  ld.set_parent(t_.parent());
  ld.set_fiscal_year("2017-2018");
  ld.set_page_size(100);
  v1::ListDossiersResponse dossiers;
  ASSERT_TRUE(
      stub_->ListDossiers(Ctx(t_.viewer_key).get(), ld, &dossiers).ok());
  EXPECT_EQ(dossiers.dossiers_size(), 14);
  int interventions = 0;
  for (const auto& d : dossiers.dossiers())
    interventions += d.intervention_count();
  EXPECT_EQ(interventions, 20);
  // Latest opened first.
  EXPECT_EQ(dossiers.dossiers(13).open_date(), "2017-04-01");
}

TEST_F(DirectoriesSummaryTest, EnterprisesAndMembersAsOfTheFiscalYearEnd) {
  v1::Organisation a = Enterprise("A", "aide-a-domicile", "drummond",
                                  v1::Organisation::COOPERATIVE);
  a.set_year_founded(1998);
  a.mutable_membership()->set_status(v1::Membership::ACTIVE);
  a.mutable_membership()->set_since("2016-05-01");
  Create(a);
  v1::Organisation b = Enterprise("B", "petite-enfance", "becancour");
  b.mutable_membership()->set_status(v1::Membership::LAPSED);
  b.mutable_membership()->set_since("2015-05-01");
  b.mutable_membership()->set_ended(
      "2017-06-30");  // not a member at 31 March 2018
  Create(b);
  v1::Organisation c = Enterprise("C", "petite-enfance", "becancour");
  c.mutable_membership()->set_status(v1::Membership::ACTIVE);
  c.mutable_membership()->set_since("2018-04-02");  // joined after the year
  Create(c);
  v1::Organisation d = Enterprise("D", "sante", "drummond");
  d.set_year_founded(2019);  // founded after the year
  Create(d);
  v1::Organisation e = Enterprise("E", "sante", "drummond");
  e.set_closure_date("2017-12-31");  // closed during the year
  Create(e);
  v1::Organisation p;
  p.set_display_name("MRC de Drummond");
  p.set_kind(v1::Organisation::PARTNER);
  Create(p);
  auto s = Summarize({"legal_form", "mrc"});
  EXPECT_EQ(Values(s, "directories.enterprises", "")[""], 3);
  EXPECT_EQ(Values(s, "directories.member_enterprises", "")[""], 1);
  // Combined breakdowns carry both dimensions.
  bool found = false;
  for (const auto& v : s.values()) {
    if (v.indicator() == "directories.enterprises" &&
        v.dimensions().size() == 2 && v.dimensions().at("mrc") == "becancour" &&
        v.dimensions().at("legal_form") == "obnl") {
      EXPECT_EQ(v.value(), 2);
      found = true;
    }
  }
  EXPECT_TRUE(found);
  // Dossiers are not kept by this Pôle: absent, not zero.
  EXPECT_TRUE(Values(s, "directories.dossiers_opened", "").empty());
}

TEST_F(DirectoriesSummaryTest, ReportedValuesReplaceComputedOnesAndSaySo) {
  LoadSeedDossiers();
  Create(Enterprise("Seule au répertoire", "sante", "drummond"));
  // « La dernière actualisation fait état de 237 entreprises »
  v1::ReportIndicatorValueRequest rep;
  rep.set_parent(t_.parent());
  rep.set_fiscal_year("2017-2018");
  rep.mutable_value()->set_indicator("directories.enterprises");
  rep.mutable_value()->set_value(237);
  v1::IndicatorValue stored;
  ASSERT_TRUE(
      stub_->ReportDirectoriesIndicator(Ctx(t_.editor_key).get(), rep, &stored)
          .ok());
  EXPECT_EQ(stored.provenance(), v1::PROVENANCE_REPORTED);
  rep.mutable_value()->set_value(61);
  (*rep.mutable_value()->mutable_dimensions())["mrc"] = "drummond";
  ASSERT_TRUE(
      stub_->ReportDirectoriesIndicator(Ctx(t_.editor_key).get(), rep, &stored)
          .ok());
  // Another service's indicator, or a dimension it does not have, is named.
  rep.mutable_value()->set_indicator("events.held");
  EXPECT_THAT(S(stub_->ReportDirectoriesIndicator(Ctx(t_.editor_key).get(), rep,
                                                  &stored)),
              InvalidFieldIs("value.indicator"));
  rep.mutable_value()->set_indicator("directories.enterprises");
  (*rep.mutable_value()->mutable_dimensions())["gender"] = "women";
  EXPECT_THAT(S(stub_->ReportDirectoriesIndicator(Ctx(t_.editor_key).get(), rep,
                                                  &stored)),
              InvalidFieldIs("value.dimensions"));
  // Viewers do not report.
  EXPECT_THAT(S(stub_->ReportDirectoriesIndicator(Ctx(t_.viewer_key).get(), rep,
                                                  &stored)),
              StatusIs(absl::StatusCode::kPermissionDenied));

  auto s = Summarize({"mrc"});
  for (const auto& v : s.values()) {
    if (v.indicator() == "directories.enterprises") {
      EXPECT_EQ(v.provenance(), v1::PROVENANCE_REPORTED) << v.DebugString();
    } else {
      EXPECT_EQ(v.provenance(), v1::PROVENANCE_COMPUTED) << v.DebugString();
    }
  }
  EXPECT_EQ(Values(s, "directories.enterprises", "")[""], 237);
  EXPECT_EQ(Values(s, "directories.enterprises", "mrc"),
            (std::map<std::string, int64_t>{{"drummond", 61}}));
  EXPECT_EQ(Values(s, "directories.interventions", "")[""], 20);
  EXPECT_EQ(Values(s, "directories.member_enterprises", "")[""], 0);
}

// « Nombre de dossiers reçus par les MRC ou organismes mandataires : 7 »,
// « Nombre de dossiers référés aux MRC [...] et autres partenaires : 10 »:
// received counts in the year the dossier was opened, referred in the year
// of a referral (an undated one in the year the dossier was opened), each
// dossier once.
TEST_F(DirectoriesSummaryTest, DossiersReceivedFromMrcsAndReferred) {
  struct Case {
    const char* open_date;
    v1::Dossier::Origin origin;
    std::vector<std::string> referral_dates;  // "" undated
    const char* mrc;
  };
  const Case cases[] = {
      {"2017-05-01",
       v1::Dossier::FROM_MRC_CLD,
       {"2017-06-01", "2017-07-01"},
       "drummond"},                                            // both
      {"2017-05-01", v1::Dossier::DIRECT, {""}, "becancour"},  // referred
      {"2016-05-01",
       v1::Dossier::FROM_MRC_CLD,
       {"2017-09-01"},
       "drummond"},  // opened the year before, referred this year
      {"2017-05-01",
       v1::Dossier::FROM_PARTNER,
       {"2018-05-01"},
       "drummond"},  // referred the year after
      {"2018-04-02", v1::Dossier::FROM_MRC_CLD, {}, "drummond"},   // next year
      {"2018-03-31", v1::Dossier::FROM_MRC_CLD, {}, "becancour"},  // received
  };
  int n = 0;
  for (const Case& c : cases) {
    v1::CreateDossierRequest req;
    req.set_parent(t_.parent());
    auto* d = req.mutable_dossier();
    d->set_title("Dossier " + std::to_string(++n));
    d->set_promoter_group("Groupe promoteur");
    d->set_sector("sectors/sante");
    d->set_mrc(std::string("mrcs/") + c.mrc);
    d->set_phase(v1::Dossier::STARTUP);
    d->set_open_date(c.open_date);
    d->set_origin(c.origin);
    for (const auto& date : c.referral_dates) {
      auto* ref = d->add_referrals();
      ref->set_target(v1::Referral::MRC_CLD);
      ref->set_organisation("MRC");
      ref->set_referral_date(date);
    }
    v1::Dossier out;
    ASSERT_THAT(S(stub_->CreateDossier(Ctx(t_.editor_key).get(), req, &out)),
                IsOk());
  }
  auto s = Summarize({"mrc"});
  EXPECT_EQ(Values(s, "directories.dossiers_from_mrc", "")[""], 2);
  EXPECT_EQ(Values(s, "directories.dossiers_referred", "")[""], 3);
  // The catalogue (0012) breaks both down like the dossiers opened: referred
  // this year are the first three cases (drummond, becancour, drummond),
  // received this year the first and the last (drummond, becancour).
  EXPECT_EQ(
      Values(s, "directories.dossiers_referred", "mrc"),
      (std::map<std::string, int64_t>{{"becancour", 1}, {"drummond", 2}}));
  EXPECT_EQ(
      Values(s, "directories.dossiers_from_mrc", "mrc"),
      (std::map<std::string, int64_t>{{"becancour", 1}, {"drummond", 1}}));
  EXPECT_EQ(
      Values(s, "directories.dossiers_opened", "mrc"),
      (std::map<std::string, int64_t>{{"becancour", 2}, {"drummond", 2}}));
  EXPECT_EQ(Values(s, "directories.dossiers_opened", "")[""], 4);
}

TEST_F(DirectoriesSummaryTest, KeptDossiersGiveZeroesNotAbsence) {
  LoadSeedDossiers();  // none received from an MRC, none referred
  auto s = Summarize({});
  EXPECT_EQ(Values(s, "directories.dossiers_from_mrc", ""),
            (std::map<std::string, int64_t>{{"", 0}}));
  EXPECT_EQ(Values(s, "directories.dossiers_referred", ""),
            (std::map<std::string, int64_t>{{"", 0}}));
}

TEST_F(DirectoriesSummaryTest, OnlyTheTenantsUsersAndTheServiceRoleSummarize) {
  auto service_key = IssueKeyDirectForTest("service");
  auto s = Summarize({}, service_key);
  EXPECT_EQ(s.tenant(), t_.parent());
  TestTenant other = NewTenant("dir");
  v1::SummarizeRequest req;
  req.set_parent(t_.parent());
  req.set_fiscal_year("2017-2018");
  v1::IndicatorSummary out;
  EXPECT_THAT(
      S(stub_->SummarizeDirectories(Ctx(other.viewer_key).get(), req, &out)),
      StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(S(stub_->SummarizeDirectories(Ctx(AdminKey()).get(), req, &out)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  req.set_fiscal_year("2017-2019");
  req.add_dimensions("colour");
  absl::Status bad =
      S(stub_->SummarizeDirectories(Ctx(t_.viewer_key).get(), req, &out));
  EXPECT_THAT(bad, InvalidFieldIs("fiscal_year"));
  EXPECT_THAT(bad, InvalidFieldIs("dimensions[0]"));
}

}  // namespace
}  // namespace poles::testing
