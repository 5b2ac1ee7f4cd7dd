#!/usr/bin/env python3
"""Writes the fictional sample directory under assets/directory/ as HSDS 3.0 JSON:
directory.en.json (the directory), and directory.es.json and directory.vi.json (the same feed,
same ids, in Spanish and in Vietnamese). Every record is valid against Open Referral's HSDS 3.0
schema (compiled/service.json): where ../shared/hsds-spec and python3-jsonschema are present,
this script checks it and refuses to write a record that is not.

Every partner, address and person here is invented; phone numbers are in the 555-01xx range
reserved for fiction. Run it again after editing the tables below; the output is committed so
that building and testing never need Python.
"""
import json
import os
import uuid

NS = uuid.UUID("6f1c2b0e-5d0a-4c55-9a43-3b7f5a2e9c10")
CITY, STATE, ZIP = "Riverbend", "OR", "97499"


def uid(*parts):
    return str(uuid.uuid5(NS, "/".join(parts)))


# What each category holds, for its taxonomy term's description (HSDS requires one).
CATEGORY_DESCRIPTIONS = {
    "tutoring": ("Help with homework, reading, math and other school subjects.",
                 "Ayuda con las tareas, la lectura, las matemáticas y otras materias.",
                 "Giúp làm bài tập, tập đọc, học toán và các môn học khác."),
    "counselling": ("Someone to talk to: counselling, support groups and crisis lines.",
                    "Alguien con quien hablar: consejería, grupos de apoyo y líneas de crisis.",
                    "Người để tâm sự: tư vấn, nhóm hỗ trợ và đường dây khủng hoảng."),
    "food": ("Groceries, meals and fresh produce.", "Alimentos, comidas y productos frescos.",
             "Thực phẩm, bữa ăn và rau quả tươi."),
    "housing": ("Help with rent, shelter and renters' rights.", "Ayuda con el alquiler, albergue y derechos de inquilinos.",
                "Giúp về tiền thuê nhà, nơi tạm trú và quyền của người thuê nhà."),
    "health": ("Doctors, dentists, nurses and check-ups.", "Médicos, dentistas, enfermeras y chequeos.",
               "Bác sĩ, nha sĩ, y tá và khám sức khỏe."),
    "financial": ("Budgeting, saving, banking and taxes.", "Presupuesto, ahorro, banco e impuestos.",
                  "Lập ngân sách, tiết kiệm, ngân hàng và thuế."),
    "mentoring": ("A caring adult or a club that helps young people grow.",
                  "Un adulto atento o un club que ayuda a los jóvenes a crecer.",
                  "Người lớn tận tâm hoặc câu lạc bộ giúp người trẻ trưởng thành."),
    "college-career": ("College applications, apprenticeships and jobs.",
                       "Solicitudes universitarias, aprendizajes de oficios y empleos.",
                       "Nộp đơn đại học, học nghề và việc làm."),
    "transportation": ("Bus passes and rides to school, clinics and work.",
                       "Pases de autobús y transporte a la escuela, clínicas y trabajo.",
                       "Vé xe buýt và xe đưa đón đến trường, phòng khám và nơi làm việc."),
    "technology": ("Computers, internet and computer classes.", "Computadoras, internet y clases de computación.",
                   "Máy tính, internet và lớp học vi tính."),
    "reintegration": ("Returning to school after time away: coaching, credits and a fresh start.",
                      "Regresar a la escuela después de un tiempo fuera: acompañamiento, créditos y un nuevo comienzo.",
                      "Trở lại trường sau thời gian vắng mặt: hướng dẫn, tín chỉ và một khởi đầu mới."),
    "family": ("Childcare, forms, parenting and help for the whole family.",
               "Cuidado infantil, trámites, crianza y ayuda para toda la familia.",
               "Giữ trẻ, giấy tờ, nuôi dạy con và hỗ trợ cho cả gia đình."),
}
TAXONOMY = ("Riverbend Kiosk Categories", "Categorías del quiosco de Riverbend", "Danh mục của ki-ốt Riverbend")
TAXONOMY_DESCRIPTION = ("The twelve categories a family browses on the school lobby kiosk.",
                        "Las doce categorías que una familia explora en el quiosco del vestíbulo escolar.",
                        "Mười hai danh mục mà gia đình xem trên ki-ốt ở sảnh trường.")

CATEGORIES = [
    # code, English, Spanish
    ("tutoring", "Tutoring", "Tutoría"),
    ("counselling", "Counselling and mental health", "Consejería y salud mental"),
    ("food", "Food", "Alimentos"),
    ("housing", "Housing", "Vivienda"),
    ("health", "Health care", "Atención médica"),
    ("financial", "Financial literacy", "Educación financiera"),
    ("mentoring", "Mentoring", "Mentoría"),
    ("college-career", "College and career readiness", "Preparación universitaria y profesional"),
    ("transportation", "Transportation", "Transporte"),
    ("technology", "Technology access", "Acceso a la tecnología"),
    ("reintegration", "Youth reintegration", "Reintegración juvenil"),
    ("family", "Family support", "Apoyo familiar"),
]

ORGS = [
    # key, name, Spanish name, description en, description es, street
    ("brightpath", "BrightPath Learning Center", "Centro de Aprendizaje BrightPath",
     "A nonprofit learning center offering free tutoring to students in grades K-12.",
     "Un centro de aprendizaje sin fines de lucro que ofrece tutoría gratuita a estudiantes de kínder a 12.º grado.",
     "118 Alder Street"),
    ("harbor", "Harbor Family Counselling", "Consejería Familiar Harbor",
     "Licensed counsellors who support children, teens and parents.",
     "Consejeros con licencia que apoyan a niños, adolescentes y padres.", "42 Quay Road"),
    ("riverbend-pantry", "Riverbend Community Pantry", "Despensa Comunitaria de Riverbend",
     "A volunteer food bank serving families across the district.",
     "Un banco de alimentos de voluntarios que atiende a familias de todo el distrito.", "900 Mill Avenue"),
    ("hearth", "Hearth Housing Alliance", "Alianza de Vivienda Hearth",
     "Helps families find, keep and pay for a safe home.",
     "Ayuda a las familias a encontrar, conservar y pagar un hogar seguro.", "3301 Cedar Boulevard"),
    ("northside-clinic", "Northside Family Clinic", "Clínica Familiar Northside",
     "A community health clinic with doctors, nurses and dentists for all ages.",
     "Una clínica de salud comunitaria con médicos, enfermeras y dentistas para todas las edades.", "75 Birch Lane"),
    ("penny-wise", "Penny Wise Financial Education", "Educación Financiera Penny Wise",
     "Teaches budgeting, saving and banking to young people and their families.",
     "Enseña a jóvenes y familias a hacer presupuestos, ahorrar y usar el banco.", "12 Market Square"),
    ("big-steps", "Big Steps Mentoring", "Mentoría Big Steps",
     "Matches students with trained adult volunteer mentors.",
     "Une a estudiantes con mentores adultos voluntarios capacitados.", "560 Elm Street"),
    ("launchpad", "LaunchPad Careers", "LaunchPad Carreras",
     "Guides high school students toward college, apprenticeships and first jobs.",
     "Guía a estudiantes de preparatoria hacia la universidad, el aprendizaje de oficios y su primer empleo.",
     "2200 Commerce Drive"),
    ("river-transit", "River Valley Rides", "Transporte River Valley",
     "Free and low-cost rides for students and families to school, clinics and jobs.",
     "Viajes gratuitos o de bajo costo para estudiantes y familias a la escuela, clínicas y trabajos.",
     "14 Depot Street"),
    ("bytebridge", "ByteBridge Digital Access", "ByteBridge Acceso Digital",
     "Laptops, internet and computer classes for families who need them.",
     "Computadoras portátiles, internet y clases de computación para las familias que las necesitan.",
     "401 Foundry Way"),
    ("second-chance", "Second Chance Youth Services", "Servicios Juveniles Segunda Oportunidad",
     "Supports young people returning to school from juvenile justice or long absences.",
     "Apoya a jóvenes que regresan a la escuela después del sistema de justicia juvenil o largas ausencias.",
     "88 Granite Court"),
    ("open-door", "Open Door Family Resource Center", "Centro de Recursos Familiares Puerta Abierta",
     "One place for families to get help with food, forms, childcare and more.",
     "Un solo lugar donde las familias reciben ayuda con alimentos, trámites, cuidado infantil y más.",
     "230 Willow Street"),
    ("mathworks", "MathWorks Volunteers", "Voluntarios MathWorks",
     "Retired engineers and teachers who tutor math and science.",
     "Ingenieros y maestros jubilados que dan tutoría de matemáticas y ciencias.", "7 Observatory Hill"),
    ("sunrise-library", "Sunrise Branch Library", "Biblioteca Sucursal Sunrise",
     "The neighbourhood library: homework help, computers and reading programs.",
     "La biblioteca del barrio: ayuda con tareas, computadoras y programas de lectura.", "1500 Sunrise Avenue"),
    ("calm-minds", "Calm Minds Youth Wellness", "Bienestar Juvenil Calm Minds",
     "Peer support groups and counselling for teens.",
     "Grupos de apoyo entre compañeros y consejería para adolescentes.", "61 Harmony Place"),
    ("green-basket", "Green Basket Farmers Collective", "Colectivo de Agricultores Green Basket",
     "Local farms sharing fresh fruit and vegetables with school families.",
     "Granjas locales que comparten frutas y verduras frescas con las familias escolares.", "Fairgrounds Lot C"),
    ("smile-van", "Smile Van Dental Outreach", "Smile Van Alcance Dental",
     "A mobile dental clinic that visits schools.",
     "Una clínica dental móvil que visita las escuelas.", "19 Harbor Road"),
    ("keystone", "Keystone Tenant Rights Project", "Proyecto de Derechos de Inquilinos Keystone",
     "Free legal advice for renters facing eviction or unsafe housing.",
     "Asesoría legal gratuita para inquilinos con riesgo de desalojo o vivienda insegura.", "410 Justice Plaza"),
    ("trailblazers", "Trailblazers Youth Alliance", "Alianza Juvenil Trailblazers",
     "After-school clubs, leadership and mentoring for middle and high school students.",
     "Clubes después de clases, liderazgo y mentoría para estudiantes de secundaria y preparatoria.",
     "77 Summit Road"),
    ("new-roots", "New Roots Immigrant Family Services", "Servicios para Familias Inmigrantes New Roots",
     "Helps newly arrived families settle in, in their own language.",
     "Ayuda a las familias recién llegadas a establecerse, en su propio idioma.", "305 Harbor View Street"),
    ("credit-union", "Riverbend Schools Credit Union Foundation", "Fundación de la Cooperativa de Crédito de las Escuelas de Riverbend",
     "Free money workshops and student savings accounts.",
     "Talleres gratuitos sobre el dinero y cuentas de ahorro para estudiantes.", "1 Credit Union Way"),
    ("workforce", "Riverbend Workforce Center", "Centro Laboral de Riverbend",
     "Job training, résumé help and summer jobs for teens and parents.",
     "Capacitación laboral, ayuda con el currículum y empleos de verano para adolescentes y padres.",
     "640 Industry Road"),
]

# Schedules: (byday, opens, closes) tuples.
WEEKDAYS_AFTERNOON = [("MO,TU,WE,TH", "15:00", "18:00")]
WEEKDAYS_DAY = [("MO,TU,WE,TH,FR", "09:00", "17:00")]
WEEKDAYS_LATE = [("MO,TU,WE,TH,FR", "10:00", "19:00")]
SAT_MORNING = [("SA", "09:00", "13:00")]
EVENINGS = [("TU,TH", "18:00", "20:00")]
ALL_WEEK = [("MO,TU,WE,TH,FR,SA,SU", "07:00", "22:00")]

FREE = ("Free.", "Gratis.")
SLIDING = ("Sliding scale based on family income; nobody is turned away for inability to pay.",
           "Tarifa según los ingresos familiares; a nadie se le niega el servicio por no poder pagar.")
INSURANCE = ("Most insurance and Oregon Health Plan accepted; free for families without insurance.",
             "Se aceptan la mayoría de los seguros y el Oregon Health Plan; gratis para familias sin seguro.")

WALK_IN = ("Walk in during opening hours, or call to book a time.",
           "Venga durante el horario de atención o llame para hacer una cita.")
CALL = ("Call to make an appointment. A staff member will ask a few questions by phone.",
        "Llame para hacer una cita. Un miembro del personal le hará algunas preguntas por teléfono.")
FORM = ("Fill in a short form at the front desk or ask your school counsellor to refer you.",
        "Llene un formulario breve en la recepción o pida al consejero escolar que lo refiera.")
SCHOOL = ("Ask at your school's front office; staff will sign you up.",
          "Pregunte en la oficina de su escuela; el personal le inscribirá.")

SERVICES = [
    # org, categories, name en, name es, description en, description es, eligibility en, eligibility es,
    # min age, max age, fees, apply, schedule, languages
    ("brightpath", ["tutoring"], "Homework Help Club", "Club de Ayuda con las Tareas",
     "Drop-in help with homework in every subject, with snacks and a quiet place to study.",
     "Ayuda con las tareas de todas las materias, con refrigerios y un lugar tranquilo para estudiar.",
     "Students in grades 1 to 8.", "Estudiantes de 1.º a 8.º grado.", 6, 14, FREE, WALK_IN, WEEKDAYS_AFTERNOON, ["en", "es"]),
    ("brightpath", ["tutoring"], "One-on-One Reading Tutoring", "Tutoría de Lectura Individual",
     "A trained tutor reads with your child twice a week to build fluency and confidence.",
     "Un tutor capacitado lee con su hijo dos veces por semana para mejorar la fluidez y la confianza.",
     "Children in kindergarten to grade 3 who are behind in reading.",
     "Niños de kínder a 3.er grado con retraso en la lectura.", 5, 9, FREE, CALL, WEEKDAYS_AFTERNOON, ["en", "es", "vi"]),
    ("mathworks", ["tutoring"], "Math and Science Tutoring", "Tutoría de Matemáticas y Ciencias",
     "Small-group tutoring in algebra, geometry, chemistry and physics, taught by retired engineers.",
     "Tutoría en grupos pequeños de álgebra, geometría, química y física, impartida por ingenieros jubilados.",
     "Middle and high school students.", "Estudiantes de secundaria y preparatoria.", 11, 19, FREE, WALK_IN, EVENINGS, ["en"]),
    ("sunrise-library", ["tutoring", "technology"], "Library Homework Center", "Centro de Tareas de la Biblioteca",
     "Homework help, printing and computers with internet every school day.",
     "Ayuda con las tareas, impresión y computadoras con internet todos los días de clases.",
     "Anyone with a library card; cards are free for district residents.",
     "Cualquier persona con tarjeta de biblioteca; las tarjetas son gratis para residentes del distrito.",
     None, None, FREE, WALK_IN, WEEKDAYS_LATE, ["en", "es", "zh"]),
    ("sunrise-library", ["tutoring", "family"], "Family Story Time in Spanish and English", "Hora del Cuento Familiar en Español e Inglés",
     "Stories, songs and early-reading games for little ones and their grown-ups.",
     "Cuentos, canciones y juegos de lectura temprana para los pequeños y sus adultos.",
     "Children up to age 5 with a parent or caregiver.", "Niños hasta los 5 años con un padre o cuidador.",
     0, 5, FREE, WALK_IN, SAT_MORNING, ["en", "es"]),
    ("harbor", ["counselling"], "Child and Teen Counselling", "Consejería para Niños y Adolescentes",
     "Confidential counselling for anxiety, sadness, grief, stress at school or at home.",
     "Consejería confidencial para la ansiedad, la tristeza, el duelo y el estrés en la escuela o en casa.",
     "Children and teens aged 5 to 18; a parent must consent for children under 14.",
     "Niños y adolescentes de 5 a 18 años; se necesita el consentimiento de un padre para menores de 14.",
     5, 18, SLIDING, CALL, WEEKDAYS_DAY, ["en", "es"]),
    ("harbor", ["counselling", "family"], "Parenting Support Group", "Grupo de Apoyo para Padres",
     "A weekly group where parents share what works, with a counsellor to guide the talk.",
     "Un grupo semanal donde los padres comparten lo que funciona, con un consejero que guía la conversación.",
     "Parents and caregivers of school-age children.", "Padres y cuidadores de niños en edad escolar.",
     18, None, FREE, WALK_IN, EVENINGS, ["en", "es"]),
    ("calm-minds", ["counselling"], "Teen Peer Support Circles", "Círculos de Apoyo entre Adolescentes",
     "Teens talk with other teens in a safe group, led by a trained youth worker.",
     "Los adolescentes hablan con otros adolescentes en un grupo seguro, dirigido por un trabajador juvenil capacitado.",
     "Ages 13 to 19.", "De 13 a 19 años.", 13, 19, FREE, WALK_IN, [("WE", "16:00", "17:30")], ["en"]),
    ("calm-minds", ["counselling", "health"], "Crisis Text Line for Teens", "Línea de Mensajes de Crisis para Adolescentes",
     "Text a trained counsellor any time, day or night, when things feel too much.",
     "Envíe un mensaje de texto a un consejero capacitado a cualquier hora, de día o de noche, cuando todo parezca demasiado.",
     "Any young person who needs to talk.", "Cualquier joven que necesite hablar.",
     None, None, FREE, ("Text HELLO to the number below.", "Envíe HOLA al número de abajo."),
     [("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")], ["en", "es"]),
    ("riverbend-pantry", ["food"], "Weekly Family Food Box", "Caja Semanal de Alimentos para la Familia",
     "A box of groceries for a week: fresh produce, milk, bread, rice, beans and more.",
     "Una caja de alimentos para una semana: verduras frescas, leche, pan, arroz, frijoles y más.",
     "Any family in the district; no documents needed.", "Cualquier familia del distrito; no se necesitan documentos.",
     None, None, FREE, WALK_IN, [("TU,TH", "14:00", "19:00"), ("SA", "09:00", "12:00")], ["en", "es", "so"]),
    ("riverbend-pantry", ["food"], "Weekend Backpack Meals", "Comidas de Fin de Semana en la Mochila",
     "Kid-friendly meals sent home in the backpack every Friday so no child goes hungry on weekends.",
     "Comidas para niños enviadas a casa en la mochila cada viernes para que ningún niño pase hambre el fin de semana.",
     "Students whose families ask for it; it is private and nobody else is told.",
     "Estudiantes cuyas familias lo soliciten; es privado y no se le informa a nadie más.",
     4, 18, FREE, SCHOOL, [("FR", "12:00", "15:00")], ["en", "es"]),
    ("green-basket", ["food"], "Fresh Produce Market Vouchers", "Cupones para el Mercado de Productos Frescos",
     "Vouchers worth $20 a week at the Saturday farmers market, doubled for SNAP users.",
     "Cupones de $20 por semana para el mercado de agricultores del sábado, el doble para usuarios de SNAP.",
     "Families with children at a district school.", "Familias con hijos en una escuela del distrito.",
     None, None, FREE, WALK_IN, SAT_MORNING, ["en", "es"]),
    ("open-door", ["food", "family"], "Community Dinner Night", "Noche de Cena Comunitaria",
     "A free hot dinner for the whole family, with games for kids.",
     "Una cena caliente gratis para toda la familia, con juegos para los niños.",
     "Everyone is welcome.", "Todos son bienvenidos.", None, None, FREE, WALK_IN, [("WE", "17:30", "19:30")], ["en", "es", "vi"]),
    ("hearth", ["housing"], "Emergency Rent Assistance", "Ayuda de Emergencia para el Alquiler",
     "One-time help with rent or a deposit to keep a family in its home.",
     "Ayuda única con el alquiler o el depósito para que una familia conserve su hogar.",
     "Families with a past-due rent notice or an eviction notice.",
     "Familias con aviso de alquiler atrasado o aviso de desalojo.", 18, None, FREE, CALL, WEEKDAYS_DAY, ["en", "es"]),
    ("hearth", ["housing", "family"], "Family Shelter Referral Line", "Línea de Referencia a Albergues Familiares",
     "If your family has nowhere safe to sleep tonight, call and we will find a place.",
     "Si su familia no tiene un lugar seguro donde dormir esta noche, llame y le encontraremos un lugar.",
     "Families with children who are without housing.", "Familias con niños que no tienen vivienda.",
     None, None, FREE, CALL, ALL_WEEK, ["en", "es", "so", "ar"]),
    ("keystone", ["housing"], "Tenant Rights Legal Clinic", "Clínica Legal de Derechos de Inquilinos",
     "A lawyer explains your rights as a renter and helps with eviction papers and repairs.",
     "Un abogado explica sus derechos como inquilino y ayuda con papeles de desalojo y reparaciones.",
     "Renters in the district.", "Inquilinos del distrito.", 18, None, FREE, FORM, [("MO,WE", "12:00", "16:00")], ["en", "es"]),
    ("northside-clinic", ["health"], "School Sports Physicals", "Exámenes Físicos para Deportes Escolares",
     "The physical exam students need to play school sports, with vaccines if needed.",
     "El examen físico que los estudiantes necesitan para practicar deportes escolares, con vacunas si hacen falta.",
     "Students aged 10 to 19.", "Estudiantes de 10 a 19 años.", 10, 19, INSURANCE, CALL, WEEKDAYS_DAY, ["en", "es"]),
    ("northside-clinic", ["health", "family"], "Family Doctor Visits", "Consultas con el Médico Familiar",
     "Check-ups, sick visits, vaccines and prescriptions for the whole family.",
     "Chequeos, consultas por enfermedad, vacunas y recetas para toda la familia.",
     "All ages.", "Todas las edades.", None, None, INSURANCE, CALL, WEEKDAYS_LATE, ["en", "es", "vi"]),
    ("smile-van", ["health"], "School Dental Van", "Camioneta Dental Escolar",
     "Free cleanings, sealants and fluoride at school, in a dental van parked outside.",
     "Limpiezas, selladores y flúor gratis en la escuela, en una camioneta dental estacionada afuera.",
     "Students aged 3 to 18 with a signed consent form.", "Estudiantes de 3 a 18 años con formulario de consentimiento firmado.",
     3, 18, FREE, SCHOOL, [("TU,TH", "08:30", "14:30")], ["en", "es"]),
    ("northside-clinic", ["health", "counselling"], "Teen Health Drop-In", "Salud para Adolescentes sin Cita",
     "Private health questions answered by a nurse; no appointment, no parent needed.",
     "Una enfermera responde preguntas de salud en privado; sin cita y sin necesidad de un padre.",
     "Ages 12 to 21.", "De 12 a 21 años.", 12, 21, FREE, WALK_IN, [("MO,WE,FR", "15:00", "18:00")], ["en", "es"]),
    ("penny-wise", ["financial"], "Money Basics for Teens", "Fundamentos del Dinero para Adolescentes",
     "Six fun sessions on budgeting, saving, paychecks and avoiding debt traps.",
     "Seis sesiones divertidas sobre presupuesto, ahorro, cheques de pago y cómo evitar deudas.",
     "Ages 14 to 19.", "De 14 a 19 años.", 14, 19, FREE, FORM, [("TH", "16:00", "17:30")], ["en", "es"]),
    ("penny-wise", ["financial", "family"], "Family Budget Coaching", "Asesoría de Presupuesto Familiar",
     "A coach meets with you to build a family budget and plan for big costs.",
     "Un asesor se reúne con usted para crear un presupuesto familiar y planear los gastos grandes.",
     "Parents and guardians.", "Padres y tutores.", 18, None, FREE, CALL, [("MO,TU,WE,TH", "10:00", "18:00")], ["en", "es", "vi"]),
    ("credit-union", ["financial"], "Student Savings Accounts", "Cuentas de Ahorro para Estudiantes",
     "Open a savings account with $5 from us to start; no fees, no minimum balance.",
     "Abra una cuenta de ahorros con $5 de regalo para empezar; sin comisiones ni saldo mínimo.",
     "Students aged 8 to 18 with a parent or guardian.", "Estudiantes de 8 a 18 años con un padre o tutor.",
     8, 18, FREE, WALK_IN, WEEKDAYS_DAY, ["en", "es"]),
    ("credit-union", ["financial"], "Free Tax Preparation", "Preparación de Impuestos Gratuita",
     "Certified volunteers prepare and file your taxes so you get every credit you are owed.",
     "Voluntarios certificados preparan y presentan sus impuestos para que reciba todos los créditos que le corresponden.",
     "Households earning under $67,000 a year.", "Hogares con ingresos menores de $67,000 al año.",
     18, None, FREE, CALL, SAT_MORNING, ["en", "es", "zh"]),
    ("big-steps", ["mentoring"], "Big Steps Mentor Match", "Emparejamiento de Mentores Big Steps",
     "A caring adult mentor meets your child every week for at least a year.",
     "Un mentor adulto atento se reúne con su hijo cada semana durante al menos un año.",
     "Ages 7 to 15.", "De 7 a 15 años.", 7, 15, FREE, FORM, WEEKDAYS_DAY, ["en", "es"]),
    ("trailblazers", ["mentoring", "college-career"], "Trailblazers Leadership Club", "Club de Liderazgo Trailblazers",
     "Students plan community projects, learn public speaking and meet local leaders.",
     "Los estudiantes planean proyectos comunitarios, aprenden a hablar en público y conocen a líderes locales.",
     "Grades 6 to 12.", "De 6.º a 12.º grado.", 11, 18, FREE, SCHOOL, [("TU", "15:30", "17:30")], ["en"]),
    ("trailblazers", ["mentoring"], "Girls in STEM Mentoring", "Mentoría para Niñas en Ciencias y Tecnología",
     "Girls build robots and apps with women engineers as mentors.",
     "Las niñas construyen robots y aplicaciones con ingenieras como mentoras.",
     "Girls in grades 5 to 9.", "Niñas de 5.º a 9.º grado.", 10, 15, FREE, FORM, [("TH", "15:30", "17:30")], ["en", "es"]),
    ("launchpad", ["college-career"], "College Application Workshop", "Taller de Solicitudes Universitarias",
     "Step-by-step help with college applications, essays and financial aid forms.",
     "Ayuda paso a paso con solicitudes universitarias, ensayos y formularios de ayuda financiera.",
     "High school juniors and seniors and their families.", "Estudiantes de 11.º y 12.º grado y sus familias.",
     15, 19, FREE, FORM, EVENINGS, ["en", "es"]),
    ("launchpad", ["college-career"], "Apprenticeship Explorer", "Explorador de Aprendizajes",
     "Visit local trades, try the tools and learn how to start a paid apprenticeship.",
     "Visite oficios locales, pruebe las herramientas y aprenda a empezar un aprendizaje pagado.",
     "Ages 16 to 21.", "De 16 a 21 años.", 16, 21, FREE, CALL, [("WE", "14:00", "17:00")], ["en", "es"]),
    ("workforce", ["college-career", "financial"], "Summer Youth Jobs", "Empleos de Verano para Jóvenes",
     "Paid summer jobs with local employers, with training before you start.",
     "Empleos pagados de verano con empleadores locales, con capacitación antes de empezar.",
     "Ages 14 to 21 living in the district.", "De 14 a 21 años que vivan en el distrito.",
     14, 21, FREE, FORM, WEEKDAYS_DAY, ["en", "es"]),
    ("workforce", ["college-career", "family"], "Parent Job Training", "Capacitación Laboral para Padres",
     "Free certificates in healthcare support, warehouse and office skills, with childcare during class.",
     "Certificados gratuitos en apoyo de salud, almacén y oficina, con cuidado infantil durante las clases.",
     "Parents and guardians of district students.", "Padres y tutores de estudiantes del distrito.",
     18, None, FREE, CALL, WEEKDAYS_LATE, ["en", "es", "so"]),
    ("river-transit", ["transportation"], "Student Bus Pass", "Pase de Autobús para Estudiantes",
     "A free bus pass for the school year, good on every city route.",
     "Un pase de autobús gratis para el año escolar, válido en todas las rutas de la ciudad.",
     "Students aged 12 to 19.", "Estudiantes de 12 a 19 años.", 12, 19, FREE, SCHOOL, WEEKDAYS_DAY, ["en", "es"]),
    ("river-transit", ["transportation", "health"], "Medical Ride Service", "Servicio de Transporte a Citas Médicas",
     "A free ride to and from doctor, dentist and counselling appointments.",
     "Transporte gratis de ida y vuelta a citas con el médico, el dentista y el consejero.",
     "Families without a car; book at least two days ahead.", "Familias sin auto; reserve con dos días de anticipación.",
     None, None, FREE, CALL, [("MO,TU,WE,TH,FR", "07:00", "18:00")], ["en", "es", "vi"]),
    ("open-door", ["transportation", "family"], "Gas Cards for School Trips", "Tarjetas de Gasolina para Viajes Escolares",
     "Gas cards for families who drive students to school when there is no bus.",
     "Tarjetas de gasolina para familias que llevan a los estudiantes a la escuela cuando no hay autobús.",
     "Families living outside bus routes.", "Familias que viven fuera de las rutas de autobús.",
     None, None, FREE, FORM, WEEKDAYS_DAY, ["en", "es"]),
    ("bytebridge", ["technology"], "Free Laptop Lending", "Préstamo Gratuito de Computadoras Portátiles",
     "Borrow a laptop for the school year, with repairs included.",
     "Pida prestada una computadora portátil para el año escolar, con reparaciones incluidas.",
     "Students without a computer at home.", "Estudiantes sin computadora en casa.", 6, 19, FREE, FORM, WEEKDAYS_LATE, ["en", "es"]),
    ("bytebridge", ["technology"], "Home Internet Sign-Up Help", "Ayuda para Contratar Internet en Casa",
     "We help you apply for low-cost home internet and set up your router.",
     "Le ayudamos a solicitar internet de bajo costo en casa y a instalar su enrutador.",
     "Families with school-age children.", "Familias con niños en edad escolar.", None, None, FREE, WALK_IN, WEEKDAYS_DAY, ["en", "es", "vi", "zh"]),
    ("bytebridge", ["technology", "family"], "Computer Classes for Parents", "Clases de Computación para Padres",
     "Learn email, the school's parent portal, video calls and online safety.",
     "Aprenda a usar el correo, el portal de padres de la escuela, las videollamadas y la seguridad en línea.",
     "Parents and grandparents; no experience needed.", "Padres y abuelos; no se necesita experiencia.",
     18, None, FREE, WALK_IN, SAT_MORNING, ["en", "es", "vi"]),
    ("second-chance", ["reintegration"], "Back to School Re-Entry Coaching", "Acompañamiento para el Regreso a la Escuela",
     "A coach helps a young person return to school after detention or a long absence: classes, credits, a fresh start.",
     "Un acompañante ayuda a un joven a regresar a la escuela después de una detención o una larga ausencia: clases, créditos y un nuevo comienzo.",
     "Ages 12 to 21.", "De 12 a 21 años.", 12, 21, FREE, CALL, WEEKDAYS_DAY, ["en", "es"]),
    ("second-chance", ["reintegration", "counselling"], "Restorative Circles", "Círculos Restaurativos",
     "Students, families and school staff meet with a facilitator to repair harm and move forward together.",
     "Estudiantes, familias y personal escolar se reúnen con un facilitador para reparar el daño y avanzar juntos.",
     "Students referred by a school or the juvenile court.", "Estudiantes referidos por una escuela o el tribunal de menores.",
     10, 21, FREE, FORM, [("MO,TH", "15:30", "17:30")], ["en", "es"]),
    ("second-chance", ["reintegration", "college-career"], "GED and Credit Recovery", "GED y Recuperación de Créditos",
     "Finish high school credits or earn a GED with a teacher at your side.",
     "Termine sus créditos de preparatoria u obtenga su GED con un maestro a su lado.",
     "Ages 16 to 24 who left school.", "De 16 a 24 años que dejaron la escuela.", 16, 24, FREE, CALL, WEEKDAYS_LATE, ["en", "es"]),
    ("new-roots", ["family"], "Newcomer Family Welcome", "Bienvenida a Familias Recién Llegadas",
     "Help with school enrollment, clinics, bus routes and forms, in your own language.",
     "Ayuda con la inscripción escolar, clínicas, rutas de autobús y formularios, en su propio idioma.",
     "Families who arrived in the last three years.", "Familias que llegaron en los últimos tres años.",
     None, None, FREE, WALK_IN, WEEKDAYS_DAY, ["en", "es", "vi", "ar", "so", "zh"]),
    ("new-roots", ["family", "tutoring"], "English Classes for Adults", "Clases de Inglés para Adultos",
     "Beginner and intermediate English classes with free childcare.",
     "Clases de inglés para principiantes e intermedios con cuidado infantil gratis.",
     "Adults learning English.", "Adultos que aprenden inglés.", 18, None, FREE, WALK_IN, EVENINGS, ["es", "vi", "ar", "zh"]),
    ("open-door", ["family"], "Childcare Subsidy Help", "Ayuda con el Subsidio para el Cuidado Infantil",
     "We help you apply for help paying for childcare and find a provider near you.",
     "Le ayudamos a solicitar ayuda para pagar el cuidado infantil y a encontrar un proveedor cerca de usted.",
     "Working parents and parents in school or training.", "Padres que trabajan o estudian.",
     18, None, FREE, CALL, WEEKDAYS_DAY, ["en", "es"]),
    ("green-basket", ["food", "health"], "Cooking Healthy on a Budget", "Cocina Saludable con Poco Presupuesto",
     "Hands-on cooking classes; everyone takes home a bag of ingredients.",
     "Clases prácticas de cocina; todos se llevan a casa una bolsa de ingredientes.",
     "Families; children aged 8 and up may cook with a parent.", "Familias; los niños de 8 años o más pueden cocinar con un padre.",
     None, None, FREE, FORM, [("TH", "17:30", "19:00")], ["en", "es"]),
]

# Vietnamese text of the sample directory, keyed by the English text it translates.
VI_CATEGORIES = {
    "tutoring": "Gia sư",
    "counselling": "Tư vấn và sức khỏe tâm thần",
    "food": "Thực phẩm",
    "housing": "Nhà ở",
    "health": "Chăm sóc sức khỏe",
    "financial": "Kiến thức tài chính",
    "mentoring": "Cố vấn",
    "college-career": "Chuẩn bị đại học và nghề nghiệp",
    "transportation": "Đi lại",
    "technology": "Tiếp cận công nghệ",
    "reintegration": "Tái hòa nhập cho thanh thiếu niên",
    "family": "Hỗ trợ gia đình",
}

VI_ORGS = {
    "brightpath": ("Trung tâm Học tập BrightPath",
                   "Trung tâm học tập phi lợi nhuận dạy kèm miễn phí cho học sinh từ mẫu giáo đến lớp 12."),
    "harbor": ("Tư vấn Gia đình Harbor", "Các chuyên viên tư vấn có giấy phép hỗ trợ trẻ em, thiếu niên và cha mẹ."),
    "riverbend-pantry": ("Kho Thực phẩm Cộng đồng Riverbend",
                         "Ngân hàng thực phẩm do tình nguyện viên điều hành, phục vụ các gia đình trong toàn học khu."),
    "hearth": ("Liên minh Nhà ở Hearth", "Giúp các gia đình tìm, giữ và trả tiền cho một mái nhà an toàn."),
    "northside-clinic": ("Phòng khám Gia đình Northside",
                         "Phòng khám sức khỏe cộng đồng có bác sĩ, y tá và nha sĩ cho mọi lứa tuổi."),
    "penny-wise": ("Giáo dục Tài chính Penny Wise",
                   "Dạy người trẻ và gia đình cách lập ngân sách, tiết kiệm và sử dụng ngân hàng."),
    "big-steps": ("Chương trình Cố vấn Big Steps", "Kết nối học sinh với người cố vấn tình nguyện đã được đào tạo."),
    "launchpad": ("Hướng nghiệp LaunchPad",
                  "Hướng dẫn học sinh trung học vào đại học, học nghề và tìm việc làm đầu tiên."),
    "river-transit": ("Xe đưa đón River Valley",
                      "Xe đưa đón miễn phí hoặc giá rẻ cho học sinh và gia đình đến trường, phòng khám và nơi làm việc."),
    "bytebridge": ("Tiếp cận Kỹ thuật số ByteBridge",
                   "Máy tính xách tay, internet và lớp học vi tính cho các gia đình cần đến."),
    "second-chance": ("Dịch vụ Thanh thiếu niên Cơ hội Thứ hai",
                      "Hỗ trợ người trẻ trở lại trường sau thời gian ở hệ thống tư pháp vị thành niên hoặc nghỉ học lâu."),
    "open-door": ("Trung tâm Hỗ trợ Gia đình Cửa Mở",
                  "Một nơi để các gia đình được giúp về thực phẩm, giấy tờ, giữ trẻ và nhiều việc khác."),
    "mathworks": ("Tình nguyện viên MathWorks", "Các kỹ sư và giáo viên đã nghỉ hưu dạy kèm toán và khoa học."),
    "sunrise-library": ("Thư viện Chi nhánh Sunrise",
                        "Thư viện của khu phố: giúp làm bài tập, máy tính và chương trình đọc sách."),
    "calm-minds": ("Sức khỏe Tinh thần Thanh thiếu niên Calm Minds",
                   "Nhóm hỗ trợ đồng trang lứa và tư vấn cho thanh thiếu niên."),
    "green-basket": ("Hợp tác xã Nông dân Green Basket",
                     "Các nông trại địa phương chia sẻ rau quả tươi với các gia đình có con đi học."),
    "smile-van": ("Xe Nha khoa Smile Van", "Phòng khám nha khoa lưu động đến thăm các trường học."),
    "keystone": ("Dự án Quyền của Người Thuê nhà Keystone",
                 "Tư vấn pháp lý miễn phí cho người thuê nhà sắp bị đuổi hoặc sống trong nhà không an toàn."),
    "trailblazers": ("Liên minh Thanh niên Trailblazers",
                     "Câu lạc bộ sau giờ học, rèn luyện kỹ năng lãnh đạo và cố vấn cho học sinh trung học."),
    "new-roots": ("Dịch vụ Gia đình Nhập cư New Roots",
                  "Giúp các gia đình mới đến ổn định cuộc sống, bằng chính ngôn ngữ của họ."),
    "credit-union": ("Quỹ Hợp tác xã Tín dụng Trường học Riverbend",
                     "Hội thảo miễn phí về tiền bạc và tài khoản tiết kiệm cho học sinh."),
    "workforce": ("Trung tâm Việc làm Riverbend",
                  "Đào tạo nghề, giúp viết sơ yếu lý lịch và việc làm mùa hè cho thanh thiếu niên và cha mẹ."),
}

VI_PHRASES = {
    "Free.": "Miễn phí.",
    "Sliding scale based on family income; nobody is turned away for inability to pay.":
        "Phí tính theo thu nhập gia đình; không ai bị từ chối vì không có khả năng chi trả.",
    "Most insurance and Oregon Health Plan accepted; free for families without insurance.":
        "Nhận hầu hết các loại bảo hiểm và Oregon Health Plan; miễn phí cho gia đình không có bảo hiểm.",
    "Walk in during opening hours, or call to book a time.": "Đến trực tiếp trong giờ mở cửa, hoặc gọi điện để đặt hẹn.",
    "Call to make an appointment. A staff member will ask a few questions by phone.":
        "Gọi điện để đặt hẹn. Nhân viên sẽ hỏi vài câu qua điện thoại.",
    "Fill in a short form at the front desk or ask your school counsellor to refer you.":
        "Điền một mẫu đơn ngắn tại quầy tiếp tân hoặc nhờ chuyên viên tư vấn của trường giới thiệu.",
    "Ask at your school's front office; staff will sign you up.": "Hỏi tại văn phòng trường; nhân viên sẽ ghi danh cho quý vị.",
    "Text HELLO to the number below.": "Nhắn tin XIN CHAO đến số bên dưới.",
    "Bus 4 or 7; free parking.": "Xe buýt số 4 hoặc 7; đỗ xe miễn phí.",
    "Closed on public holidays.": "Đóng cửa vào các ngày lễ.",
    "Interpreters available in: ": "Có thông dịch viên cho các tiếng: ",
}

VI_LANGUAGE_NAMES = {"en": "Tiếng Anh", "es": "Tiếng Tây Ban Nha", "vi": "Tiếng Việt", "zh": "Tiếng Trung",
                     "so": "Tiếng Somali", "ar": "Tiếng Ả Rập"}

# English service name -> (name, description, eligibility)
VI_SERVICES = {
    "Homework Help Club": ("Câu lạc bộ Giúp làm Bài tập",
        "Giúp làm bài tập mọi môn học, có đồ ăn nhẹ và chỗ yên tĩnh để học.", "Học sinh từ lớp 1 đến lớp 8."),
    "One-on-One Reading Tutoring": ("Dạy kèm Đọc Một kèm Một",
        "Một gia sư đã được đào tạo đọc sách cùng con quý vị hai lần mỗi tuần để đọc trôi chảy và tự tin hơn.",
        "Trẻ từ mẫu giáo đến lớp 3 đang đọc chậm hơn các bạn."),
    "Math and Science Tutoring": ("Dạy kèm Toán và Khoa học",
        "Dạy kèm theo nhóm nhỏ môn đại số, hình học, hóa học và vật lý, do các kỹ sư đã nghỉ hưu giảng dạy.",
        "Học sinh trung học cơ sở và trung học phổ thông."),
    "Library Homework Center": ("Trung tâm Bài tập của Thư viện",
        "Giúp làm bài tập, in ấn và máy tính có internet vào mọi ngày đi học.",
        "Bất kỳ ai có thẻ thư viện; thẻ miễn phí cho cư dân trong học khu."),
    "Family Story Time in Spanish and English": ("Giờ Kể chuyện cho Gia đình bằng tiếng Tây Ban Nha và tiếng Anh",
        "Truyện, bài hát và trò chơi tập đọc cho các bé và người lớn đi cùng.",
        "Trẻ đến 5 tuổi đi cùng cha mẹ hoặc người chăm sóc."),
    "Child and Teen Counselling": ("Tư vấn cho Trẻ em và Thiếu niên",
        "Tư vấn bảo mật khi lo âu, buồn bã, mất mát người thân, căng thẳng ở trường hay ở nhà.",
        "Trẻ em và thiếu niên từ 5 đến 18 tuổi; trẻ dưới 14 tuổi cần cha mẹ đồng ý."),
    "Parenting Support Group": ("Nhóm Hỗ trợ Cha mẹ",
        "Nhóm họp hằng tuần để cha mẹ chia sẻ những cách hiệu quả, có chuyên viên tư vấn dẫn dắt.",
        "Cha mẹ và người chăm sóc trẻ trong độ tuổi đi học."),
    "Teen Peer Support Circles": ("Vòng tròn Hỗ trợ Đồng trang lứa cho Thiếu niên",
        "Thiếu niên trò chuyện với nhau trong một nhóm an toàn, do một nhân viên thanh niên đã được đào tạo dẫn dắt.",
        "Từ 13 đến 19 tuổi."),
    "Crisis Text Line for Teens": ("Đường dây Nhắn tin Khủng hoảng cho Thiếu niên",
        "Nhắn tin cho chuyên viên tư vấn bất cứ lúc nào, ngày hay đêm, khi mọi thứ trở nên quá sức.",
        "Bất kỳ người trẻ nào cần tâm sự."),
    "Weekly Family Food Box": ("Thùng Thực phẩm Gia đình Hằng tuần",
        "Một thùng thực phẩm đủ dùng một tuần: rau quả tươi, sữa, bánh mì, gạo, đậu và nhiều thứ khác.",
        "Mọi gia đình trong học khu; không cần giấy tờ."),
    "Weekend Backpack Meals": ("Bữa ăn Cuối tuần trong Ba lô",
        "Các bữa ăn dành cho trẻ được gửi về nhà trong ba lô mỗi thứ Sáu để không em nào bị đói vào cuối tuần.",
        "Học sinh có gia đình yêu cầu; việc này được giữ kín và không ai khác được biết."),
    "Fresh Produce Market Vouchers": ("Phiếu Mua Rau quả Tươi tại Chợ",
        "Phiếu trị giá 20 đô la mỗi tuần tại chợ nông sản thứ Bảy, gấp đôi cho người dùng SNAP.",
        "Gia đình có con học tại một trường trong học khu."),
    "Community Dinner Night": ("Tối Ăn tối Cộng đồng",
        "Bữa tối nóng miễn phí cho cả gia đình, có trò chơi cho trẻ em.", "Mọi người đều được chào đón."),
    "Emergency Rent Assistance": ("Hỗ trợ Tiền thuê nhà Khẩn cấp",
        "Hỗ trợ một lần tiền thuê nhà hoặc tiền đặt cọc để gia đình giữ được chỗ ở.",
        "Gia đình có thông báo trễ tiền thuê nhà hoặc thông báo đuổi nhà."),
    "Family Shelter Referral Line": ("Đường dây Giới thiệu Nơi tạm trú cho Gia đình",
        "Nếu tối nay gia đình quý vị không có nơi an toàn để ngủ, hãy gọi và chúng tôi sẽ tìm chỗ cho quý vị.",
        "Gia đình có trẻ em đang không có nhà ở."),
    "Tenant Rights Legal Clinic": ("Phòng Tư vấn Pháp lý về Quyền Người Thuê nhà",
        "Luật sư giải thích quyền của quý vị khi thuê nhà và giúp về giấy tờ đuổi nhà và sửa chữa.",
        "Người thuê nhà trong học khu."),
    "School Sports Physicals": ("Khám Sức khỏe để Chơi Thể thao ở Trường",
        "Buổi khám sức khỏe mà học sinh cần để chơi thể thao ở trường, có tiêm chủng nếu cần.",
        "Học sinh từ 10 đến 19 tuổi."),
    "Family Doctor Visits": ("Khám Bác sĩ Gia đình",
        "Khám tổng quát, khám khi bị bệnh, tiêm chủng và kê đơn thuốc cho cả gia đình.", "Mọi lứa tuổi."),
    "School Dental Van": ("Xe Nha khoa tại Trường",
        "Làm sạch răng, trám bít hố rãnh và bôi fluor miễn phí tại trường, trong xe nha khoa đỗ bên ngoài.",
        "Học sinh từ 3 đến 18 tuổi có giấy đồng ý đã ký."),
    "Teen Health Drop-In": ("Sức khỏe Thiếu niên không cần Hẹn trước",
        "Y tá trả lời riêng các câu hỏi về sức khỏe; không cần hẹn, không cần cha mẹ đi cùng.", "Từ 12 đến 21 tuổi."),
    "Money Basics for Teens": ("Kiến thức Cơ bản về Tiền bạc cho Thiếu niên",
        "Sáu buổi học vui về lập ngân sách, tiết kiệm, phiếu lương và tránh bẫy nợ.", "Từ 14 đến 19 tuổi."),
    "Family Budget Coaching": ("Hướng dẫn Lập Ngân sách Gia đình",
        "Người hướng dẫn gặp quý vị để lập ngân sách gia đình và lên kế hoạch cho các khoản chi lớn.",
        "Cha mẹ và người giám hộ."),
    "Student Savings Accounts": ("Tài khoản Tiết kiệm cho Học sinh",
        "Mở tài khoản tiết kiệm, chúng tôi tặng 5 đô la để bắt đầu; không phí, không số dư tối thiểu.",
        "Học sinh từ 8 đến 18 tuổi đi cùng cha mẹ hoặc người giám hộ."),
    "Free Tax Preparation": ("Khai Thuế Miễn phí",
        "Tình nguyện viên có chứng nhận khai và nộp thuế giúp quý vị để nhận đủ mọi khoản tín thuế.",
        "Hộ gia đình có thu nhập dưới 67.000 đô la một năm."),
    "Big Steps Mentor Match": ("Kết nối Người Cố vấn Big Steps",
        "Một người cố vấn tận tâm gặp con quý vị mỗi tuần trong ít nhất một năm.", "Từ 7 đến 15 tuổi."),
    "Trailblazers Leadership Club": ("Câu lạc bộ Lãnh đạo Trailblazers",
        "Học sinh lên kế hoạch dự án cộng đồng, học nói trước đám đông và gặp gỡ các nhà lãnh đạo địa phương.",
        "Từ lớp 6 đến lớp 12."),
    "Girls in STEM Mentoring": ("Cố vấn Khoa học Kỹ thuật cho Nữ sinh",
        "Các em gái chế tạo robot và ứng dụng cùng các nữ kỹ sư làm người cố vấn.", "Nữ sinh từ lớp 5 đến lớp 9."),
    "College Application Workshop": ("Hội thảo Nộp đơn vào Đại học",
        "Giúp từng bước về hồ sơ đại học, bài luận và đơn xin hỗ trợ tài chính.",
        "Học sinh lớp 11, lớp 12 và gia đình."),
    "Apprenticeship Explorer": ("Khám phá Học nghề",
        "Tham quan các nghề ở địa phương, thử dụng cụ và tìm hiểu cách bắt đầu học nghề có lương.", "Từ 16 đến 21 tuổi."),
    "Summer Youth Jobs": ("Việc làm Mùa hè cho Thanh thiếu niên",
        "Việc làm mùa hè có lương với các chủ lao động địa phương, được đào tạo trước khi bắt đầu.",
        "Từ 14 đến 21 tuổi, sống trong học khu."),
    "Parent Job Training": ("Đào tạo Nghề cho Cha mẹ",
        "Chứng chỉ miễn phí về hỗ trợ y tế, kho hàng và văn phòng, có giữ trẻ trong giờ học.",
        "Cha mẹ và người giám hộ của học sinh trong học khu."),
    "Student Bus Pass": ("Vé Xe buýt cho Học sinh",
        "Vé xe buýt miễn phí cho cả năm học, dùng được trên mọi tuyến trong thành phố.", "Học sinh từ 12 đến 19 tuổi."),
    "Medical Ride Service": ("Dịch vụ Đưa đón Đi khám bệnh",
        "Đưa đón miễn phí đến các buổi hẹn với bác sĩ, nha sĩ và chuyên viên tư vấn.",
        "Gia đình không có xe; đặt trước ít nhất hai ngày."),
    "Gas Cards for School Trips": ("Thẻ Xăng để Đưa con Đi học",
        "Thẻ xăng cho các gia đình tự lái xe đưa học sinh đến trường khi không có xe buýt.",
        "Gia đình sống ngoài các tuyến xe buýt."),
    "Free Laptop Lending": ("Cho mượn Máy tính Xách tay Miễn phí",
        "Mượn một máy tính xách tay cho cả năm học, bao gồm sửa chữa.", "Học sinh không có máy tính ở nhà."),
    "Home Internet Sign-Up Help": ("Giúp Đăng ký Internet tại Nhà",
        "Chúng tôi giúp quý vị đăng ký internet giá rẻ tại nhà và cài đặt bộ định tuyến.",
        "Gia đình có trẻ trong độ tuổi đi học."),
    "Computer Classes for Parents": ("Lớp Vi tính cho Cha mẹ",
        "Học dùng email, cổng thông tin phụ huynh của trường, gọi video và an toàn trên mạng.",
        "Cha mẹ và ông bà; không cần kinh nghiệm."),
    "Back to School Re-Entry Coaching": ("Hướng dẫn Trở lại Trường học",
        "Người hướng dẫn giúp người trẻ trở lại trường sau thời gian bị tạm giữ hoặc nghỉ học lâu: lớp học, tín chỉ và một khởi đầu mới.",
        "Từ 12 đến 21 tuổi."),
    "Restorative Circles": ("Vòng tròn Hàn gắn",
        "Học sinh, gia đình và nhân viên nhà trường gặp nhau cùng người điều phối để hàn gắn tổn thương và cùng tiến lên.",
        "Học sinh được trường hoặc tòa án vị thành niên giới thiệu."),
    "GED and Credit Recovery": ("GED và Học bù Tín chỉ",
        "Hoàn thành tín chỉ trung học hoặc lấy bằng GED với giáo viên bên cạnh.", "Từ 16 đến 24 tuổi đã bỏ học."),
    "Newcomer Family Welcome": ("Chào đón Gia đình Mới đến",
        "Giúp ghi danh vào trường, tìm phòng khám, tuyến xe buýt và điền giấy tờ, bằng chính ngôn ngữ của quý vị.",
        "Gia đình đến trong ba năm gần đây."),
    "English Classes for Adults": ("Lớp Tiếng Anh cho Người lớn",
        "Lớp tiếng Anh sơ cấp và trung cấp, có giữ trẻ miễn phí.", "Người lớn đang học tiếng Anh."),
    "Childcare Subsidy Help": ("Giúp Xin Trợ cấp Giữ trẻ",
        "Chúng tôi giúp quý vị xin trợ giúp trả tiền giữ trẻ và tìm nơi giữ trẻ gần nhà.",
        "Cha mẹ đang đi làm hoặc đang đi học."),
    "Cooking Healthy on a Budget": ("Nấu ăn Lành mạnh với Ít Tiền",
        "Lớp học nấu ăn thực hành; mọi người đều mang về một túi nguyên liệu.",
        "Gia đình; trẻ từ 8 tuổi trở lên có thể nấu cùng cha mẹ."),
}


LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "vi": "Vietnamese", "zh": "Chinese", "so": "Somali", "ar": "Arabic"}
LANGUAGE_NAMES_ES = {"en": "Inglés", "es": "Español", "vi": "Vietnamita", "zh": "Chino", "so": "Somalí", "ar": "Árabe"}


# Arabic, Chinese, Haitian Creole and Portuguese: scripts/sample-directory/LOCALE.tsv, English -> translation.
TABLE_LOCALES = ("ar", "zh", "ht", "pt")


def load_table(locale):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample-directory", f"{locale}.tsv")
    table = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            english, sep, text = line.partition("\t")
            if not sep or not text.strip():
                raise SystemExit(f"{path}:{number}: expected English<TAB>translation")
            table[english] = text
    return table


def build(locale):
    es, vi = locale == "es", locale == "vi"
    if locale in TABLE_LOCALES:
        table = load_table(locale)

        def translated(english):
            if english not in table:
                raise SystemExit(f"scripts/sample-directory/{locale}.tsv has no translation of {english!r}")
            return table[english]
        pick = (lambda en, es_text, vi_text: translated(en))
        phrase = (lambda pair: translated(pair[0]))
        names = {code: translated("lang:" + code) for code in LANGUAGE_NAMES}
    else:
        pick = (lambda en, es_text, vi_text: vi_text if vi else es_text if es else en)
        phrase = (lambda pair: VI_PHRASES[pair[0]] if vi else pair[1] if es else pair[0])
        names = VI_LANGUAGE_NAMES if vi else LANGUAGE_NAMES_ES if es else LANGUAGE_NAMES
    taxonomy = {"id": uid("taxonomy", "kiosk-categories"), "name": pick(*TAXONOMY),
                "description": pick(*TAXONOMY_DESCRIPTION), "version": "1"}
    terms = {code: {"id": uid("term", code), "code": code, "name": pick(en_name, es_name, VI_CATEGORIES[code]),
                    "description": pick(*CATEGORY_DESCRIPTIONS[code]),
                    "taxonomy": TAXONOMY[0], "taxonomy_id": taxonomy["id"], "taxonomy_detail": taxonomy,
                    "language": locale}
             for code, en_name, es_name in CATEGORIES}
    orgs = {}
    for i, (key, name, name_es, desc, desc_es, street) in enumerate(ORGS):
        orgs[key] = {
            "id": uid("org", key), "name": pick(name, name_es, VI_ORGS[key][0]),
            "description": pick(desc, desc_es, VI_ORGS[key][1]),
            "website": f"https://{key}.example.org", "email": f"hello@{key}.example.org",
            "street": street, "phone": f"(541) 555-01{i:02d}", "index": i,
        }
    services = []
    for n, (org, cats, name, name_es, desc, desc_es, elig, elig_es, amin, amax, fees, apply, sched, langs) in enumerate(SERVICES):
        o = orgs[org]
        loc_id = uid("location", org)
        service_id = uid("service", name)
        vi_name, vi_desc, vi_elig = VI_SERVICES[name]
        interpreters = (phrase(("Interpreters available in: ", "Intérpretes disponibles en: ")) if not vi
                        else VI_PHRASES["Interpreters available in: "])
        service = {
            "id": service_id,
            "organization_id": o["id"],
            "name": pick(name, name_es, vi_name),
            "description": pick(desc, desc_es, vi_desc),
            "url": f"https://{org}.example.org/{uid('slug', name)[:8]}",
            "email": o["email"],
            "status": "active",
            "eligibility_description": pick(elig, elig_es, vi_elig),
            "fees_description": phrase(fees),
            "application_process": phrase(apply),
            "interpretation_services": interpreters + ", ".join(names[code] for code in langs),
            "assured_date": f"2026-{(n % 9) + 1:02d}-{(n % 27) + 1:02d}",
            "last_modified": "2026-10-01T12:00:00Z",
            "organization": {"id": o["id"], "name": o["name"], "description": o["description"],
                             "website": o["website"], "email": o["email"]},
            "phones": [{
                "id": uid("phone", name), "service_id": service_id,
                "number": o["phone"] if n % 3 else f"(541) 555-01{(n + 40) % 100:02d}",
                "type": "text" if "Text" in name else "voice",
                "languages": [{"id": uid("phone-language", name, code), "phone_id": uid("phone", name),
                               "code": code, "name": LANGUAGE_NAMES[code]} for code in langs],
            }],
            "languages": [{"id": uid("language", name, code), "service_id": service_id,
                           "code": code, "name": LANGUAGE_NAMES[code]} for code in langs],
            "schedules": [{
                "id": uid("schedule", name, str(k)), "service_id": service_id, "freq": "WEEKLY", "byday": byday,
                "opens_at": opens, "closes_at": closes, "valid_from": "2026-01-01", "valid_to": "2027-12-31",
                "description": phrase(("Closed on public holidays.", "Cerrado los días festivos.")),
            } for k, (byday, opens, closes) in enumerate(sched)],
            "service_at_locations": [{
                "id": uid("sal", name), "service_id": service_id, "location_id": loc_id,
                "location": {
                    "id": loc_id, "location_type": "physical", "organization_id": o["id"],
                    "name": o["name"],
                    "transportation": phrase(("Bus 4 or 7; free parking.", "Autobús 4 o 7; estacionamiento gratis.")),
                    "latitude": round(44.0 + o["index"] * 0.004, 4), "longitude": round(-123.0 - o["index"] * 0.003, 4),
                    "addresses": [{"id": uid("address", org), "location_id": loc_id, "address_1": o["street"],
                                   "city": CITY, "state_province": STATE, "postal_code": ZIP, "country": "US",
                                   "address_type": "physical"}],
                },
            }],
            "attributes": [{"id": uid("attr", name, c), "link_id": service_id, "link_entity": "service",
                            "taxonomy_term_id": terms[c]["id"], "taxonomy_term": terms[c]} for c in cats],
        }
        if amin is not None:
            service["minimum_age"] = amin
        if amax is not None:
            service["maximum_age"] = amax
        services.append(service)
    return services


def validate(services):
    """Checks every record against the official schema where it is at hand; says so where not."""
    spec = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "hsds-spec", "schema", "compiled",
                        "service.json")
    try:
        import jsonschema
    except ImportError:
        print("note: python3-jsonschema is not installed; the records were not validated")
        return
    if not os.path.exists(spec):
        print(f"note: {spec} is absent; the records were not validated")
        return
    with open(spec, encoding="utf-8") as f:
        validator = jsonschema.Draft202012Validator(json.load(f), format_checker=jsonschema.FormatChecker())
    errors = [f"{s['id']}: {e.message}" for s in services for e in validator.iter_errors(s)]
    if errors:
        raise SystemExit("not valid HSDS 3.0:\n" + "\n".join(errors[:20]))


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "directory")
    os.makedirs(root, exist_ok=True)
    for locale in ("en", "es", "vi") + TABLE_LOCALES:
        services = build(locale)
        validate(services)
        with open(os.path.join(root, f"directory.{locale}.json"), "w", encoding="utf-8") as out:
            json.dump(services, out, ensure_ascii=False, indent=1)
            out.write("\n")
    print(f"{len(SERVICES)} services, {len(ORGS)} organizations, {len(CATEGORIES)} categories")


if __name__ == "__main__":
    main()
