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
     "# Notes\n\n## Storage\n\n- What is a page cache?\n- Why are B-trees shallow?\n- Compare LSM trees and B-trees\n",
     [("What is a page cache?", "", None), ("Why are B-trees shallow?", "", None),
      ("Compare LSM trees and B-trees", "", None)]),
    ("nested numbered list with [E]/[M]/[H] markers under topic lines",
     "## Caching\n\n1. Eviction.\n    1. [E] What does LRU evict first?\n    1. [H] Design an LFU cache with O(1) operations.\n"
     "1. [M] Why do caches need a TTL?\n1. Invalidation\n    1. [M] How do you invalidate a cache on write?\n",
     [("What does LRU evict first?", "", "easy"), ("Design an LFU cache with O(1) operations.", "", "hard"),
      ("Why do caches need a TTL?", "", "medium"), ("How do you invalidate a cache on write?", "", "medium")]),
    ("a scenario whose unmarked sub-questions belong to it: one card",
     "# Exercises\n\n1. A bakery sells bread online. It wants to show each visitor the loaves they are likely to buy.\n"
     "    - How would you collect training data?\n    - How would you evaluate the model offline?\n"
     "1. How would you rank search results for a bakery?\n",
     [("A bakery sells bread online. It wants to show each visitor the loaves they are likely to buy.\n\n"
       "- How would you collect training data?\n- How would you evaluate the model offline?", "", None),
      ("How would you rank search results for a bakery?", "", None)]),
    ("bold Q: items with an italic A: sub-item",
     "## Basics\n\n*   **Q: Why is the sky blue?**\n    - *A:* Rayleigh scattering favours short wavelengths.\n"
     "*   **Q: Explain tides.**\n    - *A:* The moon's gravity pulls the oceans.\n",
     [("Why is the sky blue?", "Rayleigh scattering favours short wavelengths.", None),
      ("Explain tides.", "The moon's gravity pulls the oceans.", None)]),
    ("numbered bold questions with the answer on the indented lines below",
     "# Q&A\n\n1. **What is a mutex?**\n   A lock that one thread holds at a time.\n\n"
     "2. \\*\\*Explain a semaphore.\\*\\*\n   A counter of permits.\n   • Binary: like a mutex.\n",
     [("What is a mutex?", "A lock that one thread holds at a time.", None),
      ("Explain a semaphore.", "A counter of permits.\n• Binary: like a mutex.", None)]),
    ("Q: and A: lines inside one list item",
     "## Networking\n\n- Q: What does TCP add over IP?\n  A: Ordered, reliable delivery.\n- Q: What is a port?\n  A: A number naming an endpoint.\n",
     [("What does TCP add over IP?", "Ordered, reliable delivery.", None),
      ("What is a port?", "A number naming an endpoint.", None)]),
    ("an answer given in the same item after the question",
     "## Stats\n\n1. What is a median? It is the middle value of the sorted sample.\n"
     "2. What is a mode? (the most frequent value)\n3. Name the measures of spread? range, variance, IQR\n",
     [("What is a median?", "It is the middle value of the sorted sample.", None),
      ("What is a mode? (the most frequent value)", "", None), (None, "", None)]),
    ("a hint under a question is not its answer",
     "## Metrics\n\n1. [M] Which metric suits a skewed target?\n\n    **Hint**: think about relative errors.\n"
     "1. [E] What is recall?\n    - **Key concept**: coverage of the positives.\n",
     [("Which metric suits a skewed target?", "", "medium"), ("What is recall?", "", "easy")]),
    ("advice lists of imperatives are not questions",
     "## On the day\n\n- Be on time\n- Show enthusiasm for the role\n- Test your laptop beforehand\n- Ask about next steps\n", []),
    ("a table of contents and a link list are not questions",
     "# Guide\n\n1. [What is X?](#what-is-x)\n2. [What is Y?](#what-is-y)\n\n## Reading\n\n"
     "- [Great article on caches](https://example.org/a)\n- [Another one](https://example.org/b)\n", []),
    ("outline items and schedule slots are not questions",
     "## Plan\n\n- **Data**: How to collect labels\n- **Model**: Which baseline to start with\n\n"
     "## Mock day\n\n- **Question 1**: Design a Feed Ranker (30 minutes)\n- **Question 2**: Implement K-Means (20 minutes)\n", []),
    ("questions in other languages and scripts",
     "## Разное\n\n- Что такое переобучение?\n- Как работает градиентный бустинг\n\n## 其他\n\n- 什么是过拟合？\n- 请解释注意力机制\n\n"
     "## 기타\n\n- 알고 있는 활성화 함수에 대해 알려주세요. (ReLU 등)\n\n## Varios\n\n- ¿Qué es el sobreajuste?\n",
     [("Что такое переобучение?", "", None), ("Как работает градиентный бустинг", "", None),
      ("什么是过拟合？", "", None), ("请解释注意力机制", "", None),
      ("알고 있는 활성화 함수에 대해 알려주세요. (ReLU 등)", "", None), ("¿Qué es el sobreajuste?", "", None)]),
    ("a template placeholder question is not a card",
     "# Вопросы\n\n<details>\n<summary>Вопрос?</summary>\nТело ответа\n</details>\n", []),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in LISTS], ids=[r[0] for r in LISTS])
def test_question_lists(md, expected):
    _check(md, expected)


DETAILS = [
    ("answer after <br><b>, closed by </b></details> after a list",
     "## Kernels\n\n<details>\n<summary>What is a system call?</summary><br><b>\n\nA request to the kernel:\n\n"
     "  * open\n  * read\n</b></details>\n\n<details>\n<summary>What is a page fault?</summary><br><b>\n\n"
     "An access to an unmapped page.\n</b></details>\n",
     [("What is a system call?", "A request to the kernel:\n\n  * open\n  * read", None),
      ("What is a page fault?", "An access to an unmapped page.", None)]),
    ("answer text in the same HTML block as the summary, inside a div",
     "# Вопросы\n\n<details>\n<summary><b>Что такое медиана?</b></summary>\n<div> <br />\n\tСреднее значение выборки.\n\n"
     "</div>\n</details>\n",
     [("Что такое медиана?", "Среднее значение выборки.", None)]),
    ("an empty block and an image-only block have no answer",
     "## Q\n\n<details>\n<summary>What is a heap?</summary><br><b>\n\n</b></details>\n\n<details>\n"
     "<summary>What is a trie?</summary>\n<div>\n<img src=\"trie.png\">\n</div>\n</details>\n",
     [("What is a heap?", "", None), ("What is a trie?", "", None)]),
    ("a reveal after a question gives its answer",
     "## Basics\n\n1. What is a learning rate?\n<details><summary>Show answer</summary>The step size.</details>\n",
     [("What is a learning rate?", "The step size.", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in DETAILS], ids=[r[0] for r in DETAILS])
def test_details_blocks(md, expected):
    _check(md, expected)


HEADINGS = [
    ("a long question heading is a card, a contribution heading is not",
     "# Bank\n\n## How to contribute?\n\nOpen a pull request.\n\n#### How tall are you?\nA template example.\n\n"
     "## Questions\n\n#### We trained two classifiers on the same data; the first has 70% accuracy and the second 90%. "
     "Can we say the second is better? Which metric would you use instead and why would it matter here?\n\n"
     "Not without knowing the class balance.\n\n[⬆ Back to top](#questions)\n\n#### What is a covariance?\n\n"
     "[Covariance](https://example.org/cov)\n\n[⬆ Back to top](#questions)\n\n#### What is a quantile?\n\nA cut point.\n\n"
     "#### Explain the following terms: rank, determinant.\n\nSee a textbook chapter on it.\n",
     [(None, "Not without knowing the class balance.", None), ("What is a covariance?", "", None),
      ("What is a quantile?", "A cut point.", None), ("Explain the following terms: rank, determinant.", None, None)]),
    ("Q: headings with metadata lines and a sample answer label",
     "# Basics\n\n---\n### Q: Define **overfitting** and give two remedies to reduce it in a small model.\n\n"
     "**Category:** Basics  \n**Difficulty:** Easy  \n**Tags:** Overfitting\n\n**Sample Answer:**\nFitting noise; use dropout.\n\n---\n",
     [("Define overfitting and give two remedies to reduce it in a small model.", "Fitting noise; use dropout.", "easy")]),
    ("a heading that asks in Korean without a question mark",
     "## #5\n\n#### 알고 있는 정규화 방법에 대해 설명해주세요. (L1, L2 등)\n\n가중치에 벌점을 준다.\n",
     [("알고 있는 정규화 방법에 대해 설명해주세요. (L1, L2 등)", "가중치에 벌점을 준다.", None)]),
    ("a difficulty named by the section heading",
     "# Tasks\n\n## Super Hard Challenges\n1. Port the kernel to a new GPU\n2. Make the allocator lock-free\n",
     [("Port the kernel to a new GPU", "", "expert"), ("Make the allocator lock-free", "", "expert")]),
    ("a <details> summary with a list in it",
     "## Linux\n\n<details>\n<summary>Which of these are kernel features?\n\n* cgroups\n* hooks</summary><br><b>\n\n"
     "* cgroups\n</b></details>\n",
     [("Which of these are kernel features?\n\n* cgroups\n* hooks", "* cgroups", None)]),
    ("bold Q1: labels with an Answer label",
     "## LLMs\n\n**Q1: Explain self-attention briefly.**\n\n**Answer**: Tokens weigh each other.\n\n"
     "**Q2: Scale a model server to 10K QPS.**\n\n**Answer**:\n- batch requests\n- shard replicas\n",
     [("Explain self-attention briefly.", "Tokens weigh each other.", None),
      ("Scale a model server to 10K QPS.", "- batch requests\n- shard replicas", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in HEADINGS], ids=[r[0] for r in HEADINGS])
def test_question_headings_and_labels(md, expected):
    _check(md, expected)


ANSWERS = [
    ("a numbered question's answer runs through its sub-sections up to the rule",
     "# ML\n\n## Advanced:\n\n1. How does k-means work?\n\nIt alternates two steps.\n\n### The steps:\n\n"
     "1. **Assign**: each point to its nearest centre\n2. **Update**: each centre to its points' mean\n\n"
     "- Where k is the number of clusters.\n\n---\n\n2. Why scale features first?\n\nDistances depend on units.\n",
     [("How does k-means work?", None, None), ("Why scale features first?", "Distances depend on units.", None)]),
    ("a bold question inside a numbered question's answer is a sub-heading",
     "## Advanced\n\n**1.** What is weight decay and how does it relate to L2?\n\nA penalty on weights.\n\n"
     "**Why \"decay\"?**\n\nEach step shrinks the weights.\n\n---\n\n**2.** What is early stopping?\n\nStop when validation loss rises.\n",
     [("What is weight decay and how does it relate to L2?", None, None),
      ("What is early stopping?", "Stop when validation loss rises.", None)]),
    ("a single question followed by only its source has no answer",
     "## Acme interview questions\n\n- What would your manager say about you?\n\nSource: [Reviews](https://example.org)\n",
     [("What would your manager say about you?", "", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in ANSWERS], ids=[r[0] for r in ANSWERS])
def test_whole_answers(md, expected):
    _check(md, expected)
    cards = parse_markdown(md).cards
    if "k-means" in md:
        assert "Where k is the number of clusters." in cards[0].answer and "### The steps:" in cards[0].answer
    if "decay" in md:
        assert "Each step shrinks the weights." in cards[0].answer


NON_ANSWERS = [
    ("the same remark under several questions is no answer",
     "# Вопросы\n\n<details>\n<summary>Как работает кэш</summary>\nОб этом часто спрашивают на собеседованиях, нужно уметь объяснить.\n"
     "</details>\n\n<details>\n<summary>Как работает индекс</summary>\nОб этом часто спрашивают на собеседованиях, нужно уметь объяснить.\n"
     "</details>\n\n<details>\n<summary>Что такое хеш?</summary>\nФункция от данных в число.\n</details>\n",
     [("Как работает кэш", "", None), ("Как работает индекс", "", None), ("Что такое хеш?", "Функция от данных в число.", None)]),
    ("a short pointer elsewhere is no answer",
     "## Questions\n#### What is a determinant?\n\nA classic. I recommend watching [a lecture](https://example.org/la).\n\n"
     "#### What is a trace?\n\nThe sum of the diagonal entries.\n",
     [("What is a determinant?", "", None), ("What is a trace?", "The sum of the diagonal entries.", None)]),
    ("an answer after a colon in a list of notes",
     "## Stats questions\n\n1. What is a variance?\n2. Explain skew: a measure of how much a distribution leans to one side.\n"
     "3. Autocorrelation: how would you detect it in residuals?\n",
     [("What is a variance?", "", None), ("Explain skew:", "a measure of how much a distribution leans to one side.", None),
      ("Autocorrelation: how would you detect it in residuals?", "", None)]),
    ("unmarked context lines in a document whose questions carry markers",
     "## Metrics\n\n1. [E] What is accuracy?\n2. [M] Why can accuracy mislead?\n3. Given the confusion matrix below.\n\n"
     "| | P | N |\n|---|---|---|\n| T | 3 | 1 |\n\n1. [E] Compute the precision.\n2. [H] Compute the F1 score.\n"
     "3. [M] Compute the recall.\n",
     [("What is accuracy?", "", "easy"), ("Why can accuracy mislead?", "", "medium"),
      ("Compute the precision.", "", "easy"), ("Compute the F1 score.", "", "hard"), ("Compute the recall.", "", "medium")]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in NON_ANSWERS], ids=[r[0] for r in NON_ANSWERS])
def test_answers_that_do_not_answer(md, expected):
    _check(md, expected)


def test_level_column_words():
    md = "| Question | Level |\n|---|---|\n| What is a hash? | Fundamental |\n| Why are hashes salted? | Advance |\n"
    assert [c.level for c in parse_markdown(md).cards] == ["entry", "senior"]


MORE = [
    ("a bold question with its answer on the next line of the paragraph",
     "# Python\n\n**What is a decorator?**\nA function that wraps another.\n\n**What is a generator?**\nA lazy iterator.\nIt keeps state.\n",
     [("What is a decorator?", "A function that wraps another.", None),
      ("What is a generator?", "A lazy iterator.\nIt keeps state.", None)]),
    ("Q1. / Ans. labels with a period",
     "# Python\n\nQ1. What is the GIL?\nAns. A lock around the interpreter.\n\nQ.2 What is pickling?\nAns. Serialising objects.\n",
     [("What is the GIL?", "A lock around the interpreter.", None), ("What is pickling?", "Serialising objects.", None)]),
    ("question headings without question marks where nearly all open with a question word",
     "# SQL\n\n## Windows\n\n### What does ROW_NUMBER do\n\nIt numbers rows.\n\n### How is RANK different from DENSE_RANK\n\n"
     "RANK leaves gaps.\n\n### When would you use LAG\n\nTo compare rows.\n\n| # | Problem | Difficulty |\n|---|---|---|\n"
     "| 1 | Second highest salary | Easy |\n",
     [("What does ROW_NUMBER do", "It numbers rows.", None), ("How is RANK different from DENSE_RANK", "RANK leaves gaps.", None),
      ("When would you use LAG", "To compare rows.", None), ("Second highest salary", "", "easy")]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in MORE], ids=[r[0] for r in MORE])
def test_more_shapes(md, expected):
    _check(md, expected)


DOMAINS = [
    ("a container question that mentions an image", "# Containers\n\n## Images\n\n- How do you remove an image from the host?\n",
     "devops"),
    ("a distribution question that mentions salaries", "# Bank\n\n## Questions\n\n- How are salaries in a city distributed?\n",
     None),
    ("one loose word decides nothing", "# Misc\n\n## Questions\n\n- What is an image?\n", None),
    ("SQL", "# Notes\n\n## Questions\n\n- Write a SQL query with a LEFT JOIN and GROUP BY.\n", "databases"),
    ("streaming pipelines", "# Notes\n\n## Questions\n\n- How does Kafka guarantee ordering in an ETL pipeline?\n",
     "data-engineering"),
    ("web security", "# Notes\n\n## Questions\n\n- How do you prevent XSS and CSRF attacks in a login form?\n", "security"),
    ("the web", "# Notes\n\n## Questions\n\n- What happens when a browser sends an HTTP request with cookies?\n", "web"),
    ("a title naming two fields decides nothing", "# Interview Process & Behavioral\n\n## Basic\n\n- Why this role?\n", None),
]


@pytest.mark.parametrize("md,domain", [r[1:] for r in DOMAINS], ids=[r[0] for r in DOMAINS])
def test_domain_is_null_rather_than_wrong(md, domain):
    assert [c.domain for c in parse_markdown(md).cards] == [domain]


def test_explain_accounts_for_questions_and_tasks_and_says_why():
    md = ("# Senior ML Engineer Interview Questions\n\n## Hard\n\n- [M] Design a feature store for fraud scoring\n\n"
          "## Questions to Ask\n\n- Explain how the team ships models\n\n## Notes\n\nDescribe the rollout plan in a paragraph.\n")
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
    md = "## \r &lt;script&gt; \x80\n\n**Q:** What does a well-formed question look like?\n\n**A:** Like this one.\n"
    assert [c.question for c in parse_markdown(md).cards] == ["What does a well-formed question look like?"]


SLOTS_AND_PAIRS = [
    ("a question slot heading with an answer heading",
     "# Stats\n\n## Question 1\nWhat is a p-value?\n### Answer\nThe chance of data this extreme under H0.\n\n"
     "## Question 2\nWhat is power?\n### Answer\nOne minus beta.\n\n**What is bagging?**\n\nBootstrap aggregating.\n",
     [("What is a p-value?", "The chance of data this extreme under H0.", None), ("What is power?", "One minus beta.", None),
      ("What is bagging?", "Bootstrap aggregating.", None)]),
    ("Q. then A. (also in other scripts), in one paragraph or two",
     "# 面接質問\n\nQ. 過学習とは何ですか？\nA. 訓練データに過剰に適合することです。\n\nQ. What is a trie?\n\nA. A prefix tree.\n\n"
     "Which is right?\n\nA. Option one\nB. Option two\n",
     [("過学習とは何ですか？", "訓練データに過剰に適合することです。", None), ("What is a trie?", "A prefix tree.", None)]),
    ("labels with a full-width colon and a task heading in Chinese",
     "# 机器学习面试题\n\n## 基础\n\n### 2. 解释一下偏差和方差\n\n偏差是系统误差。\n\n**问：** 什么是正则化？\n\n**答：** 给损失加惩罚项。\n",
     [("解释一下偏差和方差", "偏差是系统误差。", None), ("什么是正则化？", "给损失加惩罚项。", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in SLOTS_AND_PAIRS], ids=[r[0] for r in SLOTS_AND_PAIRS])
def test_slots_pairs_and_scripts(md, expected):
    _check(md, expected)
    if "基础" in md:
        assert {c.level for c in parse_markdown(md).cards} == {"entry"}


QUOTES_AND_LEADS = [
    ("numbered bold leads that ask, anywhere; labelled items; a quoted Q/A",
     "# Notes on Go\n\n**Q1.** What is a goroutine?\n\nA runtime-managed thread.\n\n**Q2.** What is a channel?\n\nA typed conduit.\n\n"
     "- **Question**: What is a slice?\n  **Answer**: A view into an array.\n\n## 3. How does defer work?\n\n"
     "<details><summary>Answer</summary>\n\nDeferred calls run last in, first out.\n\n</details>\n\n"
     "> **Q:** What is an interface?\n>\n> **A:** A set of method signatures.\n",
     [("What is a goroutine?", "A runtime-managed thread.", None), ("What is a channel?", "A typed conduit.", None),
      ("What is a slice?", "A view into an array.", None), ("How does defer work?", "Deferred calls run last in, first out.", None),
      ("What is an interface?", "A set of method signatures.", None)]),
    ("a quotation inside an answer is part of it",
     "## Q\n\n**What did Knuth say about optimisation?**\n\n> Premature optimization is the root of all evil.\n\nHe meant measure first.\n",
     [("What did Knuth say about optimisation?", "> Premature optimization is the root of all evil.\n\nHe meant measure first.", None)]),
]


@pytest.mark.parametrize("md,expected", [r[1:] for r in QUOTES_AND_LEADS], ids=[r[0] for r in QUOTES_AND_LEADS])
def test_quotes_and_numbered_leads(md, expected):
    _check(md, expected)


def test_questions_about_the_document_itself_are_not_cards():
    md = ("# Yet another list\n\n* Why do we need another questions list on GitHub? Because the others are stale.\n"
          "* How does the dot product contribute to attention?\n\n## Why this repo?\n\nBecause.\n")
    assert [c.question for c in parse_markdown(md).cards] == ["How does the dot product contribute to attention?"]


_PIECES = ["\n", "\n\n", "- ", "1. ", "    1. ", "  * ", "> ", "> > ", "## ", "#### ", "**", "*", "`", "Q: ", "A: ", "Q1. ",
           "A. ", "Ans. ", "**Q1: ", "**Answer**:", "*A:* ", "**问：**", "**答：**", "[E] ", "[H] ", "(30 minutes)", "What is X",
           "Explain Y", "？", "?", "¿", ":", "<details>", "<summary>", "</summary>", "<br><b>", "</b></details>", "<div>",
           "</div>", "---", "| Question | Level |\n|---|---|\n| a? | Advance |", "**Hint**: ", "Source: ", "[x](#y)",
           "[x](https://e.org)", "Legend: 🟢 easy 🔴 hard", "알려주세요.", "Как", "## Question 2", "### Answer", "\t", "\r",
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
    md = ("# Notes\n\n1. What is a mutex?\n   A lock that one thread holds at a time.\n2. How does a scheduler pick a thread?\n"
          "a. Round robin, priorities\n3. Explain paging?\n   a. Why pages? b. How big?\n")
    assert [(c.question, c.answer) for c in parse_markdown(md).cards] == [
        ("What is a mutex?", "A lock that one thread holds at a time."),
        ("How does a scheduler pick a thread?\na. Round robin, priorities", ""),
        ("Explain paging?\na. Why pages? b. How big?", "")]


def test_a_page_about_one_question_named_in_its_front_matter():
    md = ("---\nid: q-04\nquestion: 什么是正则化？\ntags: [x]\n---\n\n## 一句话答案\n\n给损失加一个惩罚项。\n\n"
          "## 面试官在考什么\n\n- 是否知道 L1 与 L2 的区别。\n\n## 常见追问\n\n- **追问**：为什么 L1 会稀疏？\n  - 要点：约束域有尖角。\n\n"
          "## 相关题目\n\n- [[q-03]]：线性回归。\n")
    assert [(c.line, c.question, c.answer) for c in parse_markdown(md).cards] == [
        (3, "什么是正则化？", "给损失加一个惩罚项。"), (17, "为什么 L1 会稀疏？", "- 要点：约束域有尖角。")]


def test_a_table_cell_without_letters_is_not_a_question():
    md = "| Stage | Question |\n|---|---|\n| Parsing | 01, 10 |\n| Retrieval | How do you rank? |\n"
    assert [c.question for c in parse_markdown(md).cards] == ["How do you rank?"]


def test_questions_an_answer_introduces_stay_in_the_answer():
    md = ("# Design\n\n## 1. How would you design a URL shortener?\n\nStart with the requirements. Ask first:\n\n"
          "- How many URLs a day?\n- How long do links live?\n\nThen size the store.\n\n## 2. How would you design a cache?\n\nLRU.\n")
    cards = parse_markdown(md).cards
    assert [c.question for c in cards] == ["How would you design a URL shortener?", "How would you design a cache?"]
    assert "- How many URLs a day?" in cards[0].answer and cards[0].answer.endswith("Then size the store.")
