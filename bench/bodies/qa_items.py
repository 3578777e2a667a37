#!/usr/bin/env python3
"""Write qa.jsonl: 30 questions (n001-n030) about the two papers in corpus/, 15 a body.

Adapted from ../../shared/eval/bodies/qa_items.py. Fields as in shared/eval/README.md: id, kind, question,
answer, must_include, source, quote, and for some items quote2/source2 (the same answer printed in a second
place); unanswerable items have answer/source/quote null and why_unanswerable. Quotes are verbatim spans of
pdftotext's output; check_qa.py verifies them with ../../shared/eval/score.py.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

SX = "2024-01-26-sussex-pcp-minutes.pdf"
AS = "2025-02-04-avon-somerset-pcp-agenda-pack.pdf"


def q(kind, question, answer, must, source, quote, quote2=None, source2=None):
    item = {"kind": kind, "question": question, "answer": answer, "must_include": must, "source": source,
            "quote": quote}
    if quote2:
        item["quote2"] = quote2
        item["source2"] = source2 or source
    return item


def u(question, why):
    return {"kind": "unanswerable", "question": question, "answer": None, "must_include": [], "source": None,
            "quote": None, "why_unanswerable": why}


ITEMS = [
    # ---------------- Sussex Police and Crime Panel, minutes of 26 January 2024 ----------------
    q("decision", "what did the sussex panel decide on the 24/25 precept?",
      "It resolved to support the Commissioner's proposed precept of £252.91 for a Band D property in 2024/25, "
      "an increase of £13.",
      ["£252.91", "£13"], SX,
      "That the Panel supports the Commissioner’s proposed precept of £252.91 for a Band D property in 2024/25, "
      "an increase of £13",
      "Proposed Band D police precept 2024/25 £252.91"),
    q("fact", "how much a month is katy bourne's band d increase",
      "About £1.08 a month: £13 a year, taking the Band D police precept from £239.91 to £252.91.",
      ["£1.08"], SX,
      "She proposed an increase of £13 a year for a Band D property, taking the policing element of council tax "
      "from £239.91 in 2023/24 to £252.91 in 2024/25, or about £1.08 a month."),
    q("fact", "how much do sussex police still have to save in 24/25",
      "£6m of savings to balance the 2024/25 budget, even with the precept increase (the earlier forecast was "
      "£8m).",
      ["£6m"], SX,
      "Even with the increase, Sussex Police would have to find £6m of savings to balance its 2024/25 budget; the "
      "earlier forecast had been £8m."),
    q("who", "who raised the point about the lowest income households?",
      "Cllr Paul Keene of Lewes District Council, who asked how the views of the lowest-income households had "
      "been taken into account.",
      ["Keene"], SX,
      "Cllr Keene (Lewes District Council) observed that the increase came at a time of the highest deprivation "
      "for decades and asked how the views of the lowest-income households had been taken into account."),
    q("fact", "how did the vote go on the sussex precept in january 2024",
      "It was supported, with 15 of the 16 Members present voting in favour.",
      ["15 of the 16"], SX,
      "The proposal was put to the vote and was supported, with 15 of the 16 Members present voting in favour."),
    q("decision", "are we writing to the policing minister about the funding formula?",
      "Yes. The Panel resolved that the Chairman write on its behalf to the Minister of State for Crime, Policing "
      "and Fire asking for an early review of the police funding formula.",
      ["Minister of State for Crime, Policing and Fire"], SX,
      "That the Chairman writes on behalf of the Panel to the Minister of State for Crime, Policing and Fire to "
      "ask for an early review of the police funding formula"),
    q("decision", "what did sussex agree on the budget and precept working group's report",
      "The Panel agreed a recommendation that the Commissioner set out in her Annual Report for 2023/24 how the "
      "extra income from the 2024/25 precept is being used to improve 101 call handling and police visibility.",
      ["Annual Report", "101 call handling"], SX,
      "That the Commissioner sets out in her Annual Report for 2023/24 how the additional income from the 2024/25 "
      "precept is being used to improve 101 call handling and police visibility."),
    q("who", "who chairs the sussex budget and precept working group?",
      "Cllr Fenwick (Arun District Council), who introduced the Working Group's final report.",
      ["Fenwick"], SX,
      "The Panel considered the final report of its Budget and Precept Working Group, introduced by Cllr Fenwick "
      "as Chair of the Working Group."),
    q("who", "who is the chief constable sussex pcc holds to account",
      "Jo Shiner, with whom the Commissioner held six public Performance and Accountability Meetings in 2023.",
      ["Jo Shiner"], SX,
      "During 2023 she had held six public Performance and Accountability Meetings with the Chief Constable, Jo "
      "Shiner, at which the force’s performance against the Plan’s objectives was examined."),
    q("when", "when's the sussex pcp meeting after the january one",
      "Friday 28 June 2024 at County Hall, Lewes; the reserve date of 9 February 2024 was not needed.",
      ["28 June 2024"], SX,
      "its next meeting would take place on Friday 28 June 2024 at County Hall, Lewes."),
    q("decision", "what was agreed about front counter opening hours",
      "The written responses were noted, and the Commissioner is to circulate a note on front counter opening "
      "hours in each district before the next meeting.",
      ["front counter opening hours"], SX,
      "AGREED that the written responses be noted, and that the Commissioner circulate a note on front counter "
      "opening hours in each district before the next meeting."),
    q("when", "when does bourne's 2021-24 police and crime plan run out",
      "In March 2024; a new Plan will be drawn up after the Commissioner election in May 2024.",
      ["March 2024"], SX,
      "The Commissioner reminded the Panel that her current Plan ended in March 2024 and that a new Police and "
      "Crime Plan would be drawn up after the election of a Commissioner in May 2024."),
    u("what did the sussex panel agree for the 2025/26 precept?",
      "The Sussex minutes cover the 2024/25 precept (26 January 2024) only; no 2025/26 proposal is in the papers."),
    u("what did the sussex police and crime panel decide at its 28 june 2024 meeting?",
      "The 28 June 2024 meeting is mentioned only as the date of the next meeting; its business and decisions are "
      "not in the papers."),
    u("how much will the sussex precept raise in total next year?",
      "The minutes give the Band D figures, the savings and the vote, but no total precept yield or total budget."),

    # ---------------- Avon and Somerset Police and Crime Panel, agenda pack for 4 February 2025 ----------------
    q("fact", "how much is clare moody putting the precept up by",
      "£14 a year for an average Band D property in 2025/26, about £1.16 a month.",
      ["£14", "£1.16"], AS,
      "The Commissioner proposes the full increase of £14 a year for an average Band D property in 2025/26, which "
      "is about £1.16 a month.",
      "Proposed increase for an average Band D property £14 a year Equivalent monthly increase about £1.16"),
    q("fact", "how many people answered the avon and somerset precept survey?",
      "3,146 residents, in a survey run online and by post from October to December 2024.",
      ["3,146"], AS,
      "The Commissioner’s precept survey ran from October to December 2024, online and by post. In all, 3,146 "
      "residents from across the force area gave their views."),
    q("fact", "what % backed a rise of a tenner or more in the a&s survey",
      "52% of respondents supported an increase of £10 or more a year for a Band D property.",
      ["52%"], AS,
      "A majority of respondents, 52%, supported an increase of £10 or more a year for a Band D property."),
    q("fact", "how much of avon and somerset police's money comes from council tax",
      "About 43% comes from the precept; the other 57% comes from central Government grants.",
      ["43%"], AS,
      "About 57% of the funding of Avon and Somerset Police comes from central Government grants; the other 43% "
      "is raised locally through the precept."),
    q("who", "who chairs the avon and somerset police and crime panel",
      "Councillor Heather Shearer (Somerset Council); Julie Knight, an independent member, is Vice-Chair.",
      ["Heather Shearer"], AS,
      "Councillor Heather Shearer (Chair) and Julie Knight (Vice-Chair, Independent Member), with the other "
      "members of the Panel",
      "Present: Councillor Heather Shearer (Chair) (Somerset Council); Julie Knight (Vice-Chair) (Independent "
      "Member)"),
    q("who", "who's chief constable in avon and somerset?",
      "Sarah Crew.",
      ["Sarah Crew"], AS,
      "The Commissioner reported on her activity since the last meeting, including her meetings with the Chief "
      "Constable, Sarah Crew, and her work with partners on serious youth violence."),
    q("when", "when and where is the a&s precept meeting",
      "Tuesday 4 February 2025 at 10.00 am, in the John Meikle Room, The Deane House, Belvedere Road, Taunton.",
      ["4 February 2025", "Deane House"], AS,
      "Date: Tuesday, 4 February 2025 Time: 10.00 am Venue: John Meikle Room, The Deane House, Belvedere Road, "
      "Taunton TA1 1HE"),
    q("decision", "what did we decide on clare's police and crime plan in december",
      "The Panel accepted the Police and Crime Plan 2024–2029 and asked the Commissioner to bring the delivery plan, "
      "with performance measures for each priority, to its meeting on 25 March 2025.",
      ["delivery plan", "25 March 2025"], AS,
      "The Panel accepted the Police and Crime Plan 2024–2029 and asked the Commissioner to bring the delivery plan, "
      "with performance measures for each priority, to its meeting on 25 March 2025."),
    q("decision", "is the avon and somerset task and finish group seeing the cfo before the precept meeting?",
      "Yes. On 10 December 2024 the Panel agreed that its Precept Task and Finish Group would meet the "
      "Commissioner's Chief Finance Officer in January 2025 to examine the draft budget.",
      ["January 2025"], AS,
      "The Panel agreed that its Precept Task and Finish Group would meet the Commissioner’s Chief Finance Officer "
      "in January 2025 to examine the draft budget before the precept meeting."),
    q("fact", "what are the five priorities in the avon and somerset plan",
      "Strengthening Neighbourhood Policing; Reducing Violent Crime; Preventing Crime; Supporting Victims; and "
      "Improving Standards of Policing.",
      ["Neighbourhood Policing", "Supporting Victims"], AS,
      "The plan had five priorities: • Strengthening Neighbourhood Policing, including tackling anti-social "
      "behaviour; • Reducing Violent Crime, with a focus on male violence against women and girls",
      "• Preventing Crime; • Supporting Victims; and • Improving Standards of Policing."),
    q("fact", "has avon and somerset's panel ever vetoed a precept?",
      "Yes: in 2021/22 it vetoed Sue Mountstevens's £15 proposal, and a revised increase of £13.39 was agreed in "
      "February 2021.",
      ["£13.39", "vetoed"], AS,
      "2021/22 £15 proposed; £13.39 revised Sue Mountstevens First proposal vetoed; revised precept agreed in "
      "February 2021"),
    q("when", "deadline for the a&s panel to report to clare moody on the 25/26 precept?",
      "8 February 2025.",
      ["8 February"], AS,
      "to make its report on the proposal to the Commissioner by 8 February 2025."),
    u("what did the avon and somerset panel decide on 4 february 2025?",
      "The pack was issued before the 4 February 2025 meeting; it holds the Commissioner's recommendations, not "
      "the Panel's decision."),
    u("what will the full band d police charge be in avon and somerset for 2025/26?",
      "The report gives the £14 increase, but no full Band D precept figure for 2024/25 or 2025/26."),
    u("what did avon and somerset's panel do about the 2022/23 precept?",
      "Table 2 lists 2019/20, 2021/22, 2023/24, 2024/25 and 2025/26 only; 2022/23 is not in the papers."),
]


def main():
    with open(os.path.join(HERE, "qa.jsonl"), "w", encoding="utf-8") as f:
        for i, item in enumerate(ITEMS, 1):
            f.write(json.dumps({"id": f"n{i:03d}", **item}, ensure_ascii=False) + "\n")
    print(f"qa.jsonl: {len(ITEMS)} items")


if __name__ == "__main__":
    main()
