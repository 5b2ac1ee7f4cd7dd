// The benchmark directory generator. See directory_generator.h.
#include "bench/directory_generator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <array>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

namespace bench {

namespace {

using nlohmann::json;

struct Category {
    const char* code;
    const char* en;
    const char* es;
    std::vector<std::pair<const char*, const char*>> kinds;   // service kinds, en/es
    std::vector<std::pair<const char*, const char*>> offers;  // what it offers, en/es
};

const std::vector<Category>& Categories() {
    static const std::vector<Category> kCategories = {
        {"tutoring", "Tutoring", "Tutoría",
         {{"Homework Help", "Ayuda con las tareas"}, {"Math Tutoring", "Tutoría de matemáticas"}, {"Reading Buddies", "Compañeros de lectura"}, {"Science Lab", "Laboratorio de ciencias"}},
         {{"one-on-one tutoring in math and reading", "tutoría individual de matemáticas y lectura"}, {"homework help after school", "ayuda con las tareas después de clases"}, {"test preparation for middle and high school", "preparación para exámenes de secundaria y preparatoria"}}},
        {"counselling", "Counselling", "Consejería",
         {{"Family Counselling", "Consejería familiar"}, {"Youth Counselling", "Consejería juvenil"}, {"Grief Support Group", "Grupo de apoyo en el duelo"}},
         {{"free counselling for children, teens and parents", "consejería gratuita para niños, adolescentes y padres"}, {"support groups for anxiety and stress", "grupos de apoyo para la ansiedad y el estrés"}, {"crisis support by phone, day and night", "apoyo en crisis por teléfono, de día y de noche"}}},
        {"food", "Food", "Alimentos",
         {{"Food Pantry", "Despensa de alimentos"}, {"Community Kitchen", "Cocina comunitaria"}, {"Weekend Backpack Meals", "Comidas de fin de semana"}},
         {{"groceries, fresh produce and baby formula", "víveres, frutas y verduras frescas y fórmula para bebés"}, {"hot meals every weekday", "comidas calientes todos los días de semana"}, {"help applying for food benefits", "ayuda para solicitar beneficios de alimentos"}}},
        {"housing", "Housing", "Vivienda",
         {{"Rent Assistance", "Ayuda con la renta"}, {"Family Shelter", "Albergue familiar"}, {"Tenant Rights Clinic", "Clínica de derechos del inquilino"}},
         {{"emergency help with rent and utility bills", "ayuda de emergencia con la renta y los servicios"}, {"safe shelter for families with children", "albergue seguro para familias con niños"}, {"legal advice for tenants facing eviction", "asesoría legal para inquilinos ante un desalojo"}}},
        {"health", "Health care", "Salud",
         {{"Community Clinic", "Clínica comunitaria"}, {"Dental Clinic", "Clínica dental"}, {"Vision Screening", "Examen de la vista"}},
         {{"check-ups, vaccines and sports physicals", "chequeos, vacunas y exámenes físicos deportivos"}, {"dental cleanings on a sliding scale", "limpiezas dentales con tarifa según ingresos"}, {"free eye exams and glasses for students", "exámenes de la vista y anteojos gratis para estudiantes"}}},
        {"financial", "Financial literacy", "Educación financiera",
         {{"Money Skills Workshop", "Taller de finanzas"}, {"Free Tax Help", "Ayuda gratuita con impuestos"}, {"Savings Club", "Club de ahorro"}},
         {{"classes on budgeting, saving and credit", "clases sobre presupuesto, ahorro y crédito"}, {"free tax preparation for working families", "preparación gratuita de impuestos para familias trabajadoras"}, {"help opening a first bank account", "ayuda para abrir una primera cuenta bancaria"}}},
        {"mentoring", "Mentoring", "Mentoría",
         {{"Youth Mentoring", "Mentoría juvenil"}, {"Big Brothers Club", "Club de hermanos mayores"}, {"Girls Leadership Circle", "Círculo de liderazgo para niñas"}},
         {{"a caring adult mentor who meets weekly", "un mentor adulto que se reúne cada semana"}, {"leadership projects for young people", "proyectos de liderazgo para jóvenes"}, {"sports and arts with trained volunteers", "deportes y artes con voluntarios capacitados"}}},
        {"college-career", "College and career", "Universidad y carrera",
         {{"College Application Help", "Ayuda con solicitudes universitarias"}, {"Job Readiness", "Preparación laboral"}, {"Summer Internships", "Pasantías de verano"}},
         {{"help with college applications and financial aid", "ayuda con solicitudes universitarias y ayuda financiera"}, {"resume writing and interview practice", "redacción de currículum y práctica de entrevistas"}, {"paid internships with local employers", "pasantías pagadas con empleadores locales"}}},
        {"transportation", "Transportation", "Transporte",
         {{"Student Bus Pass", "Pase de autobús estudiantil"}, {"Rides to Appointments", "Viajes a citas"}, {"Bike Library", "Biblioteca de bicicletas"}},
         {{"free bus passes for students and families", "pases de autobús gratis para estudiantes y familias"}, {"rides to medical appointments", "transporte a citas médicas"}, {"bikes and helmets to borrow", "bicicletas y cascos en préstamo"}}},
        {"technology", "Technology access", "Acceso a tecnología",
         {{"Computer Lab", "Laboratorio de computación"}, {"Free Wi-Fi Hotspots", "Puntos de Wi-Fi gratis"}, {"Coding Club", "Club de programación"}},
         {{"computers, printing and internet for homework", "computadoras, impresión e internet para las tareas"}, {"laptops and hotspots to borrow", "computadoras portátiles y puntos de acceso en préstamo"}, {"coding classes for beginners", "clases de programación para principiantes"}}},
        {"reintegration", "Youth reintegration", "Reintegración juvenil",
         {{"Back to School Program", "Programa de regreso a la escuela"}, {"Second Chance Academy", "Academia de segunda oportunidad"}, {"Restorative Justice Circle", "Círculo de justicia restaurativa"}},
         {{"support returning to school after time away", "apoyo para volver a la escuela después de un tiempo fuera"}, {"credit recovery and case management", "recuperación de créditos y manejo de casos"}, {"peer support and family meetings", "apoyo entre pares y reuniones familiares"}}},
        {"family", "Family support", "Apoyo familiar",
         {{"Parenting Classes", "Clases para padres"}, {"Family Resource Center", "Centro de recursos familiares"}, {"Child Care Referral", "Referencias de cuidado infantil"}},
         {{"classes for parents of young children", "clases para padres de niños pequeños"}, {"diapers, clothing and school supplies", "pañales, ropa y útiles escolares"}, {"help finding affordable child care", "ayuda para encontrar cuidado infantil accesible"}}},
    };
    return kCategories;
}

constexpr std::array<const char*, 24> kPlaces = {
    "Riverbend", "Oakwood", "Maple Hill", "Lincoln Park", "Eastside", "Westgate", "Cedar Grove", "Harbor View",
    "Sunnyvale", "Pine Ridge", "Lakeside", "Brookfield", "Fairview", "Hillcrest", "Meadowlands", "Northgate",
    "Southport", "Willow Creek", "Stonebridge", "Clearwater", "Elm Street", "Highland", "Valley", "Central"};
constexpr std::array<const char*, 12> kOrgKinds = {
    "Community Center", "Family Services", "Youth Alliance", "Neighborhood Association", "Library", "Health Collaborative",
    "Learning Center", "Housing Partners", "Food Bank", "Foundation", "Boys and Girls Club", "Mission"};
constexpr std::array<const char*, 12> kOrgKindsEs = {
    "Centro Comunitario", "Servicios Familiares", "Alianza Juvenil", "Asociación Vecinal", "Biblioteca", "Colaborativa de Salud",
    "Centro de Aprendizaje", "Socios de Vivienda", "Banco de Alimentos", "Fundación", "Club de Niños y Niñas", "Misión"};
constexpr std::array<const char*, 10> kStreets = {"Main St", "Oak Ave", "Maple Dr", "Washington Blvd", "Cesar Chavez Ave",
                                                  "Mission St", "Broadway", "Park Ln", "River Rd", "Lincoln Way"};
constexpr std::array<std::pair<const char*, const char*>, 6> kLanguages = {
    {{"en", "English"}, {"es", "Spanish"}, {"vi", "Vietnamese"}, {"zh", "Chinese"}, {"ar", "Arabic"}, {"tl", "Tagalog"}}};
constexpr std::array<const char*, 4> kDays = {"MO,TU,WE,TH,FR", "MO,WE,FR", "TU,TH", "SA"};

} // namespace

GeneratedDirectory GenerateDirectory(int services, uint32_t seed, int category_count) {
    std::mt19937 random(seed);
    auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
    json en = json::array(), es = json::array();
    const auto& categories = Categories();
    for (int i = 0; i < services; ++i) {
        const size_t spread = std::clamp<size_t>(static_cast<size_t>(category_count), 1, categories.size());
        const Category& c = categories[static_cast<size_t>(i) % spread];
        const size_t kind = pick(c.kinds.size());
        const size_t offer = pick(c.offers.size());
        const size_t offer2 = pick(c.offers.size());
        const char* place = kPlaces[pick(kPlaces.size())];
        const size_t org_kind = pick(kOrgKinds.size());
        const int org = i / 3;  // three services per partner organization
        const std::string id = "svc-" + std::to_string(i);
        const std::string org_id = "org-" + std::to_string(org);
        const std::string loc_id = "loc-" + std::to_string(org);
        const std::string number = std::to_string(i);
        const int age_min = static_cast<int>(pick(3)) * 5;
        const std::string opens = std::to_string(8 + pick(4)) + ":00";
        const std::string closes = std::to_string(15 + pick(5)) + ":30";
        json languages = json::array({{{"code", "en"}, {"name", "English"}}});
        const auto& extra = kLanguages[1 + pick(kLanguages.size() - 1)];
        languages.push_back({{"code", extra.first}, {"name", extra.second}});
        json location = {{"id", loc_id}, {"name", std::string(place) + " " + kOrgKinds[org_kind]},
                         {"addresses", {{{"address_1", std::to_string(100 + pick(9000)) + " " + kStreets[pick(kStreets.size())]},
                                         {"city", "Riverbend"}, {"state_province", "CA"}, {"postal_code", "9550" + std::to_string(pick(10))},
                                         {"country", "US"}, {"address_type", "physical"}}}}};
        auto service = [&](bool spanish) {
            const std::string name = std::string(place) + " " + (spanish ? c.kinds[kind].second : c.kinds[kind].first);
            const std::string org_name = std::string(place) + " " + (spanish ? kOrgKindsEs[org_kind] : kOrgKinds[org_kind]);
            const std::string description =
                spanish ? std::string("Ofrecemos ") + c.offers[offer].second + " y " + c.offers[offer2].second +
                              ". Atendemos a familias de " + place + " sin costo. Se habla " + (extra.first == std::string("es") ? "español" : "inglés") + "."
                        : std::string("We offer ") + c.offers[offer].first + " and " + c.offers[offer2].first +
                              ". Serving families in " + place + " at no cost. Walk-ins welcome.";
            return json{{"id", id},
                        {"name", name},
                        {"description", description},
                        {"status", "active"},
                        {"minimum_age", age_min},
                        {"eligibility_description", spanish ? "Familias del distrito escolar." : "Families in the school district."},
                        {"organization", {{"id", org_id}, {"name", org_name}}},
                        {"phones", {{{"number", "555-01" + std::string(number.size() < 2 ? "0" : "") + number.substr(number.size() >= 2 ? number.size() - 2 : 0)}}}},
                        {"languages", languages},
                        {"schedules", {{{"freq", "WEEKLY"}, {"byday", kDays[pick(kDays.size())]}, {"opens_at", opens}, {"closes_at", closes}}}},
                        {"service_at_locations", {{{"location", location}}}},
                        {"attributes", {{{"taxonomy_term", {{"id", std::string("cat-") + c.code}, {"code", c.code},
                                                            {"name", spanish ? c.es : c.en}, {"taxonomy", "Kiosk Categories"}}}}}}};
        };
        const uint32_t state = random();
        random.seed(state);  // the same random picks for both languages
        en.push_back(service(false));
        random.seed(state);
        es.push_back(service(true));
    }
    return {en.dump(), es.dump()};
}

namespace {

// One CSV line, every field quoted (RFC 4180).
std::string CsvLine(std::initializer_list<std::string> fields) {
    std::string line;
    bool first = true;
    for (const std::string& field : fields) {
        if (!first) line += ',';
        first = false;
        line += '"';
        for (char c : field) {
            if (c == '"') line += '"';
            line += c;
        }
        line += '"';
    }
    return line + "\r\n";
}

std::string TextOf(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

} // namespace

size_t WriteHsds1Package(const std::string& english, const std::string& folder) {
    std::filesystem::create_directories(folder);
    const json services = json::parse(english);
    std::map<std::string, std::string> files = {
        {"services", CsvLine({"id", "organization_id", "name", "description", "url", "email", "status", "fees"})},
        {"organizations", CsvLine({"id", "name", "description", "url"})},
        {"locations", CsvLine({"id", "organization_id", "name", "latitude", "longitude"})},
        {"services_at_location", CsvLine({"id", "service_id", "location_id"})},
        {"physical_addresses", CsvLine({"id", "location_id", "address_1", "city", "state_province", "postal_code", "country"})},
        {"phones", CsvLine({"id", "service_id", "number", "type", "language"})},
        {"languages", CsvLine({"id", "service_id", "language"})},
        {"regular_schedules", CsvLine({"id", "service_id", "weekday", "opens_at", "closes_at"})},
        {"eligibility", CsvLine({"id", "service_id", "eligibility"})},
        {"taxonomy", CsvLine({"id", "name", "parent_id", "vocabulary"})},
        {"services_taxonomy", CsvLine({"id", "service_id", "taxonomy_id"})},
    };
    std::map<std::string, int> number_of;  // source id -> the number a 1.x export gives it
    auto number = [&](const std::string& key) {
        auto [it, fresh] = number_of.emplace(key, static_cast<int>(number_of.size()) + 1);
        return std::to_string(it->second);
    };
    static const std::map<std::string, std::string> kWeekday = {{"MO", "1"}, {"TU", "2"}, {"WE", "3"}, {"TH", "4"},
                                                                {"FR", "5"}, {"SA", "6"}, {"SU", "7"}};
    size_t rows = 0, row_id = 0;
    auto add = [&](const char* file, std::initializer_list<std::string> fields) {
        files[file] += CsvLine(fields);
        ++rows;
    };
    std::set<std::string> organizations, locations, terms;
    for (const json& service : services) {
        const std::string id = number("service:" + TextOf(service, "id"));
        const json& organization = service["organization"];
        const std::string org = number("organization:" + TextOf(organization, "id"));
        add("services", {id, org, TextOf(service, "name"), TextOf(service, "description"), "", "", "active", "Free"});
        if (organizations.insert(org).second) add("organizations", {org, TextOf(organization, "name"), "", "www.example.org"});
        for (const json& sal : service["service_at_locations"]) {
            const json& location = sal["location"];
            const std::string loc = number("location:" + TextOf(location, "id"));
            add("services_at_location", {std::to_string(++row_id), id, loc});
            if (locations.insert(loc).second) {
                add("locations", {loc, org, TextOf(location, "name"), "37.7", "-122.4"});
                for (const json& address : location["addresses"]) {
                    add("physical_addresses", {std::to_string(++row_id), loc, TextOf(address, "address_1"), TextOf(address, "city"),
                                               TextOf(address, "state_province"), TextOf(address, "postal_code"), TextOf(address, "country")});
                }
            }
        }
        std::string spoken;
        for (const json& language : service["languages"]) {
            add("languages", {std::to_string(++row_id), id, TextOf(language, "name")});
            spoken += (spoken.empty() ? "" : ", ") + TextOf(language, "code");
        }
        for (const json& phone : service["phones"]) add("phones", {std::to_string(++row_id), id, TextOf(phone, "number"), "voice", spoken});
        for (const json& schedule : service["schedules"]) {
            std::stringstream days(TextOf(schedule, "byday"));
            for (std::string day; std::getline(days, day, ',');) {
                add("regular_schedules", {std::to_string(++row_id), id, kWeekday.at(day), TextOf(schedule, "opens_at"),
                                          TextOf(schedule, "closes_at")});
            }
        }
        add("eligibility", {std::to_string(++row_id), id, TextOf(service, "eligibility_description")});
        for (const json& attribute : service["attributes"]) {
            const json& term = attribute["taxonomy_term"];
            const std::string t = number("term:" + TextOf(term, "id"));
            if (terms.insert(t).second) add("taxonomy", {t, TextOf(term, "name"), "", TextOf(term, "taxonomy")});
            add("services_taxonomy", {std::to_string(++row_id), id, t});
        }
    }
    json resources = json::array();
    for (const auto& [name, text] : files) {
        std::ofstream(folder + "/" + name + ".csv", std::ios::binary) << text;
        resources.push_back({{"name", name}, {"path", name + ".csv"}, {"format", "csv"}});
    }
    std::ofstream(folder + "/datapackage.json") << json{{"name", "generated-211-export"}, {"resources", resources}}.dump(1);
    return rows;
}

} // namespace bench
