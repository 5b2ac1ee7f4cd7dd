// storage/directory_store.h: atomic replacement, translations, search and filters.
#include <set>
#include <doctest/doctest.h>

#include <algorithm>

#include "storage/database.h"
#include "storage/directory_store.h"
#include "hsds/reader.h"
#include "storage/migrations.h"
#include "test_support.h"

using namespace storage;
using namespace hsds;

namespace {

struct Fixture {
    test::ScratchDir dir;
    Database db{dir / "kiosk.db"};
    DirectoryStore store{db};
    Fixture() { Migrate(db); }

    void ImportSample() {
        auto en = ReadHsdsPath(test::SampleDirectory("en"));
        auto es = ReadHsdsPath(test::SampleDirectory("es"));
        REQUIRE(en.Ok());
        REQUIRE(es.Ok());
        std::vector<std::pair<std::string, DirectoryFeed>> translations;
        translations.emplace_back("es", std::move(es.Value()));
        auto report = store.ReplaceDirectory(en.Value(), {}, translations);
        REQUIRE_MESSAGE(report.Ok(), report.Error());
    }

    std::vector<std::string> Names(const std::string& text, const std::string& locale = "en") {
        ServiceQuery query;
        query.text = text;
        query.locale = locale;
        std::vector<std::string> names;
        for (const auto& s : store.Find(query)) names.push_back(s.name);
        return names;
    }
};

DirectoryFeed Feed(const std::string& json) {
    auto feed = ParseHsdsText(json, "test");
    REQUIRE_MESSAGE(feed.Ok(), feed.Error());
    return std::move(feed.Value());
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

LocalTime At(const char* text) { return *ParseLocalTime(text); }

} // namespace

TEST_CASE("the sample directory imports with both languages and every category") {
    Fixture f;
    f.ImportSample();
    const DirectoryInfo info = f.store.Info();
    CHECK(info.services == 44);
    CHECK(info.default_locale == "en");
    CHECK(info.locales == std::vector<std::string>{"en", "es"});
    const auto categories = f.store.Categories("es");
    CHECK(categories.size() == 12);
    const bool has_tutoria = std::any_of(categories.begin(), categories.end(), [](const CategorySummary& c) {
        return c.name == "Tutoría" && c.services >= 5;
    });
    CHECK(has_tutoria);
}

TEST_CASE("search is diacritic-insensitive, prefix-matching and in every language") {
    Fixture f;
    f.ImportSample();
    const auto tutori = f.Names("tutori", "es");
    REQUIRE_FALSE(tutori.empty());
    CHECK(tutori[0].rfind("Tutoría", 0) == 0);          // a name match ranks first
    CHECK(Contains(f.Names("TUTORÍA", "es"), "Tutoría de Matemáticas y Ciencias"));
    CHECK(Contains(f.Names("salud mental", "es"), "Consejería para Niños y Adolescentes"));
    CHECK(Contains(f.Names("tutoring", "es"), "Tutoría de Matemáticas y Ciencias"));  // English words work in Spanish
    CHECK(Contains(f.Names("food", "en"), "Weekly Family Food Box"));
    CHECK(Contains(f.Names("riverbend pantry", "en"), "Weekly Family Food Box"));  // organization name
    CHECK(f.Names("zzzqqq").empty());
}

TEST_CASE("anything a person can type is searched literally and never raises an error") {
    Fixture f;
    f.ImportSample();
    const std::vector<std::string> nasty = {
        "\"", "\"\"\"", "AND", "OR NOT", "NEAR(", "NEAR(a b, 3)", "*", "-", "- food", "food -", "^food",
        "name:food", "{name}: food", "(", ")", "'; DROP TABLE service; --", "😀", "🍎 food", "\xff\xfe broken utf8",
        "\t\n", "a\"b", "AND food OR", "¿comida?", "¡Hola!", std::string(10 * 1024, 'x'), std::string(10 * 1024, '"'),
        std::string("food\0food", 9),
    };
    for (const std::string& text : nasty) {
        CAPTURE(text.substr(0, 40));
        CHECK_NOTHROW(f.Names(text));
    }
    CHECK(Contains(f.Names("🍎 food"), "Weekly Family Food Box"));
    CHECK(Contains(f.Names("- food"), "Weekly Family Food Box"));
    CHECK(Contains(f.Names("¿comida?", "es"), "Noche de Cena Comunitaria") == false);  // "comida" is not in that one
    CHECK(f.store.Info().services == 44);  // and nothing was dropped
}

TEST_CASE("the FTS query builder quotes every word as a prefix term") {
    CHECK(BuildFtsQuery("salud mental") == "\"salud\"* \"mental\"*");
    CHECK(BuildFtsQuery("NEAR(a") == "\"NEAR\"* \"a\"*");
    CHECK(BuildFtsQuery("😀 -*\"") == "");
    CHECK(BuildFtsQuery("Tiếng Việt") == "\"Tiếng\"* \"Việt\"*");
    CHECK(BuildFtsQuery(std::string(10000, 'a')).size() < 100);
}

TEST_CASE("filters: category, spoken language, age and open now") {
    Fixture f;
    f.ImportSample();
    const auto categories = f.store.Categories("en");
    const auto food = std::find_if(categories.begin(), categories.end(), [](const auto& c) { return c.code == "food"; });
    REQUIRE(food != categories.end());

    ServiceQuery query;
    query.category_id = food->id;
    const auto in_food = f.store.Find(query);
    CHECK(static_cast<int>(in_food.size()) == food->services);

    query = {};
    query.language = "so";
    for (const auto& s : f.store.Find(query)) CHECK(Contains(s.languages, "so"));
    CHECK(f.store.Find(query).size() >= 3);

    query = {};
    query.age = 4;
    const auto for_four = f.store.Find(query);
    CHECK(std::none_of(for_four.begin(), for_four.end(), [](const auto& s) { return s.name == "Math and Science Tutoring"; }));
    CHECK(std::any_of(for_four.begin(), for_four.end(), [](const auto& s) { return s.name == "Family Story Time in Spanish and English"; }));

    query = {};
    query.open = OpenFilter::OpenNow;
    query.now = At("2026-11-24 16:00");  // a Tuesday afternoon
    const auto open = f.store.Find(query);
    CHECK(std::any_of(open.begin(), open.end(), [](const auto& s) { return s.name == "Homework Help Club"; }));
    CHECK(std::none_of(open.begin(), open.end(), [](const auto& s) { return s.name == "Family Story Time in Spanish and English"; }));
    for (const auto& s : open) CHECK((s.open_state == OpenState::Open || s.open_state == OpenState::ClosesSoon));

    query.now = At("2026-11-24 03:00");  // the middle of the night: only the crisis line
    const auto night = f.store.Find(query);
    REQUIRE(night.size() == 1);
    CHECK(night[0].name == "Crisis Text Line for Teens");

    query.open = OpenFilter::ClosesSoon;
    query.now = At("2026-11-24 17:30");
    for (const auto& s : f.store.Find(query)) CHECK(s.open_state == OpenState::ClosesSoon);
    CHECK_FALSE(f.store.Find(query).empty());
}

TEST_CASE("a service in full, in Spanish, falls back to English field by field") {
    Fixture f;
    f.store.ReplaceDirectory(Feed(R"([{"id": "s1", "name": "Food Box", "description": "Groceries weekly",
        "fees_description": "Free.", "status": "active", "organization": {"id": "o1", "name": "Pantry"},
        "phones": [{"number": "555-0100"}], "schedules": [{"id": "h1", "byday": "TU", "opens_at": "14:00",
        "closes_at": "19:00", "description": "Closed on holidays"}],
        "service_at_locations": [{"location": {"id": "l1", "name": "Mill Hall",
            "addresses": [{"address_1": "900 Mill Avenue", "city": "Riverbend"}]}}]}])"), {}).Value();
    auto translated = f.store.ImportTranslation(Feed(R"([{"id": "s1", "name": "Caja de Alimentos", "status": "active",
        "schedules": [{"id": "h1", "description": "Cerrado los festivos"}]},
        {"id": "unknown", "name": "Nada", "status": "active"}])"), "es");
    REQUIRE(translated.Ok());
    REQUIRE(translated->skipped.size() == 1);
    CHECK(translated->skipped[0].reason.find("not in the directory") != std::string::npos);

    auto es = f.store.Get("s1", "es", At("2026-11-24 15:00"));
    REQUIRE(es.has_value());
    CHECK(es->service.name == "Caja de Alimentos");         // translated
    CHECK(es->service.description == "Groceries weekly");  // not translated: English
    CHECK(es->service.schedules.at(0).description == "Cerrado los festivos");
    CHECK(es->organization.name == "Pantry");
    CHECK(es->locations.at(0).addresses.at(0).address_1 == "900 Mill Avenue");
    CHECK(es->service.phones.at(0).number == "555-0100");
    CHECK(es->open_state == OpenState::Open);
    auto en = f.store.Get("s1", "en");
    CHECK(en->service.name == "Food Box");
    auto fr = f.store.Get("s1", "fr");  // a language with no translation at all
    CHECK(fr->service.name == "Food Box");

    CHECK_FALSE(f.store.ImportTranslation(Feed(R"({"id":"s1","name":"x","status":"active"})"), "en").Ok());
}

TEST_CASE("services that are not active are never shown") {
    Fixture f;
    f.store.ReplaceDirectory(Feed(R"([{"id": "a", "name": "Open Pantry", "status": "active"},
        {"id": "b", "name": "Closed Pantry", "status": "inactive"},
        {"id": "c", "name": "Defunct Pantry", "status": "defunct"}])"), {}).Value();
    CHECK(f.Names("pantry") == std::vector<std::string>{"Open Pantry"});
    CHECK(f.Names("") == std::vector<std::string>{"Open Pantry"});
    CHECK_FALSE(f.store.Get("b", "en").has_value());
    CHECK(f.store.Info().services == 1);
}

TEST_CASE("a failed import keeps the old directory exactly as it was") {
    Fixture f;
    f.ImportSample();
    // Make the 30th insert fail half-way through the replacement, as a full disk would.
    f.db.Exec("CREATE TEMP TRIGGER fail_midway BEFORE INSERT ON service WHEN "
              "(SELECT count(*) FROM service) >= 30 BEGIN SELECT RAISE(ABORT, 'disk is full (simulated)'); END");
    auto en = ReadHsdsPath(test::SampleDirectory("en"));
    for (auto& s : en->services) s.name = "Renamed " + s.name;
    auto result = f.store.ReplaceDirectory(en.Value(), {});
    REQUIRE_FALSE(result.Ok());
    CHECK(result.Error().find("old one was kept") != std::string::npos);
    CHECK(result.Error().find("disk is full (simulated)") != std::string::npos);
    CHECK(f.store.Info().services == 44);
    CHECK(f.store.Info().locales.size() == 2);
    CHECK(Contains(f.Names("food box"), "Weekly Family Food Box"));
    CHECK(f.Names("renamed").empty());
}

TEST_CASE("a feed with no services is refused unless emptying is asked for") {
    Fixture f;
    f.ImportSample();
    auto empty = Feed(R"({"id": "loc", "name": "Civic Center", "location_type": "physical"})");
    auto refused = f.store.ReplaceDirectory(empty, {});
    REQUIRE_FALSE(refused.Ok());
    CHECK(refused.Error().find("left as it was") != std::string::npos);
    CHECK(f.store.Info().services == 44);
    ReplaceOptions allow;
    allow.allow_empty = true;
    CHECK(f.store.ReplaceDirectory(empty, allow).Ok());
    CHECK(f.store.Info().services == 0);
}

TEST_CASE("a second import replaces the first completely") {
    Fixture f;
    f.ImportSample();
    f.store.ReplaceDirectory(Feed(R"([{"id": "x", "name": "Only Service", "status": "active"}])"), {}).Value();
    CHECK(f.store.Info().services == 1);
    CHECK(f.store.Info().locales == std::vector<std::string>{"en"});
    CHECK(f.Names("food").empty());
    CHECK(f.store.Categories("en").empty());
}

TEST_CASE("a category lists every one of its services, however many; a search stops at its limit") {
    test::ScratchDir dir;
    Database db(dir / "kiosk.db");
    Migrate(db);
    DirectoryFeed feed;
    TaxonomyTerm food{"cat-food", "food", "Food", "", "", "Kiosk"};
    feed.terms[food.id] = food;
    for (int i = 0; i < 700; ++i) {
        Service s;
        s.id = "svc-" + std::to_string(i);
        s.name = "Food Pantry " + std::to_string(i);
        s.status = "active";
        s.term_ids = {"cat-food"};
        feed.services.push_back(s);
    }
    feed.report.services = 700;  // as the importer would have counted them
    DirectoryStore store(db);
    auto imported = store.ReplaceDirectory(feed, {});
    REQUIRE_MESSAGE(imported.Ok(), imported.Error());
    ServiceQuery category;
    category.category_id = "cat-food";
    category.limit = ServiceQuery::kNoLimit;
    CHECK(store.Find(category).size() == 700);
    ServiceQuery search;
    search.text = "pantry";
    int matched = 0;
    const auto first = store.Find(search, &matched);
    CHECK(first.size() == static_cast<size_t>(ServiceQuery::kSearchPage));
    CHECK(matched == 700);  // what "Show more" counts
    // A second page: the first page again, then the next; nothing twice, nothing lost.
    search.limit = 2 * ServiceQuery::kSearchPage;
    const auto two = store.Find(search, &matched);
    REQUIRE(two.size() == static_cast<size_t>(2 * ServiceQuery::kSearchPage));
    CHECK(matched == 700);
    std::set<std::string> ids;
    for (size_t i = 0; i < two.size(); ++i) {
        if (i < first.size()) CHECK(two[i].id == first[i].id);
        ids.insert(two[i].id);
    }
    CHECK(ids.size() == two.size());
    search.limit = ServiceQuery::kNoLimit;
    CHECK(store.Find(search).size() == 700);
    // Filters count too: only the services in the category and matching the text.
    search.category_id = "cat-none";
    CHECK(store.Find(search, &matched).empty());
    CHECK(matched == 0);
}

TEST_CASE("search ranks a name match above a description match; equal ranks keep the directory's order") {
    test::ScratchDir dir;
    Database db(dir / "kiosk.db");
    Migrate(db);
    DirectoryFeed feed;
    auto add = [&feed](const std::string& id, const std::string& name, const std::string& description) {
        Service s;
        s.id = id;
        s.name = name;
        s.description = description;
        s.status = "active";
        feed.services.push_back(s);
    };
    add("d", "Community Hub", "We offer tutoring after school.");
    add("b", "Zebra Tutoring", "");
    add("a", "Apple Tutoring", "");
    add("c", "Unrelated", "Nothing to see.");
    feed.report.services = 4;
    DirectoryStore store(db);
    REQUIRE(store.ReplaceDirectory(feed, {}).Ok());
    ServiceQuery search;
    search.text = "tutor";
    int matched = 0;
    const auto found = store.Find(search, &matched);
    REQUIRE(found.size() == 3);
    CHECK(matched == 3);
    CHECK(found[0].name == "Zebra Tutoring");   // name matches first, in the feed's order
    CHECK(found[1].name == "Apple Tutoring");
    CHECK(found[2].name == "Community Hub");    // only its description matches
}

// ---------------------------------------------------------------------------------------
// Search that understands people (issue 17): folding, every language, typos, synonyms.
// ---------------------------------------------------------------------------------------

namespace {

// The sample directory in its seven languages (six on by default, and Portuguese), and the synonyms the kiosk ships.
struct ThreeLanguages : Fixture {
    std::shared_ptr<const Synonyms> synonyms;
    ThreeLanguages() {
        auto en = ReadHsdsPath(test::SampleDirectory("en"));
        REQUIRE(en.Ok());
        std::vector<std::pair<std::string, DirectoryFeed>> translations;
        for (const char* locale : {"es", "vi", "ar", "zh", "ht", "pt"}) {
            auto feed = ReadHsdsPath(test::SampleDirectory(locale));
            REQUIRE(feed.Ok());
            translations.emplace_back(locale, std::move(feed.Value()));
        }
        REQUIRE(store.ReplaceDirectory(en.Value(), {}, translations).Ok());
        std::string error;
        synonyms = std::make_shared<Synonyms>(Synonyms::Load(test::SourceDir() + "/assets/i18n/synonyms.txt", &error));
        REQUIRE_MESSAGE(error.empty(), error);
    }
    std::vector<std::string> Ids(const std::string& text, const std::string& locale, bool with_synonyms = true) {
        ServiceQuery query;
        query.text = text;
        query.locale = locale;
        if (with_synonyms) query.synonyms = synonyms;
        std::vector<std::string> ids;
        for (const auto& s : store.Find(query)) ids.push_back(s.id);
        return ids;
    }
    // The services of a category, by its code, from the browse path.
    std::set<std::string> Category(const std::string& code) {
        for (const auto& c : store.Categories("en")) {
            if (c.code != code) continue;
            ServiceQuery query;
            query.category_id = c.id;
            query.limit = ServiceQuery::kNoLimit;
            std::set<std::string> ids;
            for (const auto& s : store.Find(query)) ids.insert(s.id);
            return ids;
        }
        return {};
    }
};

std::set<std::string> AsSet(const std::vector<std::string>& ids) { return {ids.begin(), ids.end()}; }

} // namespace

TEST_CASE("đ is typed as d: \"gia dinh\" finds what \"gia đình\" finds") {
    ThreeLanguages f;
    const auto with_d = f.Ids("gia đình", "vi", false);
    CHECK_FALSE(with_d.empty());
    CHECK(AsSet(f.Ids("gia dinh", "vi", false)) == AsSet(with_d));
    CHECK(AsSet(f.Ids("GIA ĐÌNH", "vi", false)) == AsSet(with_d));
    CHECK(FoldForSearch("Đường đi") == "Dường di");  // the rest of the accents go in the tokenizer
}

TEST_CASE("Arabic is searched as people type it: no vowel marks, plain alef, no article") {
    CHECK(FoldForSearch("الطَّعَام") == "طعام");          // the article and the vowel marks go
    CHECK(FoldForSearch("أسرة إسكان آمن") == "اسره اسكان امن");  // alef forms; ta marbuta as ha
    CHECK(FoldForSearch("للأطفال والمدرسة") == "اطفال مدرسه");   // لل, وال
    CHECK(FoldForSearch("الى") == "الي");                  // too short to have an article
    CHECK(FoldForSearch("food الطعام 2") == "food طعام 2");
    ThreeLanguages f;
    const auto food = f.Category("food");
    // "طعام" (food) without the article the directory writes: the food services, on the
    // Arabic screen, with the synonyms the kiosk ships (غذاء, وجبات ...).
    const auto ta3am = AsSet(f.Ids("طعام", "ar"));
    CHECK(std::includes(ta3am.begin(), ta3am.end(), food.begin(), food.end()));
    CHECK_FALSE(f.Ids("طعام", "ar", false).empty());  // the article alone no longer hides it
    CHECK_FALSE(f.Ids("الطعام", "ar", false).empty());
    // A Haitian parent's word, and a Portuguese parent's.
    const auto manje = AsSet(f.Ids("manje", "ht"));
    CHECK(std::includes(manje.begin(), manje.end(), food.begin(), food.end()));
    const auto comida = AsSet(f.Ids("comida", "pt"));
    CHECK(std::includes(comida.begin(), comida.end(), food.begin(), food.end()));
}

TEST_CASE("a word finds a service in every language, and the language on screen ranks first") {
    ThreeLanguages f;
    const auto food = f.Category("food");
    REQUIRE(food.size() >= 5);
    // "food" on the Spanish screen, "thực phẩm" on the English one: the food services.
    const auto food_in_es = AsSet(f.Ids("food", "es", false));
    CHECK(std::includes(food_in_es.begin(), food_in_es.end(), food.begin(), food.end()));
    const auto thuc_pham = AsSet(f.Ids("thực phẩm", "en", false));
    CHECK(std::includes(thuc_pham.begin(), thuc_pham.end(), food.begin(), food.end()));

    // Two services, each with "tutor" in one language only.
    Fixture g;
    auto en = Feed(R"([{"id": "a", "name": "Riverside Clinic", "status": "active"},
                       {"id": "b", "name": "Tutoring Center", "status": "active"}])");
    auto es = Feed(R"([{"id": "a", "name": "Tutoría Riverside", "status": "active"},
                       {"id": "b", "name": "Centro Comunitario", "status": "active"}])");
    std::vector<std::pair<std::string, DirectoryFeed>> translations;
    translations.emplace_back("es", std::move(es));
    REQUIRE(g.store.ReplaceDirectory(en, {}, translations).Ok());
    CHECK(g.Names("tutor", "es") == std::vector<std::string>{"Tutoría Riverside", "Centro Comunitario"});
    CHECK(g.Names("tutor", "en") == std::vector<std::string>{"Tutoring Center", "Riverside Clinic"});
}

TEST_CASE("typos are forgiven against the index's own words, exact matches first") {
    ThreeLanguages f;
    const auto tutoring = f.Category("tutoring");
    // One edit for words of 4 to 7 letters, two from 8.
    const auto tutring = AsSet(f.Ids("tutring", "en", false));
    CHECK(std::includes(tutring.begin(), tutring.end(), tutoring.begin(), tutoring.end()));
    CHECK_FALSE(f.Ids("counseling", "en", false).empty());   // "counselling" in the directory
    CHECK_FALSE(f.Ids("councelling", "en", false).empty());  // one substitution
    CHECK_FALSE(f.Ids("tutr", "en", false).empty());         // the word being typed: a prefix a typo away
    CHECK(f.Ids("tut", "en", false).size() >= tutoring.size());  // exact prefix
    CHECK(f.Ids("tux", "en", false).empty());                // under 4 letters: no typo allowance
    CHECK(f.Ids("zzzzqqqq", "en", false).empty());
    // Exact first: a service with the word as typed comes before one with a word a typo away,
    // however well the latter ranks otherwise (its word is in the name, the other's in the
    // description).
    Fixture g;
    REQUIRE(g.store.ReplaceDirectory(Feed(R"([{"id": "a", "name": "Smile Van", "description": "A dental clinic on wheels.", "status": "active"},
                                              {"id": "b", "name": "Dentel Care", "status": "active"}])"), {}).Ok());
    CHECK(g.Names("dental") == std::vector<std::string>{"Smile Van", "Dentel Care"});
    CHECK(EditDistance(U"kitten", U"sitting", 3) == 3);
    CHECK(EditDistance(U"kitten", U"sitting", 1) == 2);  // beyond the limit: limit + 1
    CHECK(EditDistance(U"thuc", U"thuc", 0) == 0);
}

TEST_CASE("synonyms: \"comida\" finds every food service, \"đồ ăn\" too, in both directions") {
    ThreeLanguages f;
    const auto food = f.Category("food");
    const auto comida = AsSet(f.Ids("comida", "es"));
    CHECK(std::includes(comida.begin(), comida.end(), food.begin(), food.end()));
    CHECK(AsSet(f.Ids("comida", "es", false)).size() < food.size());  // without synonyms it did not
    const auto do_an = AsSet(f.Ids("đồ ăn", "vi"));
    CHECK(std::includes(do_an.begin(), do_an.end(), food.begin(), food.end()));
    const auto groceries = AsSet(f.Ids("groceries", "en"));
    CHECK(std::includes(groceries.begin(), groceries.end(), food.begin(), food.end()));
    // Both directions, and a phrase as a key.
    const Synonyms parsed = Synonyms::Parse("es: Comida = alimentos, comida rápida\nvi: đồ ăn = thực phẩm\n");
    CHECK(parsed.of.at("alimentos") == std::vector<std::string>{"comida", "comida rapida"});
    CHECK(parsed.of.at("do an") == std::vector<std::string>{"thuc pham"});
    CHECK(parsed.of.count("comida rapida") == 1);  // two words: a key too (up to three)
}

TEST_CASE("a translation made from a text that has changed since shows the new source, says so, and is listed to redo") {
    Fixture f;
    auto en = Feed(R"([{"id": "a", "name": "Food Pantry", "description": "Groceries every Tuesday.", "status": "active"},
                       {"id": "b", "name": "Tutoring", "description": "Homework help.", "status": "active"}])");
    auto es = Feed(R"([{"id": "a", "name": "Despensa", "description": "Alimentos cada martes.", "status": "active"},
                       {"id": "b", "name": "Tutoría", "description": "Ayuda con tareas.", "status": "active"}])");
    std::vector<std::pair<std::string, DirectoryFeed>> translations;
    translations.emplace_back("es", std::move(es));
    REQUIRE(f.store.ReplaceDirectory(en, {}, translations).Ok());
    CHECK(f.store.Get("a", "es")->service.description == "Alimentos cada martes.");
    CHECK(f.store.Get("a", "es")->stale_fields.empty());
    CHECK(f.store.StaleTranslations().empty());

    // The district imports a new English text for one service, and no new Spanish.
    auto changed = Feed(R"([{"id": "a", "name": "Food Pantry", "description": "Groceries every Thursday.", "status": "active"},
                            {"id": "b", "name": "Tutoring", "description": "Homework help.", "status": "active"}])");
    REQUIRE(f.store.ReplaceDirectory(changed, {}).Ok());
    CHECK(f.store.Info().locales == std::vector<std::string>{"en", "es"});  // the Spanish stays
    const auto a = f.store.Get("a", "es");
    CHECK(a->service.name == "Despensa");                          // unchanged source: still Spanish
    CHECK(a->service.description == "Groceries every Thursday.");  // never the outdated "martes"
    CHECK(a->stale_fields == std::vector<std::string>{"description"});
    CHECK(f.store.Get("b", "es")->service.description == "Ayuda con tareas.");
    const auto stale = f.store.StaleTranslations();
    REQUIRE(stale.size() == 1);
    CHECK(stale[0].locale == "es");
    CHECK(stale[0].entity_id == "a");
    CHECK(stale[0].field == "description");
    // Search does not find the outdated word either.
    CHECK_FALSE(Contains(f.Names("martes", "es"), "Despensa"));

    // A new Spanish text: fresh again.
    REQUIRE(f.store.ImportTranslation(Feed(R"([{"id": "a", "name": "Despensa", "description": "Alimentos cada jueves.", "status": "active"}])"), "es").Ok());
    CHECK(f.store.Get("a", "es")->service.description == "Alimentos cada jueves.");
    CHECK(f.store.Get("a", "es")->stale_fields.empty());
    CHECK(f.store.StaleTranslations().empty());

    // A kiosk receives it from the district server already marked (x_translation_stale).
    REQUIRE(f.store.ImportTranslation(Feed(R"([{"id": "a", "name": "Despensa", "description": "Groceries every Thursday.",
                                                "status": "active", "x_translation_stale": ["description"]}])"), "es").Ok());
    CHECK(f.store.Get("a", "es")->service.description == "Groceries every Thursday.");
    CHECK(f.store.Get("a", "es")->stale_fields == std::vector<std::string>{"description"});
}

TEST_CASE("a page of results carries the same hours, open state and languages as each service's own page") {
    // Find reads a page's hours and languages in a few statements for the whole page; Get reads
    // one service's. They must agree for every service, in both languages, browsing and
    // searching, including services whose hours are their locations'.
    const LocalTime now = At("2026-11-24 16:00");
    int location_hours = 0, compared = 0;
    auto compare = [&](Fixture& f, const std::vector<std::string>& texts) {
        for (const std::string& text : texts) {
            for (const std::string locale : {"en", "es"}) {
                ServiceQuery query;
                query.text = text;
                query.locale = locale;
                query.now = now;
                query.limit = 1000;
                for (const ServiceSummary& summary : f.store.Find(query)) {
                    CAPTURE(summary.id);
                    const auto detail = f.store.Get(summary.id, locale, now);
                    REQUIRE(detail.has_value());
                    const auto& own = detail->service.schedules;
                    REQUIRE(summary.schedules.size() == own.size());
                    for (size_t i = 0; i < own.size(); ++i) {
                        CHECK(summary.schedules[i].id == own[i].id);
                        CHECK(summary.schedules[i].opens_at == own[i].opens_at);
                        CHECK(summary.schedules[i].byday == own[i].byday);
                        CHECK(summary.schedules[i].closes_at == own[i].closes_at);
                        CHECK(summary.schedules[i].location_id == own[i].location_id);
                    }
                    CHECK(summary.languages == detail->spoken_languages);
                    CHECK(summary.open_state == detail->open_state);
                    bool from_locations = !own.empty();
                    for (const auto& s : own) from_locations = from_locations && !s.location_id.empty();
                    location_hours += from_locations ? 1 : 0;
                    ++compared;
                }
            }
        }
    };
    Fixture sample;
    sample.ImportSample();
    compare(sample, {"", "a", "help", "comida"});
    CHECK(compared > 100);
    // Hours kept at two locations (in the locations' order, each location's by id), beside a
    // service with its own.
    Fixture f;
    REQUIRE(f.store.ReplaceDirectory(Feed(R"([{"id": "s1", "name": "Food Box", "status": "active",
        "service_at_locations": [
          {"location": {"id": "l2", "name": "Annex", "schedules": [
            {"id": "h5", "byday": "MO", "opens_at": "09:00", "closes_at": "12:00"},
            {"id": "h2", "byday": "TU", "opens_at": "15:00", "closes_at": "18:00"}]}},
          {"location": {"id": "l1", "name": "Mill Hall", "schedules": [
            {"id": "h1", "byday": "TU", "opens_at": "14:00", "closes_at": "19:00"}]}}]},
      {"id": "s2", "name": "Food Bank", "status": "active",
        "schedules": [{"id": "h3", "byday": "TU", "opens_at": "10:00", "closes_at": "18:00"}],
        "service_at_locations": [{"location": {"id": "l3", "name": "Depot"}}]}])"), {}).Ok());
    location_hours = 0;
    compare(f, {"", "food"});
    CHECK(location_hours == 4);  // s1, browsing and searching, in both languages
}

TEST_CASE("what a search result shows follows every import, on every connection to the file") {
    // Find keeps results' names, hours and languages in memory per search index version,
    // shared by the connections of a process (the kiosk searches on a thread and connection of
    // its own while the sync thread imports on another).
    Fixture f;
    Database other_connection{f.dir / "kiosk.db"};
    DirectoryStore other{other_connection};
    const LocalTime tuesday_noon = At("2026-11-24 12:00");
    auto find = [&](DirectoryStore& store, const std::string& text, const std::string& locale) {
        ServiceQuery query;
        query.text = text;
        query.locale = locale;
        query.now = tuesday_noon;
        return store.Find(query);
    };
    auto en = Feed(R"([{"id": "a", "name": "Food Pantry", "status": "active", "languages": [{"code": "en"}],
                        "schedules": [{"id": "h1", "byday": "TU", "opens_at": "09:00", "closes_at": "17:00"}]}])");
    auto es = Feed(R"([{"id": "a", "name": "Despensa", "status": "active"}])");
    std::vector<std::pair<std::string, DirectoryFeed>> translations;
    translations.emplace_back("es", std::move(es));
    REQUIRE(f.store.ReplaceDirectory(en, {}, translations).Ok());
    for (DirectoryStore* store : {&f.store, &other}) {
        const auto found = find(*store, "food", "es");
        REQUIRE(found.size() == 1);
        CHECK(found[0].name == "Despensa");
        CHECK(found[0].open_state == OpenState::Open);
        CHECK(found[0].languages == std::vector<std::string>{"en"});
    }

    // A new Spanish name, through the other connection.
    REQUIRE(other.ImportTranslation(Feed(R"([{"id": "a", "name": "Banco de comida", "status": "active"}])"), "es").Ok());
    for (DirectoryStore* store : {&f.store, &other}) {
        const auto found = find(*store, "food", "es");
        REQUIRE(found.size() == 1);
        CHECK(found[0].name == "Banco de comida");
    }

    // New hours and languages, and a second service: every connection shows them.
    auto changed = Feed(R"([{"id": "a", "name": "Food Pantry", "status": "active", "languages": [{"code": "en"}, {"code": "vi"}],
                             "schedules": [{"id": "h1", "byday": "WE", "opens_at": "09:00", "closes_at": "17:00"}]},
                            {"id": "b", "name": "Food Bus", "status": "active"}])");
    REQUIRE(f.store.ReplaceDirectory(changed, {}).Ok());
    for (DirectoryStore* store : {&f.store, &other}) {
        const auto found = find(*store, "food", "en");
        REQUIRE(found.size() == 2);
        CHECK(found[0].name == "Food Pantry");  // equal ranks: the directory's order
        CHECK(found[1].name == "Food Bus");
        CHECK(found[0].open_state == OpenState::Closed);
        CHECK(found[0].languages == std::vector<std::string>{"en", "vi"});
    }

    // A refused import changes nothing, and what is shown stays right.
    CHECK_FALSE(f.store.ReplaceDirectory(Feed("[]"), {}).Ok());
    CHECK(find(other, "food", "en").size() == 2);

    // Another file with the same text is another directory.
    Fixture g;
    REQUIRE(g.store.ReplaceDirectory(Feed(R"([{"id": "z", "name": "Food Van", "status": "active"}])"), {}).Ok());
    const auto found = find(g.store, "food", "en");
    REQUIRE(found.size() == 1);
    CHECK(found[0].name == "Food Van");
    CHECK(find(f.store, "food", "en").size() == 2);
}
