"""Card shapes of interview-question documents, one table row per shape (examples written by the team).

Each row: a small document and the cards a careful reader would make of it, as
(question, answer, difficulty) triples; ``None`` in a triple means "not checked".
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srs.parser import parse_markdown


def _cards(md: str) -> list[tuple[str, str, str | None]]:
    return [(c.question, c.answer, c.difficulty) for c in parse_markdown(md).cards]


def _check(md: str, expected: list[tuple]) -> None:
    got = _cards(md)
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        for gv, ev in zip(g, e):
            if ev is not None:
                assert gv == ev, (g, e)


LISTS = [
    ("questions under a heading that does not name them",
     "# Notebook\n\n## Compilers\n\n- What is a basic block?\n- Why do registers spill?\n- Compare SSA form and three-address code\n",
     [("What is a basic block?", "", None), ("Why do registers spill?", "", None),
      ("Compare SSA form and three-address code", "", None)]),
    ("nested numbered list with [E]/[M]/[H] markers under topic lines",
     "## Queues\n\n1. Backpressure.\n    1. [E] What does a bounded queue do when it fills up?\n"
     "    1. [H] Design a lock-free ring buffer for one producer.\n"
     "1. [M] Why do consumers acknowledge messages?\n1. Ordering\n    1. [M] How do partitions keep per-key order?\n",
     [("What does a bounded queue do when it fills up?", "", "easy"),
      ("Design a lock-free ring buffer for one producer.", "", "hard"),
      ("Why do consumers acknowledge messages?", "", "medium"), ("How do partitions keep per-key order?", "", "medium")]),
    ("a scenario whose unmarked sub-questions belong to it: one card",
     "# Case studies\n\n1. A ferry operator sells tickets by phone. It wants to predict which sailings will sell out.\n"
     "    - Which signals would you log?\n    - Which baseline would you ship first?\n"
     "1. Which features would forecast ferry delays?\n",
     [("A ferry operator sells tickets by phone. It wants to predict which sailings will sell out.\n\n"
       "- Which signals would you log?\n- Which baseline would you ship first?", "", None),
      ("Which features would forecast ferry delays?", "", None)]),
    ("bold Q: items with an italic A: sub-item",
     "## Kitchen\n\n*   **Q: Why does bread rise?**\n    - *A:* Yeast releases carbon dioxide.\n"
     "*   **Q: Explain caramelisation.**\n    - *A:* Sugars brown under heat.\n",
     [("Why does bread rise?", "Yeast releases carbon dioxide.", None),
      ("Explain caramelisation.", "Sugars brown under heat.", None)]),
    ("numbered bold questions with the answer on the indented lines below",
     "# Threads: interview questions\n\n1. **What is a spinlock?**\n   A lock that busy-waits.\n\n"
     "2. \\*\\*Explain a barrier.\\*\\*\n   A point every thread must reach.\n   • Reusable: it resets after release.\n",
     [("What is a spinlock?", "A lock that busy-waits.", None),
      ("Explain a barrier.", "A point every thread must reach.\n• Reusable: it resets after release.", None)]),
    ("Q: and A: lines inside one list item",
     "## Filesystems\n\n- Q: What does an inode store?\n  A: File metadata and block pointers.\n"
     "- Q: What is a hard link?\n  A: A second name for one inode.\n",
     [("What does an inode store?", "File metadata and block pointers.", None),
      ("What is a hard link?", "A second name for one inode.", None)]),
    ("an answer given in the same item after the question",
     "## Probability\n\n1. What is an expectation? It is the probability-weighted average of the outcomes.\n"
     "2. What is a quartile? (a quarter cut point)\n3. Name the tests of normality? Shapiro, QQ plot\n",
     [("What is an expectation?", "It is the probability-weighted average of the outcomes.", None),
      ("What is a quartile? (a quarter cut point)", "", None), (None, "", None)]),
    ("a hint under a question is not its answer",
     "## Ranking\n\n1. [M] Which loss suits pairwise preferences?\n\n    **Hint**: think about margins.\n"
     "1. [E] What is NDCG?\n    - **Key concept**: graded relevance by position.\n",
     [("Which loss suits pairwise preferences?", "", "medium"), ("What is NDCG?", "", "easy")]),
    ("advice lists of imperatives are not questions",
     "## Before the call\n\n- Charge your headset\n- Keep water nearby\n- Close the other tabs\n- Thank the panel afterwards\n", []),
    ("a table of contents and a link list are not questions",
     "# Handbook\n\n1. [What is P?](#what-is-p)\n2. [What is Q?](#what-is-q)\n\n## Further reading\n\n"
     "- [A long essay on queues](https://example.org/a)\n- [Slides](https://example.org/b)\n", []),
    ("outline items and schedule slots are not questions",
     "## Outline\n\n- **Scope**: How to pick the metric\n- **Serving**: Which cache to put in front\n\n"
     "## Practice day\n\n- **Question 1**: Design a Parking Garage (40 minutes)\n- **Question 2**: Implement a Trie (25 minutes)\n", []),
    ("questions in other languages and scripts",
     "## Разное\n\n- Что такое хеш-таблица?\n- Как устроен сборщик мусора\n\n## 其他\n\n- 什么是死锁？\n- 请解释一下快速排序\n- 为什么需要索引？\n\n"
     "## 기타\n\n- 해시 충돌을 해결하는 방법을 설명해 주세요. (체이닝 등)\n\n## Varios\n\n- ¿Qué es una tabla hash?\n",
     [("Что такое хеш-таблица?", "", None), ("Как устроен сборщик мусора", "", None),
      ("什么是死锁？", "", None), ("请解释一下快速排序", "", None), ("为什么需要索引？", "", None),
      ("해시 충돌을 해결하는 방법을 설명해 주세요. (체이닝 등)", "", None), ("¿Qué es una tabla hash?", "", None)]),
    ("a template placeholder question is not a card",
     "# Questions\n\n<details>\n<summary>Question?</summary>\nAnswer\n</details>\n", []),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in LISTS], ids=[r[0] for r in LISTS])
def test_question_lists(md, expected):
    _check(md, expected)


DETAILS = [
    ("answer after <br><b>, closed by </b></details> after a list",
     "## Signals\n\n<details>\n<summary>What is SIGKILL?</summary><br><b>\n\nA signal no process can catch:\n\n"
     "  * no handler\n  * no cleanup\n</b></details>\n\n<details>\n<summary>What is a zombie process?</summary><br><b>\n\n"
     "A child whose exit status nobody read.\n</b></details>\n",
     [("What is SIGKILL?", "A signal no process can catch:\n\n  * no handler\n  * no cleanup", None),
      ("What is a zombie process?", "A child whose exit status nobody read.", None)]),
    ("answer text in the same HTML block as the summary, inside a div",
     "# Заметки\n\n<details>\n<summary><b>Что такое энтропия?</b></summary>\n<div> <br />\n\tМера неопределённости распределения.\n\n"
     "</div>\n</details>\n",
     [("Что такое энтропия?", "Мера неопределённости распределения.", None)]),
    ("an empty block has no answer",
     "## Structures\n\n<details>\n<summary>What is a skip list?</summary><br><b>\n\n</b></details>\n",
     [("What is a skip list?", "", None)]),
    ("a reveal after a question gives its answer",
     "## Optimisers\n\n1. What is a momentum term?\n<details><summary>Show answer</summary>A running average of gradients.</details>\n",
     [("What is a momentum term?", "A running average of gradients.", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in DETAILS], ids=[r[0] for r in DETAILS])
def test_details_blocks(md, expected):
    _check(md, expected)


HEADINGS = [
    ("a long question heading is a card, a contribution heading is not",
     "# Bank\n\n## How to contribute?\n\nOpen a pull request.\n\n#### What is your favourite colour?\nA template example.\n\n"
     "## Questions\n\n#### Two teams run the same service; one logs 30 incidents a month and the other 5. "
     "Is the second team more reliable? What else would you ask before deciding, and why?\n\n"
     "Not without knowing their traffic.\n\n[⬆ Back to top](#table-of-contents)\n\n#### What is a median filter?\n\n"
     "[Median filter](https://example.org/mf)\n\n[⬆ Back to top](#table-of-contents)\n\n#### What is a kernel density estimate?\n\n"
     "A smoothed histogram.\n\n#### Explain the following terms: stride, padding.\n\nSee a textbook chapter on it.\n",
     [(None, "Not without knowing their traffic.", None), ("What is a median filter?", "", None),
      ("What is a kernel density estimate?", "A smoothed histogram.", None),
      ("Explain the following terms: stride, padding.", None, None)]),
    ("Q: headings with metadata lines and a sample answer label",
     "# Signals\n\n---\n### Q: Define **aliasing** and give two ways to prevent it when sampling audio.\n\n"
     "**Category:** Sampling  \n**Difficulty:** Easy  \n**Tags:** Audio\n\n**Sample Answer:**\nHigh frequencies fold back; filter first.\n\n---\n",
     [("Define aliasing and give two ways to prevent it when sampling audio.", "High frequencies fold back; filter first.", "easy")]),
    ("a heading that asks in Korean without a question mark",
     "## #7\n\n#### 해시 충돌을 해결하는 방법을 설명해 주세요. (체이닝 등)\n\n같은 칸에 리스트로 저장한다.\n",
     [("해시 충돌을 해결하는 방법을 설명해 주세요. (체이닝 등)", "같은 칸에 리스트로 저장한다.", None)]),
    ("a difficulty named by the section heading",
     "# Tasks\n\n## Hard Problems\n1. Port the scheduler to a new CPU\n2. Make the allocator lock-free\n",
     [("Port the scheduler to a new CPU", "", "hard"), ("Make the allocator lock-free", "", "hard")]),
    ("a <details> summary with a list in it",
     "## Compilers\n\n<details>\n<summary>Which of these are optimisation passes?\n\n* inlining\n* linking</summary><br><b>\n\n"
     "* inlining\n</b></details>\n",
     [("Which of these are optimisation passes?\n\n* inlining\n* linking", "* inlining", None)]),
    ("bold Q1: labels with an Answer label",
     "## Search\n\n**Q1: Explain inverted indexes briefly.**\n\n**Answer**: Terms map to posting lists.\n\n"
     "**Q2: Shard a search cluster for 2B documents.**\n\n**Answer**:\n- route by document id\n- replicate hot shards\n",
     [("Explain inverted indexes briefly.", "Terms map to posting lists.", None),
      ("Shard a search cluster for 2B documents.", "- route by document id\n- replicate hot shards", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in HEADINGS], ids=[r[0] for r in HEADINGS])
def test_question_headings_and_labels(md, expected):
    _check(md, expected)


ANSWERS = [
    ("a numbered question's answer runs through its sub-sections up to the rule",
     "# Graphs\n\n## Advanced:\n\n1. How does Dijkstra's algorithm work?\n\nIt grows a frontier greedily.\n\n### The loop:\n\n"
     "1. **Pop**: the closest unsettled node\n2. **Relax**: each outgoing edge\n\n- Where the queue is a binary heap.\n\n---\n\n"
     "2. Why do negative edges break it?\n\nSettled nodes could get cheaper.\n",
     [("How does Dijkstra's algorithm work?", None, None),
      ("Why do negative edges break it?", "Settled nodes could get cheaper.", None)]),
    ("a bold question inside a numbered question's answer is a sub-heading",
     "## Storage\n\n**1.** What is a write-ahead log and why does recovery need it?\n\nA log written before the data pages.\n\n"
     "**Why \"ahead\"?**\n\nThe log reaches the disk first.\n\n---\n\n**2.** What is a checkpoint?\n\nA flushed snapshot that trims the log.\n",
     [("What is a write-ahead log and why does recovery need it?", None, None),
      ("What is a checkpoint?", "A flushed snapshot that trims the log.", None)]),
    ("a single question followed by only its source has no answer",
     "## Acme interview questions\n\n- Which project are you proudest of this year?\n\nSource: [Forum](https://example.org)\n",
     [("Which project are you proudest of this year?", "", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in ANSWERS], ids=[r[0] for r in ANSWERS])
def test_whole_answers(md, expected):
    _check(md, expected)
    cards = parse_markdown(md).cards
    if "Dijkstra" in md:
        assert "Where the queue is a binary heap." in cards[0].answer and "### The loop:" in cards[0].answer
    if "ahead" in md:
        assert "The log reaches the disk first." in cards[0].answer


NON_ANSWERS = [
    ("the same remark under several questions is no answer",
     "# Заметки\n\n<details>\n<summary>Как устроен сборщик мусора</summary>\nЛюбимая тема интервьюеров, готовьтесь заранее.\n"
     "</details>\n\n<details>\n<summary>Как устроена очередь сообщений</summary>\nЛюбимая тема интервьюеров, готовьтесь заранее.\n"
     "</details>\n\n<details>\n<summary>Что такое стек?</summary>\nСтруктура LIFO.\n</details>\n",
     [("Как устроен сборщик мусора", "", None), ("Как устроена очередь сообщений", "", None),
      ("Что такое стек?", "Структура LIFO.", None)]),
    ("a short pointer elsewhere is no answer",
     "## Questions\n#### What is an eigenvalue?\n\nA classic. I recommend watching [a lecture](https://example.org/la).\n\n"
     "#### What is a matrix rank?\n\nThe number of independent columns.\n",
     [("What is an eigenvalue?", "", None), ("What is a matrix rank?", "The number of independent columns.", None)]),
    ("an answer after a colon in a list of notes",
     "## Probability questions\n\n1. What is a covariance matrix?\n"
     "2. Explain kurtosis: a measure of how heavy the tails of a distribution are.\n"
     "3. Stationarity: how would you test a series for it?\n",
     [("What is a covariance matrix?", "", None),
      ("Explain kurtosis:", "a measure of how heavy the tails of a distribution are.", None),
      ("Stationarity: how would you test a series for it?", "", None)]),
    ("unmarked context lines in a document whose questions carry markers",
     "## Ranking\n\n1. [E] What is precision at k?\n2. [M] Why can MAP mislead?\n3. Given the relevance table below.\n\n"
     "| | rel | non |\n|---|---|---|\n| top | 2 | 3 |\n\n1. [E] Compute the precision at 5.\n2. [H] Compute the DCG.\n"
     "3. [M] Compute the recall at 5.\n",
     [("What is precision at k?", "", "easy"), ("Why can MAP mislead?", "", "medium"),
      ("Compute the precision at 5.", "", "easy"), ("Compute the DCG.", "", "hard"), ("Compute the recall at 5.", "", "medium")]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in NON_ANSWERS], ids=[r[0] for r in NON_ANSWERS])
def test_answers_that_do_not_answer(md, expected):
    _check(md, expected)


def test_level_column_words():
    md = ("| Question | Level |\n|---|---|\n| What is a bloom filter? | Fundamental |\n"
          "| Why do bloom filters give false positives? | Advanced |\n")
    assert [c.level for c in parse_markdown(md).cards] == ["entry", "senior"]


MORE = [
    ("a bold question with its answer on the next line of the paragraph",
     "# Rust\n\n**What is a borrow?**\nA reference that does not own.\n\n**What is a lifetime?**\n"
     "The scope a reference stays valid for.\nThe compiler checks it.\n",
     [("What is a borrow?", "A reference that does not own.", None),
      ("What is a lifetime?", "The scope a reference stays valid for.\nThe compiler checks it.", None)]),
    ("Q1. / Ans. labels with a period",
     "# Rust\n\nQ1. What is a trait?\nAns. A set of shared behaviour.\n\nQ.2 What is a crate?\nAns. A compilation unit.\n",
     [("What is a trait?", "A set of shared behaviour.", None), ("What is a crate?", "A compilation unit.", None)]),
    ("question headings without question marks where nearly all open with a question word",
     "# Git\n\n## Branches\n\n### What does rebase do\n\nIt replays commits.\n\n### How is a merge different from a squash\n\n"
     "A squash makes one commit.\n\n### When would you cherry-pick\n\nTo copy one fix.\n\n| # | Problem | Difficulty |\n|---|---|---|\n"
     "| 1 | Undo a pushed commit | Easy |\n",
     [("What does rebase do", "It replays commits.", None),
      ("How is a merge different from a squash", "A squash makes one commit.", None),
      ("When would you cherry-pick", "To copy one fix.", None), ("Undo a pushed commit", "", "easy")]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in MORE], ids=[r[0] for r in MORE])
def test_more_shapes(md, expected):
    _check(md, expected)


DOMAINS = [
    ("a container question that mentions an image",
     "# Containers\n\n## Images\n\n- How do you shrink the layers of a container image?\n", "devops"),
    ("a distribution question that mentions salaries",
     "# Bank\n\n## Questions\n\n- How would you summarise the salaries of a small firm?\n", None),
    ("one loose word decides nothing", "# Misc\n\n## Questions\n\n- What makes an image look flat?\n", None),
    ("SQL", "# Notes\n\n## Questions\n\n- Count orders per customer in SQL with a LEFT JOIN and GROUP BY.\n", "databases"),
    ("streaming pipelines",
     "# Notes\n\n## Questions\n\n- How do you replay a Kafka topic into an ETL pipeline after an outage?\n", "data-engineering"),
    ("web security", "# Notes\n\n## Questions\n\n- How do you stop XSS and CSRF in a comment form?\n", "security"),
    ("the web", "# Notes\n\n## Questions\n\n- What does a browser do with cookies when it sends an HTTP request?\n", "web"),
    ("a title naming two fields decides nothing",
     "# Salary Negotiation & Behavioral Stories\n\n## Basic\n\n- Why this position?\n", None),
]


@pytest.mark.parametrize("md,domain", [r[1:] for r in DOMAINS], ids=[r[0] for r in DOMAINS])
def test_domain_is_null_rather_than_wrong(md, domain):
    assert [c.domain for c in parse_markdown(md).cards] == [domain]


def test_explain_accounts_for_questions_and_tasks_and_says_why():
    md = ("# Senior Data Engineer Interview Questions\n\n## Hard\n\n- [M] Design a backfill job for late events\n\n"
          "## Questions to Ask\n\n- Explain how the team shares on-call\n\n## Notes\n\nDescribe the migration plan in a paragraph.\n")
    doc = parse_markdown(md)
    card = doc.cards[0]
    assert (card.shape, card.level, card.difficulty) == ("list-item", "senior", "medium")
    assert card.why["level"] == "the document title" and card.why["difficulty"] == "a marker in the question"
    decisions = {d.line: d for d in doc.decisions}
    assert "level senior (the document title)" in decisions[5].reason
    assert "difficulty medium (a marker in the question)" in decisions[5].reason
    assert decisions[9].kind == "skipped" and "asked by the candidate" in decisions[9].reason  # an imperative
    assert decisions[13].kind == "skipped"  # a task sentence in prose is accounted for too


def test_mojibake_repair_does_not_unescape_html_into_a_block():
    md = "## \r &lt;script&gt; \x80\n\n**Q:** What does a tidy question look like?\n\n**A:** Like this one.\n"
    assert [c.question for c in parse_markdown(md).cards] == ["What does a tidy question look like?"]


SLOTS_AND_PAIRS = [
    ("a question slot heading with an answer heading",
     "# Stats\n\n## Question 1\nWhat is a confidence interval?\n### Answer\nA range built to cover the parameter.\n\n"
     "## Question 2\nWhat is a type II error?\n### Answer\nMissing a real effect.\n\n**What is boosting?**\n\nWeak learners in sequence.\n",
     [("What is a confidence interval?", "A range built to cover the parameter.", None),
      ("What is a type II error?", "Missing a real effect.", None), ("What is boosting?", "Weak learners in sequence.", None)]),
    ("Q. then A. (also in other scripts), in one paragraph or two",
     "# 面接メモ\n\nQ. 正規化とは何ですか？\nA. 値の範囲をそろえることです。\n\nQ. What is a heap?\n\nA. A tree ordered by priority.\n\n"
     "Which is right?\n\nA. Option one\nB. Option two\n",
     [("正規化とは何ですか？", "値の範囲をそろえることです。", None), ("What is a heap?", "A tree ordered by priority.", None)]),
    ("labels with a full-width colon and a task heading in Chinese",
     "# 数据库面试题\n\n## 基础\n\n### 2. 解释一下事务的隔离级别\n\n隔离级别控制并发可见性。\n\n**问：** 什么是索引？\n\n**答：** 加速查找的数据结构。\n",
     [("解释一下事务的隔离级别", "隔离级别控制并发可见性。", None), ("什么是索引？", "加速查找的数据结构。", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in SLOTS_AND_PAIRS], ids=[r[0] for r in SLOTS_AND_PAIRS])
def test_slots_pairs_and_scripts(md, expected):
    _check(md, expected)
    if "基础" in md:
        assert {c.level for c in parse_markdown(md).cards} == {"entry"}


QUOTES_AND_LEADS = [
    ("numbered bold leads that ask, anywhere; labelled items; a quoted Q/A",
     "# Notes on Erlang\n\n**Q1.** What is a process mailbox?\n\nA queue of messages.\n\n**Q2.** What is a supervisor?\n\n"
     "A process that restarts its children.\n\n- **Question**: What is a tuple?\n  **Answer**: A fixed-size group of terms.\n\n"
     "## 3. How does hot code loading work?\n\n<details><summary>Answer</summary>\n\nTwo versions of a module can run at once.\n\n"
     "</details>\n\n> **Q:** What is an atom?\n>\n> **A:** A named constant.\n",
     [("What is a process mailbox?", "A queue of messages.", None), ("What is a supervisor?", "A process that restarts its children.", None),
      ("What is a tuple?", "A fixed-size group of terms.", None),
      ("How does hot code loading work?", "Two versions of a module can run at once.", None),
      ("What is an atom?", "A named constant.", None)]),
    ("a quotation inside an answer is part of it",
     "## Networking\n\n**What does Postel's law say?**\n\n> Be conservative in what you send.\n\nIt is also called the robustness principle.\n",
     [("What does Postel's law say?",
       "> Be conservative in what you send.\n\nIt is also called the robustness principle.", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in QUOTES_AND_LEADS], ids=[r[0] for r in QUOTES_AND_LEADS])
def test_quotes_and_numbered_leads(md, expected):
    _check(md, expected)


def test_questions_about_the_document_itself_are_not_cards():
    md = ("# One more collection\n\n* Why publish one more collection on GitHub? The older ones are stale.\n"
          "* How are the entries chosen? By how often they come up.\n\n## Why this repo?\n\nBecause.\n\n"
          "## Who is it for?\n\nBackend engineers.\n\n## Questions\n\n### How do you review a pull request on GitHub?\n\n"
          "Read the tests first.\n\n### What did this project teach you about rollbacks?\n\nKeep them cheap.\n\n"
          "## How to contribute\n\n- Can I add a question? Yes, open a pull request.\n")
    assert [c.question for c in parse_markdown(md).cards] == [
        "How do you review a pull request on GitHub?", "What did this project teach you about rollbacks?"]


_PIECES = ["\n", "\n\n", "- ", "1. ", "    1. ", "  * ", "> ", "> > ", "## ", "#### ", "**", "*", "`", "Q: ", "A: ", "Q1. ",
           "A. ", "Ans. ", "**Q1: ", "**Answer**:", "*A:* ", "**问：**", "**答：**", "[E] ", "[H] ", "(30 minutes)", "What is X",
           "Explain Y", "？", "?", "¿", ":", "<details>", "<summary>", "</summary>", "<br><b>", "</b></details>", "<div>",
           "</div>", "---", "| Question | Level |\n|---|---|\n| a? | Advance |", "**Hint**: ", "Source: ", "[x](#y)",
           "[x](https://e.org)", "Legend: 🟢 easy 🔴 hard", "설명해 주세요.", "Как", "## Question 2", "### Answer", "\t", "\r",
           "&lt;script&gt;", "\x80", "\u200d", "**Difficulty:** Hard", "# ", "\\*\\*"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_fuzz_the_new_shapes_never_raise(text):
    doc = parse_markdown(text)
    n = text.count("\n") + text.count("\r") + 1
    for c in doc.cards:
        assert c.question.strip() and 1 <= c.line <= n
    assert all(d.reason is not None for d in doc.decisions)


def test_a_question_line_then_its_answer_lines_in_one_item():
    md = ("# Notes\n\n1. What is a condition variable?\n   A wait queue tied to a lock.\n2. How does a pager pick a victim page?\n"
          "a. Clock, second chance\n3. Explain swapping?\n   a. Why swap? b. Where to?\n")
    assert [(c.question, c.answer) for c in parse_markdown(md).cards] == [
        ("What is a condition variable?", "A wait queue tied to a lock."),
        ("How does a pager pick a victim page?\na. Clock, second chance", ""),
        ("Explain swapping?\na. Why swap? b. Where to?", "")]


def test_a_page_about_one_question_named_in_its_front_matter():
    md = ("---\nid: q-07\nquestion: 什么是死锁？\ntags: [x]\n---\n\n## 简短回答\n\n两个线程互相等待对方持有的锁。\n\n"
          "## 考察点\n\n- 是否知道四个必要条件。\n\n## 追问\n\n- **追问**：如何避免死锁？\n  - 要点：按固定顺序加锁。\n\n"
          "## 相关\n\n- [[q-06]]：互斥锁。\n")
    assert [(c.line, c.question, c.answer) for c in parse_markdown(md).cards] == [
        (3, "什么是死锁？", "两个线程互相等待对方持有的锁。"), (17, "如何避免死锁？", "- 要点：按固定顺序加锁。")]


def test_a_table_cell_without_letters_is_not_a_question():
    md = "| Phase | Question |\n|---|---|\n| Intake | 07, 12 |\n| Storage | How do you compact logs? |\n"
    assert [c.question for c in parse_markdown(md).cards] == ["How do you compact logs?"]


def test_questions_an_answer_introduces_stay_in_the_answer():
    md = ("# Systems\n\n## 1. How would you build a ticket booking service?\n\nStart with the requirements. Ask first:\n\n"
          "- How many seats per show?\n- How long is a hold kept?\n\nThen size the store.\n\n"
          "## 2. How would you build a rate limiter?\n\nA token bucket.\n")
    cards = parse_markdown(md).cards
    assert [c.question for c in cards] == ["How would you build a ticket booking service?", "How would you build a rate limiter?"]
    assert "- How many seats per show?" in cards[0].answer and cards[0].answer.endswith("Then size the store.")


NOT_QUESTION_LISTS = [
    ("setup steps and a feature list outside any question heading",
     "# tidy-notes\n\nA note taker.\n\n## Getting it running\n\n- Create a config folder\n- Install the wheel with pip\n"
     "- Write your token to ~/.tidy\n- Build the index once\n\n## What you get\n\n- Is small: one binary\n- Can sync over ssh\n"
     "- Does full-text search\n", []),
    ("a rhetorical list a paragraph introduces",
     "# Moving our cron jobs\n\nWas it worth it? We think so. Before starting we asked ourselves:\n\n"
     "- Can the old schedules stay as they are?\n- Is the new runner cheap enough?\n- Do we keep the logs?\n\nWe kept all three.\n", []),
    ("an exercise's assumptions",
     "# Island count\n\nCount the islands in a grid.\n\nThings to keep in mind:\n\n- Assume the grid fits in memory\n"
     "- You have the grid as a list of strings\n- Given a 1000 x 1000 grid, stay under a second\n", []),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in NOT_QUESTION_LISTS], ids=[r[0] for r in NOT_QUESTION_LISTS])
def test_lists_outside_question_headings_must_ask(md, expected):
    _check(md, expected)


def test_imperative_lists_count_under_a_heading_or_title_that_names_questions():
    md = "# Compiler Interview Questions\n\n## Parsing\n\n- Implement a tokenizer for arithmetic\n- Write a Pratt parser\n- Build an AST printer\n"
    assert len(parse_markdown(md).cards) == 3
    md = "# Notes\n\n## Practice questions\n\n- Implement a tokenizer for arithmetic\n- Write a Pratt parser\n"
    assert len(parse_markdown(md).cards) == 2


def test_a_question_item_whose_prose_lists_example_questions_keeps_them_in_its_answer():
    md = ("# Design drills\n\n## Questions\n\n1. How would you build a photo-sharing feed?\n\n"
          "   Pin down the scope first, for instance:\n\n   - How many uploads an hour?\n   - Are videos in scope?\n\n"
          "   Then sketch the write path.\n\n2. How would you build a leaderboard?\n\n   A sorted set per season.\n")
    cards = parse_markdown(md).cards
    assert [c.question for c in cards] == ["How would you build a photo-sharing feed?", "How would you build a leaderboard?"]
    assert "- Are videos in scope?" in cards[0].answer and cards[0].answer.endswith("Then sketch the write path.")


def test_follow_up_questions_right_under_a_question_stay_in_its_front():
    md = "## Team questions\n\n- What was your worst outage?\n  - What changed afterwards?\n- Why do you want this job?\n"
    cards = parse_markdown(md).cards
    assert [(c.question, c.answer) for c in cards] == [
        ("What was your worst outage?\n\n- What changed afterwards?", ""), ("Why do you want this job?", "")]


def test_one_bold_question_inside_a_heading_answer_is_part_of_it():
    md = ("# Storage notes\n\n### Why do databases use B-trees?\n\nThey keep the tree shallow:\n\n- Is a node one page?\n"
          "- Is the fan-out high?\n\n**Why not a binary tree?**\n\nToo many page reads per lookup.\n\n### What is a WAL?\n\nA log written first.\n")
    cards = parse_markdown(md).cards
    assert [c.question for c in cards] == ["Why do databases use B-trees?", "What is a WAL?"]
    assert "**Why not a binary tree?**" in cards[0].answer and cards[0].answer.endswith("Too many page reads per lookup.")


def test_a_numbered_bold_lead_asks_only_when_its_first_sentence_does():
    md = ("# Diary of a job hunt\n\nThree rounds in all.\n\n**1.** The onsite took five hours. Why so long? Two panels ran late.\n\n"
          "**2.** The take-home was short.\n")
    assert parse_markdown(md).cards == []
    md = "# Diary\n\n**1.** Why do panels run late? Interviewers overbook.\n\n**Q2.** Describe a calm onsite.\n\nShort breaks.\n"
    assert len(parse_markdown(md).cards) == 2


def test_code_spans_are_not_emphasis():
    from srs.parser.text import strip_markup
    assert strip_markup("Explain `__init__` and **bold**") == "Explain __init__ and bold"
    md = "## Python\n\n- What does `__init__` return?\n- Why use `__repr__`?\n"
    assert [c.question for c in parse_markdown(md).cards] == ["What does `__init__` return?", "Why use `__repr__`?"]


def test_an_faq_section_is_not_questions():
    md = ("# Rust prep\n\n## Questions\n\n### What is a borrow checker?\n\nIt enforces aliasing rules.\n\n## FAQ\n\n"
          "### How many weeks should I study?\n\nThree is typical.\n\n- Do I need a degree?\n- Is this free?\n")
    assert [c.question for c in parse_markdown(md).cards] == ["What is a borrow checker?"]


def test_an_intensifier_raises_a_difficulty_word_and_a_note_label_is_known_by_its_last_word():
    md = "# Tasks\n\n## Really Hard Problems\n\n1. Write a garbage collector\n2. Write a JIT\n"
    assert {c.difficulty for c in parse_markdown(md).cards} == {"expert"}
    md = "## Kernels\n\n1. What is a futex?\n    - **Core concept**: fast user-space locking.\n"
    assert [(c.question, c.answer) for c in parse_markdown(md).cards] == [("What is a futex?", "")]


def test_a_tags_line_gives_one_tag_per_comma_separated_value():
    md = "## Strings\n\n### Q: What is a rope?\n\n**Tags:** strings,trees, editors\n\nA balanced tree of strings.\n"
    assert parse_markdown(md).cards[0].tags == ["tags::strings", "tags::trees", "tags::editors"]


HEADING_THEN_LABEL = [
    ("a question heading, then a labelled task: the heading leads the front",
     "# Go prep\n\n## Concurrency\n\n### Q: How would you throttle a crawler?\n\n**Question:** You fetch 10k pages a minute "
     "from one host.\n\n**Answer:** Use a token bucket per host.\n",
     [("How would you throttle a crawler?\n\nYou fetch 10k pages a minute from one host.", "Use a token bucket per host.")],
     "Concurrency"),
    ("a heading that asks, then a labelled scenario",
     "# Go prep\n\n## Memory\n\n### Why does this service leak goroutines?\n\n**Question:** A handler starts a goroutine "
     "per request and never cancels it.\n\n**Answer:** Pass a context and cancel it.\n",
     [("Why does this service leak goroutines?\n\nA handler starts a goroutine per request and never cancels it.",
       "Pass a context and cancel it.")], "Memory"),
    ("a topic heading over several labelled questions stays a topic",
     "# Go prep\n\n## Channels\n\n**Question:** What is a buffered channel?\n\n**Answer:** One with capacity.\n\n"
     "**Question:** What does close do?\n\n**Answer:** It ends the stream.\n",
     [("What is a buffered channel?", "One with capacity."), ("What does close do?", "It ends the stream.")], "Channels"),
]


@pytest.mark.parametrize("md,expected,topic", [r[1:] for r in HEADING_THEN_LABEL], ids=[r[0] for r in HEADING_THEN_LABEL])
def test_a_question_heading_leads_its_labelled_question(md, expected, topic):
    cards = parse_markdown(md).cards
    assert [(c.question, c.answer) for c in cards] == expected
    assert {c.topic for c in cards} == {topic}


LOOSE_WORDS = [
    ("one career word", "# Notes\n\n## Questions\n\n- How would you handle a tough negotiation with a vendor?\n", [None]),
    ("interviews mentioned in passing",
     "# Notes\n\n## Questions\n\n- How do you run interviews with users before a redesign?\n", [None]),
    ("regression testing is not regression models",
     "# Notes\n\n## Questions\n\n- What belongs in a regression testing checklist?\n", [None]),
    ("join is not SQL here", "# Notes\n\n## Questions\n\n- Why do you want to join our firm?\n", [None]),
    ("a generic heading word names no domain",
     "# Notes\n\n## Evaluation & Safety\n\n- How do you check a release before it ships?\n", [None]),
    ("two agreeing words still decide",
     "# Notes\n\n## Questions\n\n- How do you tune the learning rate of an LSTM with dropout?\n", ["deep-learning"]),
    ("a weak section majority does not spread",
     "# Notes\n\n## Mixed\n\n- Explain dropout in a CNN.\n- Explain batch normalization in an LSTM.\n"
     "- How do you plan a week?\n- What is a good desk?\n- How do you read a map?\n- What is a kettle?\n"
     "- Why is the sky blue?\n- How do trains brake?\n- What is a fjord?\n- How do birds fly?\n",
     ["deep-learning", "deep-learning"] + [None] * 8),
]


@pytest.mark.parametrize("md,domains", [r[1:] for r in LOOSE_WORDS], ids=[r[0] for r in LOOSE_WORDS])
def test_one_loose_word_or_a_weak_majority_decides_no_domain(md, domains):
    assert [c.domain for c in parse_markdown(md).cards] == domains


TASK_HEADINGS = [
    ("a tutorial's steps are not questions",
     "# Building a search index\n\n### Define the scope\n\nOne site.\n\n### Write the crawler\n\nFetch the pages.\n\n"
     "### Build the index\n\nMap terms to pages.\n\n### Evaluate the ranking\n\nUse judged queries.\n\n### Design the API\n\nOne endpoint.\n", []),
    ("a task heading among headings that ask is a question",
     "# Search prep\n\n### What is an inverted index?\n\nTerms to pages.\n\n### Why use BM25?\n\nIt saturates term counts.\n\n"
     "### How does stemming help?\n\nIt merges word forms.\n\n### Explain query expansion\n\nAdd related terms.\n",
     ["What is an inverted index?", "Why use BM25?", "How does stemming help?", "Explain query expansion"]),
    ("task headings under a heading naming questions are questions",
     "# Search prep\n\n## Interview Questions\n\n### Describe an inverted index\n\nTerms to pages.\n\n"
     "### Explain BM25\n\nA ranking function.\n\n### Compare stemming and lemmatization\n\nRules versus dictionaries.\n",
     ["Describe an inverted index", "Explain BM25", "Compare stemming and lemmatization"]),
]


@pytest.mark.parametrize("md,questions", [r[1:] for r in TASK_HEADINGS], ids=[r[0] for r in TASK_HEADINGS])
def test_task_headings_are_questions_only_beside_asking_headings_or_under_questions(md, questions):
    assert [c.question for c in parse_markdown(md).cards] == questions


LABEL_WORD_HEADINGS = [
    ("a report's Problem and Solution sections are no question slot",
     "# Incident review: the cache stampede\n\n## Problem\n\nThe cache expired at once and the database fell over.\n\n"
     "## Solution\n\nWe added jitter to the expiry times.\n", []),
    ("a numbered label heading is a slot",
     "# Drills\n\n## Problem 4\n\nReverse a linked list in place.\n\nWalk it once, flipping each pointer.\n",
     [("Reverse a linked list in place.", "Walk it once, flipping each pointer.")]),
    ("a label heading with an answer heading inside is a slot",
     "# Drills\n\n## Problem\n\nFind the middle of a linked list.\n\n### Solution\n\nMove one pointer twice as fast.\n",
     [("Find the middle of a linked list.", "Move one pointer twice as fast.")]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in LABEL_WORD_HEADINGS], ids=[r[0] for r in LABEL_WORD_HEADINGS])
def test_a_label_word_heading_is_a_slot_only_with_a_number_or_an_answer_heading(md, expected):
    assert [(c.question, c.answer) for c in parse_markdown(md).cards] == expected


KEPT_ANSWERS = [
    ("one stock remark under three questions is no answer",
     "# Storage\n\n### What is a B-tree?\n\nThis will be covered in the upcoming workshop session.\n\n"
     "### What is an LSM tree?\n\nThis will be covered in the upcoming workshop session.\n\n"
     "### What is a skip list?\n\nThis will be covered in the upcoming workshop session.\n",
     [("What is a B-tree?", ""), ("What is an LSM tree?", ""), ("What is a skip list?", "")]),
    ("a diagram is an answer; a bare link is not",
     "# Storage\n\n### How does a B-tree split?\n\n![split](split.png)\n\n### How does LSM compaction work?\n\n"
     "<img src=\"compaction.svg\" alt=\"\">\n\n### What is a bloom filter?\n\n[link](https://example.org/bloom)\n",
     [("How does a B-tree split?", "![split](split.png)"), ("How does LSM compaction work?", "<img src=\"compaction.svg\" alt=\"\">"),
      ("What is a bloom filter?", "")]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in KEPT_ANSWERS], ids=[r[0] for r in KEPT_ANSWERS])
def test_an_image_is_an_answer_and_a_stock_remark_is_not(md, expected):
    assert [(c.question, c.answer) for c in parse_markdown(md).cards] == expected


QUOTED_QUESTIONS = [
    ("one quoted Q/A inside an answer is part of the answer",
     "# Career prep\n\n### Which project are you proudest of?\n\nName the impact first. A mentor said:\n\n"
     "> **Q:** Who benefited?\n> **A:** If you cannot say, pick another project.\n\nThen the details.\n\n"
     "### Why are you leaving?\n\nStay positive.\n",
     ["Which project are you proudest of?", "Why are you leaving?"]),
    ("a quote of several Q/A pairs holds questions",
     "# Career prep\n\n## Drills\n\nWarm up first.\n\n> **Q:** What is a deadlock?\n> **A:** Two waits in a cycle.\n>\n"
     "> **Q:** What is a livelock?\n> **A:** Busy retries that never progress.\n",
     ["What is a deadlock?", "What is a livelock?"]),
    ("a quote that opens its section holds a question",
     "# Career prep\n\n## Drills\n\n> **Q:** What is a mutex?\n> **A:** A lock one thread holds at a time.\n",
     ["What is a mutex?"]),
]


@pytest.mark.parametrize("md,questions", [r[1:] for r in QUOTED_QUESTIONS], ids=[r[0] for r in QUOTED_QUESTIONS])
def test_a_quoted_question_is_a_card_only_where_no_answer_runs(md, questions):
    assert [c.question for c in parse_markdown(md).cards] == questions


def test_difficulty_heading_filler_comes_from_the_vocabulary_only():
    import copy

    from srs.parser.vocab import Vocabulary, load_vocabulary
    base = load_vocabulary()
    data = copy.deepcopy(base.data)
    data["difficulty"]["heading_filler"] = [w for w in data["difficulty"]["heading_filler"] if w not in ("level", "levels")]
    assert "level" not in Vocabulary(data=data, sources=base.sources).difficulty_heading_filler  # nothing hard-coded
    assert {"level", "levels"} <= base.difficulty_heading_filler
    md = "# Drills\n\n## Hard Level Questions\n\n- How would you write a lock-free queue?\n- How does a B-tree stay balanced?\n"
    assert {c.difficulty for c in parse_markdown(md).cards} == {"hard"}


POINTERS = [
    ("a pointer to a link is no answer",
     "# Prep\n\n### What is consistent hashing?\n\nSee [this post](https://example.org/ch) for a good walkthrough.\n\n"
     "### What is a vector clock?\n\nWatch: https://example.org/vc\n\n### What is a CRDT?\n\nA replicated type that merges "
     "without conflicts; see [the paper](https://example.org/crdt) for proofs of convergence and many more examples.\n",
     [("What is consistent hashing?", ""), ("What is a vector clock?", ""),
      ("What is a CRDT?", "A replicated type that merges without conflicts; see [the paper](https://example.org/crdt) for proofs "
       "of convergence and many more examples.")]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in POINTERS], ids=[r[0] for r in POINTERS])
def test_a_short_pointer_to_a_link_is_no_answer(md, expected):
    assert [(c.question, c.answer) for c in parse_markdown(md).cards] == expected


ASKING_LEVEL = [
    ("an interview verb heading beside a heading that asks, in a questions document",
     "# Behavioral questions\n\n### Walk me through a failed launch.\n\nOwn the mistake.\n\n### Why do you want this role?\n\n"
     "Tie it to the product.\n", ["Walk me through a failed launch.", "Why do you want this role?"]),
    ("the same headings outside a questions document",
     "# Release notes\n\n### Build the binary\n\nRun make.\n\n### Why does the build fail?\n\nA missing header.\n",
     ["Why does the build fail?"]),
]


@pytest.mark.parametrize("md,questions", [r[1:] for r in ASKING_LEVEL], ids=[r[0] for r in ASKING_LEVEL])
def test_a_task_heading_beside_asking_headings_under_a_questions_title(md, questions):
    assert [c.question for c in parse_markdown(md).cards] == questions


def test_numbered_leads_that_do_not_ask_after_a_colon_are_items_of_the_answer():
    md = ("# Rust questions\n\n## Questions\n\n**1.** What is ownership?\n\nEach value has one owner. Its rules:\n\n"
          "**2.** A value is dropped when its owner goes out of scope.\n\n**3.** Moving a value transfers ownership.\n\n---\n\n"
          "**4.** What is borrowing?\n\nTaking a reference without owning.\n")
    cards = parse_markdown(md).cards
    assert [c.question for c in cards] == ["What is ownership?", "What is borrowing?"]
    assert cards[0].answer.endswith("**3.** Moving a value transfers ownership.")


def test_one_field_word_in_the_question_does_not_outvote_the_title():
    md = "# Kubernetes interview questions\n\n## Questions\n\n### What is a Deployment?\n\nA controller for replicas.\n"
    assert [c.domain for c in parse_markdown(md).cards] == ["devops"]
