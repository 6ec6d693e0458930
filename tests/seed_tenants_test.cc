// The demo tenants (data/seeds/tenants.json, every Pôle of Québec) against
// the platform's reference data as the API serves it (migration 0002): every
// region has a Pôle, every MRC slug exists and is in exactly one Pôle, the
// count is the one data/seeds/TENANTS.md states, the three seed Pôles are
// unchanged, and CreateTenant accepts every one as `polesctl demo load`
// sends it.
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/test_env.h"

namespace poles::testing {
namespace {

std::string ReadSeed(const std::string& rel) {
  std::ifstream in(std::string(POLES_SOURCE_DIR) + "/data/seeds/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Reference {
  std::set<std::string> regions;            // "17"
  std::map<std::string, std::string> mrcs;  // "becancour" -> "17"
};

Reference ReadReference() {
  Reference ref;
  v1::ListRegionsResponse regions;
  EXPECT_THAT(S(Admin()->ListRegions(Ctx(AdminKey()).get(), {}, &regions)),
              IsOk());
  for (const auto& r : regions.regions())
    ref.regions.insert(r.name().substr(r.name().find('/') + 1));
  v1::ListMrcsResponse mrcs;
  EXPECT_THAT(S(Admin()->ListMrcs(Ctx(AdminKey()).get(), {}, &mrcs)), IsOk());
  for (const auto& m : mrcs.mrcs()) {
    ref.mrcs[m.name().substr(m.name().find('/') + 1)] =
        m.region().substr(m.region().find('/') + 1);
  }
  return ref;
}

nlohmann::json Tenants() {
  return nlohmann::json::parse(ReadSeed("tenants.json"));
}

TEST(SeedTenants, CoverEveryRegionAndEveryMrcExactlyOnce) {
  const Reference ref = ReadReference();
  ASSERT_EQ(ref.regions.size(), 17u);
  ASSERT_EQ(ref.mrcs.size(), 104u);
  std::set<std::string> slugs;
  std::set<std::string> regions_with_a_pole;
  std::map<std::string, std::string> owner;  // mrc -> tenant
  for (const auto& t : Tenants()) {
    const std::string slug = t.at("slug").get<std::string>();
    EXPECT_TRUE(slugs.insert(slug).second) << "slug twice: " << slug;
    EXPECT_FALSE(t.at("display_name").get<std::string>().empty()) << slug;
    const std::string region = t.value("region_code", "");
    if (!region.empty()) {
      EXPECT_TRUE(ref.regions.count(region)) << slug << ": region " << region;
      regions_with_a_pole.insert(region);
    }
    for (const auto& m : t.at("mrcs")) {
      const std::string mrc = m.get<std::string>();
      EXPECT_TRUE(ref.mrcs.count(mrc)) << slug << ": unknown MRC " << mrc;
      auto [it, fresh] = owner.emplace(mrc, slug);
      EXPECT_TRUE(fresh) << mrc << " in both " << it->second << " and " << slug;
    }
  }
  EXPECT_EQ(regions_with_a_pole, ref.regions);
  for (const auto& [mrc, region] : ref.mrcs)
    EXPECT_TRUE(owner.count(mrc)) << "MRC in no Pôle: " << mrc;
}

TEST(SeedTenants, CountIsTheOneTenantsMdStates) {
  const std::string doc = ReadSeed("TENANTS.md");
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(doc, m, std::regex("Nombre de Pôles : ([0-9]+)")))
      << "TENANTS.md states no count";
  EXPECT_EQ(Tenants().size(), static_cast<size_t>(std::stoi(m[1].str())));
}

TEST(SeedTenants, TheThreeSeedPolesAreUnchanged) {
  std::map<std::string, std::pair<std::string, std::vector<std::string>>>
      expected = {
          {"vallee-du-haut-saint-laurent",
           {"16",
            {"beauharnois-salaberry", "le-haut-saint-laurent",
             "les-jardins-de-napierville", "roussillon",
             "vaudreuil-soulanges"}}},
          {"capitale-nationale",
           {"03",
            {"charlevoix", "charlevoix-est", "la-cote-de-beaupre",
             "la-jacques-cartier", "l-ile-d-orleans", "portneuf", "quebec"}}},
          {"centre-du-quebec",
           {"17",
            {"arthabaska", "becancour", "drummond", "l-erable",
             "nicolet-yamaska"}}},
      };
  int found = 0;
  for (const auto& t : Tenants()) {
    auto it = expected.find(t.at("slug").get<std::string>());
    if (it == expected.end()) continue;
    ++found;
    EXPECT_EQ(t.at("region_code").get<std::string>(), it->second.first);
    EXPECT_EQ(t.at("mrcs").get<std::vector<std::string>>(), it->second.second);
  }
  EXPECT_EQ(found, 3);
}

// What `polesctl demo load` sends, tenant by tenant: each is accepted and
// reads back with its region and territory.
TEST(SeedTenants, CreateTenantAcceptsEveryOne) {
  for (const auto& t : Tenants()) {
    const std::string slug = t.at("slug").get<std::string>();
    v1::CreateTenantRequest req;
    req.mutable_tenant()->set_name("tenants/" + slug);
    req.mutable_tenant()->set_display_name(
        t.at("display_name").get<std::string>());
    req.mutable_tenant()->set_region_code(t.value("region_code", ""));
    for (const auto& m : t.at("mrcs"))
      req.mutable_tenant()->add_mrcs("mrcs/" + m.get<std::string>());
    v1::Tenant out;
    ASSERT_THAT(S(Admin()->CreateTenant(Ctx(AdminKey()).get(), req, &out)),
                IsOk())
        << slug;
    v1::GetTenantRequest get;
    get.set_name("tenants/" + slug);
    v1::Tenant read;
    ASSERT_THAT(S(Admin()->GetTenant(Ctx(AdminKey()).get(), get, &read)),
                IsOk());
    EXPECT_EQ(read.region_code(), t.value("region_code", "")) << slug;
    EXPECT_EQ(read.mrcs_size(), static_cast<int>(t.at("mrcs").size())) << slug;
  }
}

}  // namespace
}  // namespace poles::testing
