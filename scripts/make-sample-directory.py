#!/usr/bin/env python3
"""Writes the fictional sample directory under assets/directory/ as HSDS 3.0 JSON:
directory.en.json (the directory) and directory.es.json (the same feed, same ids, in Spanish).

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

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "vi": "Vietnamese", "zh": "Chinese", "so": "Somali", "ar": "Arabic"}
LANGUAGE_NAMES_ES = {"en": "Inglés", "es": "Español", "vi": "Vietnamita", "zh": "Chino", "so": "Somalí", "ar": "Árabe"}


def build(locale):
    es = locale == "es"
    terms = {code: {"id": uid("term", code), "code": code, "name": es_name if es else en_name,
                    "taxonomy": "Riverbend Kiosk Categories", "language": locale}
             for code, en_name, es_name in CATEGORIES}
    orgs = {}
    for i, (key, name, name_es, desc, desc_es, street) in enumerate(ORGS):
        orgs[key] = {
            "id": uid("org", key), "name": name_es if es else name, "description": desc_es if es else desc,
            "website": f"https://{key}.example.org", "email": f"hello@{key}.example.org",
            "street": street, "phone": f"(541) 555-01{i:02d}", "index": i,
        }
    services = []
    for n, (org, cats, name, name_es, desc, desc_es, elig, elig_es, amin, amax, fees, apply, sched, langs) in enumerate(SERVICES):
        o = orgs[org]
        loc_id = uid("location", org)
        service = {
            "id": uid("service", name),
            "name": name_es if es else name,
            "description": desc_es if es else desc,
            "url": f"https://{org}.example.org/{uid('slug', name)[:8]}",
            "email": o["email"],
            "status": "active",
            "eligibility_description": elig_es if es else elig,
            "fees_description": fees[1] if es else fees[0],
            "application_process": apply[1] if es else apply[0],
            "interpretation_services": ("Intérpretes disponibles en: " if es else "Interpreters available in: ")
            + ", ".join((LANGUAGE_NAMES_ES if es else LANGUAGE_NAMES)[code] for code in langs),
            "assured_date": f"2026-{(n % 9) + 1:02d}-{(n % 27) + 1:02d}",
            "last_modified": "2026-10-01T12:00:00Z",
            "organization": {"id": o["id"], "name": o["name"], "description": o["description"],
                             "website": o["website"], "email": o["email"]},
            "phones": [{
                "id": uid("phone", name), "number": o["phone"] if n % 3 else f"(541) 555-01{(n + 40) % 100:02d}",
                "type": "text" if "Text" in name else "voice",
                "languages": [{"code": code, "name": LANGUAGE_NAMES[code]} for code in langs],
            }],
            "languages": [{"code": code, "name": LANGUAGE_NAMES[code]} for code in langs],
            "schedules": [{
                "id": uid("schedule", name, str(k)), "freq": "WEEKLY", "byday": byday,
                "opens_at": opens, "closes_at": closes, "valid_from": "2026-01-01", "valid_to": "2027-12-31",
                "description": ("Cerrado los días festivos." if es else "Closed on public holidays."),
            } for k, (byday, opens, closes) in enumerate(sched)],
            "service_at_locations": [{
                "id": uid("sal", name),
                "location": {
                    "id": loc_id, "location_type": "physical",
                    "name": o["name"],
                    "transportation": ("Autobús 4 o 7; estacionamiento gratis." if es else "Bus 4 or 7; free parking."),
                    "latitude": round(44.0 + o["index"] * 0.004, 4), "longitude": round(-123.0 - o["index"] * 0.003, 4),
                    "addresses": [{"address_1": o["street"], "city": CITY, "state_province": STATE,
                                   "postal_code": ZIP, "country": "US", "address_type": "physical"}],
                },
            }],
            "attributes": [{"id": uid("attr", name, c), "taxonomy_term": terms[c]} for c in cats],
        }
        if amin is not None:
            service["minimum_age"] = amin
        if amax is not None:
            service["maximum_age"] = amax
        services.append(service)
    return services


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "directory")
    os.makedirs(root, exist_ok=True)
    for locale in ("en", "es"):
        with open(os.path.join(root, f"directory.{locale}.json"), "w", encoding="utf-8") as out:
            json.dump(build(locale), out, ensure_ascii=False, indent=1)
            out.write("\n")
    print(f"{len(SERVICES)} services, {len(ORGS)} organizations, {len(CATEGORIES)} categories")


if __name__ == "__main__":
    main()
