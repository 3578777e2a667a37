#!/usr/bin/env python3
"""Write offtopic-a.jsonl and offtopic-b.jsonl (40 unanswerable questions each) and check them.

Every question is one a Slack user might put to panelbot whose answer is NOT in the papers:
/work/shared/seeds-text/*.txt (Cambridgeshire), /work/shared/eval/bodies/corpus/*.pdf (Dyfed-Powys, Kent and
Medway, Durham, Hampshire) and, to be safe, /work/evaldata/bodies2/corpus/*.pdf (Sussex, Avon and Somerset).

Each file has four blocks of 10, in id order: general knowledge / chit-chat (x001-x010), another body or place
(x011-x020), a plausible police-panel topic the papers never discuss (x021-x030), near-misses: a meeting, year,
figure or role the papers do not give (x031-x040). File b was written after a, with different questions,
wording and templates.

Checks: ids, QA-format fields, 40 per file, no question shared between the files (case and punctuation aside);
for every item with `absent` terms, none of them occurs at the start of a word (case-insensitive,
whitespace-normalised; "dog" matches "dogs", "paris" does not match "comparison") in any text of the papers. Items with absent=None were checked by reading the relevant paper; the note says what was read.
Page texts: pdftotext (poppler) for the PDFs, the files themselves for the .txt seeds.
"""
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PAPERS = (sorted(glob.glob("/work/shared/seeds-text/*.txt")) + sorted(glob.glob("/work/shared/eval/bodies/corpus/*.pdf"))
          + sorted(glob.glob(os.path.join(HERE, "bodies2/corpus/*.pdf"))))


def u(question, why, absent):
    return {"question": question, "why": why, "absent": absent}


A = [
    # general knowledge / chit-chat
    u("what's the capital of france", "General knowledge; nothing to do with the panel's papers.", ["france"]),
    u("who won the fa cup in 2019", "Football trivia; the papers say nothing about the FA Cup.", ["fa cup"]),
    u("tell me a joke", "Chit-chat; there is nothing in the papers to answer it from.", ["joke"]),
    u("how many days till christmas?", "A calendar question, not a question about the papers.", ["christmas"]),
    u("whats the weather going to be like in cambridge tomorrow",
      "A weather forecast; the papers hold none.", ["weather"]),
    u("who wrote pride and prejudice", "Literary trivia; not in the papers.", ["austen", "prejudice"]),
    u("what's 17 times 23", "Arithmetic (391); not a question about the papers.", ["391"]),
    u("how do i reset my outlook password", "IT help; the papers say nothing about Outlook or passwords.",
      ["outlook password"]),
    u("translate good morning into welsh", "A translation request; no Welsh greeting is in the papers.",
      ["bore da"]),
    u("can you recommend a decent curry house in peterborough",
      "A restaurant recommendation; the papers mention Peterborough only as a policing area.",
      ["curry", "restaurant"]),
    # another body or place
    u("what did essex's panel decide on its 2022 precept",
      "Essex's Police, Fire and Crime Panel is not among the papers; Essex appears only in a list of "
      "collaborating forces.", ["essex police", "essex county", "essex's"]),
    u("who chairs the west midlands police and crime panel", "The West Midlands panel is not in the papers.",
      ["west midlands"]),
    u("what's lancashire's band d police precept for 2024/25", "No Lancashire figures are in the papers.",
      ["lancashire"]),
    u("did greater manchester's panel veto the mayor's police precept",
      "Greater Manchester is not in the papers.", ["greater manchester"]),
    u("when does the thames valley police and crime panel next meet", "Thames Valley is not in the papers.",
      ["thames valley"]),
    u("what did the merseyside panel say about knife crime",
      "Knife crime is discussed for Kent and Avon and Somerset, but Merseyside is not in the papers.",
      ["merseyside"]),
    u("how many members sit on the northumbria police and crime panel", "Northumbria is not in the papers.",
      ["northumbria"]),
    u("outcome of leicestershire's chief constable confirmation hearing?",
      "The only confirmation hearing in the papers is Hampshire's (and Cambridgeshire's 2018 one); "
      "Leicestershire is not mentioned.", ["leicestershire"]),
    u("what's norfolk police's precept for 2023-24",
      "Norfolk appears only in a list of collaborating forces; no Norfolk precept is given.",
      ["norfolk police", "norfolk constabulary", "norfolk's"]),
    u("who is the police and crime commissioner for cleveland", "Cleveland is not in the papers.",
      ["cleveland"]),
    # police-panel topics the papers never discuss
    u("how much is the force spending on live facial recognition vans",
      "Facial recognition is not discussed in any of the papers.", ["facial recognition", "facial"]),
    u("has the panel looked at the future of the mounted unit",
      "No paper mentions a mounted unit or police horses.", ["mounted", "horse"]),
    u("how many e-scooters were seized last year", "E-scooters are not mentioned in the papers.",
      ["scooter"]),
    u("what's the sickness absence rate for police staff", "No paper gives sickness absence figures.",
      ["sickness"]),
    u("what did the pcc say about catalytic converter thefts", "Catalytic converter theft is not mentioned.",
      ["catalytic"]),
    u("is the operation safe streets scheme getting more funding",
      "No scheme of that name is in the papers.", ["safe streets"]),
    u("how many police dogs does the force have", "Police dogs are not mentioned in the papers.", ["dog"]),
    u("what's the budget for the police helicopter service",
      "Air support (NPAS, helicopters) is not in the papers.", ["helicopter", "npas", "air support"]),
    u("has anyone asked about knife arches in schools",
      "Knife crime and schools talks come up (Kent), but knife arches are never mentioned.", ["knife arch"]),
    u("what's the panel's position on decriminalising cannabis", "Cannabis is not mentioned in the papers.",
      ["cannabis"]),
    # near-misses
    u("what did the cambridgeshire panel decide at its june 2020 meeting",
      "The Cambridgeshire papers are from 2017, 2018 and 2022; no June 2020 meeting is in them.",
      ["june 2020"]),
    u("what was cambridgeshire's police precept for 2020/21",
      "The Cambridgeshire papers give no 2020/21 precept.", ["2020/21", "2020-21"]),
    u("what did kent and medway's panel agree at their june 2025 meeting",
      "Only Kent's meeting of 4 February 2025 is in the papers.", ["june 2025"]),
    u("who was dyfed-powys's vice-chair back in 2022",
      "The Dyfed-Powys minutes name the Vice-Chair at 26 January 2024 (Cllr K. Evans) only; no 2022 office "
      "holder is given.", None),
    u("what was hampshire's police precept for 2023/24",
      "The Hampshire paper is a Chief Constable confirmation-hearing report; it gives no precept.", None),
    u("what did durham's panel decide in october 2025",
      "Only Durham's pack for 3 February 2025 (with December 2024 minutes) is in the papers.",
      ["october 2025"]),
    u("how many officers did kent police have in 2019",
      "Kent's minutes say crime fell 13% since 2019 and officer numbers are a record, but give no 2019 "
      "headcount.", None),
    u("who was the chief finance officer at the cambridgeshire opcc in 2015",
      "The Cambridgeshire papers name the OPCC finance officer in 2018 and 2022 only.", None),
    u("what was the turnout at the last pcc election", "No paper gives election turnout.", ["turnout"]),
    u("how much did the hampshire chief constable recruitment cost",
      "The Hampshire report describes the recruitment process but gives no cost.",
      ["recruitment cost", "cost of the recruitment", "cost of recruitment"]),
]

B = [
    # general knowledge / chit-chat
    u("whats 15% of 240", "Arithmetic; not a question about the papers.", None),
    u("who's the prime minister at the moment", "Current affairs; the papers name no Prime Minister.",
      ["prime minister"]),
    u("recommend me a film for tonight pls", "Chit-chat; nothing in the papers.", ["movie", "cinema"]),
    u("How long do you boil an egg for?", "Cookery; not in the papers.", ["egg"]),
    u("when did the titanic sink", "History trivia; not in the papers.", ["titanic"]),
    u("What is the tallest mountain in Wales", "Geography trivia; the Welsh panel's minutes do not mention it.",
      ["snowdon", "yr wyddfa"]),
    u("write me a haiku about mondays", "A creative request; nothing to cite from the papers.", ["haiku"]),
    u("is it gonna rain in leeds on saturday", "A weather question about a place not in the papers.",
      ["leeds"]),
    u("what time is it in new york right now", "A time-zone question; not in the papers.", ["new york"]),
    u("whos going to win the premier league this season", "Football prediction; not in the papers.",
      ["premier league"]),
    # another body or place
    u("How much did South Yorkshire put its police precept up by in 2024?",
      "South Yorkshire is not in the papers.", ["south yorkshire"]),
    u("who is staffordshire's police fire and crime commissioner", "Staffordshire is not in the papers.",
      ["staffordshire"]),
    u("whats the email address for the wiltshire police and crime panel",
      "Wiltshire is not in the papers (Durham's panel email is, but that is another body).", ["wiltshire"]),
    u("did the devon and cornwall panel back the 2025/26 precept",
      "Devon and Cornwall is not in the papers.", ["devon", "cornwall"]),
    u("what happened at the gwent police and crime panel in january",
      "The only Welsh panel in the papers is Dyfed-Powys; Gwent is not mentioned.", ["gwent"]),
    u("how many independent members does humberside's panel have", "Humberside is not in the papers.",
      ["humberside"]),
    u("is there a deputy pcc in west mercia", "West Mercia is not in the papers.", ["west mercia"]),
    u("what did the london assembly police and crime committee say about the met",
      "London's arrangements are not in the papers.", ["london assembly", "metropolitan"]),
    u("who's the chief constable of cumbria?", "Cumbria is not in the papers.", ["cumbria"]),
    u("when did lincolnshire's panel last hold a confirmation hearing", "Lincolnshire is not in the papers.",
      ["lincolnshire"]),
    # police-panel topics the papers never discuss
    u("how much is going on new quad bikes for the rural crime team",
      "Rural crime is mentioned in the Cambridgeshire papers, but no vehicles or quad bikes for it.", ["quad"]),
    u("has the pcc bought spit hoods for custody", "Spit hoods are not mentioned in the papers.",
      ["spit hood", "spit guard"]),
    u("whats being spent on anti-shoplifting patrols in town centres",
      "Shoplifting and retail crime are not discussed in the papers.", ["shoplift", "retail crime"]),
    u("did the panel talk about the cost of policing glastonbury festival",
      "No paper mentions Glastonbury or festival policing.", ["glastonbury", "festival"]),
    u("any update on the project nightlight scheme?", "No scheme of that name is in the papers.",
      ["nightlight"]),
    u("how many firearms licence applications are waiting",
      "Firearms licensing is not discussed in the papers.", ["firearms licen"]),
    u("what's the force doing on menopause support for officers", "Not discussed in any paper.",
      ["menopause"]),
    u("is the force using chatgpt or other AI tools", "AI tools are not mentioned in the papers.",
      ["chatgpt", "artificial intelligence"]),
    u("how much did policing the football cost last season", "Football policing is not in the papers.",
      ["football"]),
    u("what's the policy on officers having visible tattoos", "Not in the papers.", ["tattoo"]),
    # near-misses
    u("what did the dyfed-powys panel decide on 16 february 2024",
      "The 26 January 2024 minutes only name 16 February 2024 as the next meeting; its decisions are not in the "
      "papers.", None),
    u("how many people filled in kent's budget survey",
      "Kent's minutes give the survey's percentages (nearly 77% / 23%) but not the number of respondents.", None),
    u("how many responses did durham's precept survey get in 2022",
      "Durham's Table 3 shows no survey figure for 2022/23 (a dash); only 2024/25 (1,935) is given.", None),
    u("whats the kent chief constable's salary", "Kent's minutes give Mr Smith's term, not his pay.",
      ["salary", "remuneration"]),
    u("who was hampshire's deputy chief constable in 2022",
      "The Hampshire report names no Hampshire deputy; it says only that the candidate was Dorset's Deputy Chief "
      "Constable in 2020.", None),
    u("what did cambridgeshire agree for the 2023/24 precept",
      "The Cambridgeshire papers stop at 2022; the 2022-23 forward plan lists a 1 February 2023 meeting (and a "
      "15 February veto date) but no 2023/24 precept or decision is in them.", None),
    u("what was the vote at kent's panel on the 2024/25 precept",
      "Kent's minutes cover the 2025/26 precept; they give the 2024/25 Band D figure but no 2024/25 vote.", None),
    u("when will durham set the 2026/27 precept", "No paper mentions 2026/27.", ["2026/27", "2026-27"]),
    u("how many pcsos did durham have in 2022",
      "Durham's pack speaks of protecting PCSO numbers but gives no PCSO count for any year.", None),
    u("who chaired the dyfed-powys panel before professor roffe",
      "The Dyfed-Powys minutes name Professor Roffe as Chair; no earlier chair is named.", None),
]


def ws(text):
    return " ".join(text.split()).lower()


def page_texts():
    out = {}
    for path in PAPERS:
        if path.endswith(".pdf"):
            txt = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True,
                                 check=True).stdout
        else:
            txt = open(path, encoding="utf-8", errors="replace").read()
        out[os.path.basename(path)] = ws(txt)
    return out


def key(q):
    return " ".join(re.sub(r"[^0-9a-z%£]+", " ", q.lower()).split())


def main():
    texts = page_texts()
    problems = []
    for prefix, items, name in (("oa", A, "offtopic-a.jsonl"), ("ob", B, "offtopic-b.jsonl")):
        if len(items) != 40:
            problems.append(f"{name}: {len(items)} items (want 40)")
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            for i, it in enumerate(items, 1):
                row = {"id": f"{prefix}{i:03d}", "kind": "unanswerable", "question": it["question"],
                       "answer": None, "must_include": [], "source": None, "quote": None,
                       "why_unanswerable": it["why"]}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
                for term in it["absent"] or []:
                    pat = re.compile(r"(?<![0-9a-z])" + re.escape(term.lower()))  # at a word start
                    hits = [n for n, t in texts.items() if pat.search(t)]
                    if hits:
                        problems.append(f"{row['id']}: {term!r} occurs in {hits}")
    qa, qb = {key(it["question"]) for it in A}, {key(it["question"]) for it in B}
    for q in qa & qb:
        problems.append(f"question in both files: {q!r}")
    if len(qa) != 40 or len(qb) != 40:
        problems.append("a question is repeated inside a file")
    manual = sum(1 for it in A + B if it["absent"] is None)
    print(f"offtopic-a.jsonl: {len(A)}  offtopic-b.jsonl: {len(B)}  papers checked: {len(texts)}  "
          f"items checked by reading (absent=None): {manual}")
    for p in problems:
        print("FAIL", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
