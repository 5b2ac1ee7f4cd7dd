#!/usr/bin/env python3
"""Writes the fictional after-school programs and roster under assets/checkin/:
programs.json (the kiosk/v1/programs wire format), roster.csv (student_id, display_name,
program_ids, grade) and adults.csv (the adults families authorized to pick up children of the
grades scripts/demo imports with --pickup-grades K,1,2; the codes are the demo's, printed by it).
Every person is invented. The output is committed; building never needs Python."""
import csv
import json
import os
import random

PROGRAMS = [
    ("robotics", "Robotics Club", "Trailblazers Youth Alliance", "Room 12", "MO,WE", "15:15", "17:00"),
    ("homework", "Homework Help Club", "BrightPath Learning Center", "Library", "MO,TU,WE,TH", "15:00", "18:00"),
    ("math", "Math and Science Tutoring", "MathWorks Volunteers", "Room 7", "TU,TH", "15:30", "17:00"),
    ("art", "Art Studio", "Open Door Family Resource Center", "Art Room", "FR", "14:30", "16:30"),
    ("soccer", "Soccer Skills", "Trailblazers Youth Alliance", "Field B", "MO,TU,WE,TH,FR", "15:30", "17:30"),
    ("coding", "Girls Who Code", "ByteBridge Digital Access", "Computer Lab", "WE,FR", "15:15", "16:45"),
    ("reading", "Reading Buddies", "Sunrise Branch Library", "Room 3", "SA", "10:00", "12:00"),
]
FIRST = ["Maria", "Liam", "Ana", "Minh", "Sofia", "Noah", "Linh", "Mateo", "Amina", "Ethan", "Camila", "Bao",
         "Olivia", "Diego", "Hana", "Lucas", "Valentina", "Khalid", "Emma", "Tuan", "Isabella", "Omar", "Mia", "Duc",
         "Lucia", "Yusuf", "Ava", "Santiago", "Thao", "Elijah"]
GRADES = ["K", "1", "2", "3", "4", "5", "6", "7", "8"]
LAST = ["Garcia", "Nguyen", "Smith", "Hernandez", "Tran", "Johnson", "Lopez", "Pham", "Ali", "Martinez", "Le",
        "Brown", "Gonzalez", "Hassan", "Rodriguez", "Vo", "Wilson", "Flores", "Do", "Ramirez"]


def main():
    rng = random.Random(7)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "checkin")
    os.makedirs(root, exist_ok=True)
    programs = [{"id": pid, "name": name, "organization_name": org, "location": room,
                 "description": f"{name}, run by {org}.",
                 "schedules": [{"byday": days, "opens_at": opens, "closes_at": closes}]}
                for pid, name, org, room, days, opens, closes in PROGRAMS]
    with open(os.path.join(root, "programs.json"), "w", encoding="utf-8") as out:
        json.dump({"programs": programs}, out, ensure_ascii=False, indent=1)
        out.write("\n")
    with open(os.path.join(root, "roster.csv"), "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["student_id", "display_name", "program_ids", "grade"])
        for n in range(50):
            student_id = str(100200 + n * 7)
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 3) % len(LAST)]}"
            chosen = rng.sample([p[0] for p in PROGRAMS], k=1 + n % 3)
            writer.writerow([student_id, name, ";".join(sorted(chosen)), GRADES[n % len(GRADES)]])
    # Adults for the first three young children: a mother, a grandmother who may collect two
    # children of one family, an uncle. Codes are fictional and shown by scripts/demo.
    adults = [("100200", "ana-garcia", "Ana Garcia", "mother", "4821"),
              ("100200", "rosa-garcia", "Rosa Garcia", "grandmother", "730512"),
              ("100207", "carmen-hernandez", "Carmen Hernandez", "mother", "5190"),
              ("100214", "jorge-lopez", "Jorge Lopez", "uncle", "66021"),
              ("100207", "rosa-garcia", "Rosa Garcia", "grandmother", "730512")]
    with open(os.path.join(root, "adults.csv"), "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["student_id", "adult_id", "display_name", "relationship", "pickup_code"])
        writer.writerows(adults)
    print(f"{len(PROGRAMS)} programs, 50 students, {len(adults)} authorized adults")


if __name__ == "__main__":
    main()
