"""Formats common in public interview-question collections (not in the seeds)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srs.parser import parse_markdown


def cards_of(md):
    return parse_markdown(md).cards


def test_heading_questions_with_body_answers_and_levels_from_sections():
    md = """# Machine Learning Interview Questions

## Basic

### 1. What is overfitting?
When a model learns noise.

```python
# What is this? A comment, not a question
model.fit(X, y)
```

#### 2) Why do we need a validation set?
To tune hyperparameters without touching the test set.

## Intermediate

### 3. Explain the bias-variance tradeoff
Bias is error from assumptions...

## Advanced

### 4. How does batch normalization help training?
It normalises activations.
"""
    cards = cards_of(md)
    assert [c.question for c in cards] == [
        "What is overfitting?",
        "Why do we need a validation set?",
        "Explain the bias-variance tradeoff",
        "How does batch normalization help training?",
    ]
    assert [c.level for c in cards] == ["entry", "entry", "mid", "senior"]
    assert "model.fit(X, y)" in cards[0].answer and cards[0].answer.count("```") == 2
    assert cards[0].line == 5 and cards[2].topic == "Intermediate"


def test_details_summary_answers_and_plain_q_a_lines():
    md = """# Deep learning FAQ

<details>
<summary>What is dropout?</summary>

Randomly zeroing activations during training.

</details>

Q: What does a ReLU compute?
A: max(0, x).

1. What is a learning rate schedule?
<details><summary>Answer</summary>A plan for changing the step size over training.</details>
"""
    cards = {c.question: c for c in cards_of(md)}
    assert cards["What is a learning rate schedule?"].answer == "A plan for changing the step size over training."
    assert cards["What is dropout?"].answer == "Randomly zeroing activations during training."
    assert cards["What does a ReLU compute?"].answer == "max(0, x)."


def test_difficulty_markers_brackets_emoji_legend_and_metadata_lines():
    md = """# Coding questions

Legend: 🟢 Easy 🟡 Medium 🔴 Hard

## Practice Problems

- [E] Reverse a linked list
- [H] Implement an LRU cache with O(1) operations
- 🟡 Find the k-th largest element
- Merge two sorted arrays (Easy)

### Problem: Design a rate limiter

Difficulty: Medium-Hard

**Question:** How would you limit requests per user?

**Answer:** Token bucket per user key.
"""
    cards = {c.question: c for c in cards_of(md)}
    assert cards["Reverse a linked list"].difficulty == "easy"
    assert cards["Implement an LRU cache with O(1) operations"].difficulty == "hard"
    assert cards["Find the k-th largest element"].difficulty == "medium"
    assert cards["Merge two sorted arrays"].difficulty == "easy"
    assert cards["How would you limit requests per user?"].difficulty == "hard"
    assert cards["How would you limit requests per user?"].answer == "Token bucket per user key."


def test_question_table_and_bold_paragraph_questions():
    md = """# Stats

## Questions

| # | Question | Answer | Difficulty |
|---|----------|--------|------------|
| 1 | What is a p-value? | Probability of data this extreme under H0 | Easy |
| 2 | What is power? | 1 - beta | Medium |

**What is the central limit theorem?**

The mean of many samples is approximately normal.

**Why does it matter?**

It justifies confidence intervals.
"""
    cards = {c.question: c for c in cards_of(md)}
    assert cards["What is a p-value?"].difficulty == "easy"
    assert cards["What is power?"].answer == "1 - beta"
    assert cards["What is the central limit theorem?"].answer == "The mean of many samples is approximately normal."
    assert cards["Why does it matter?"].answer == "It justifies confidence intervals."
    assert all(c.domain == "statistics" for c in cards.values() if "p-value" in c.question or "central" in c.question)


def test_look_alike_lists_are_not_cards():
    md = """# Guide

## Key Topics
- What is covered in this guide?

## Questions to Ask
- What does a typical day look like?

## Study Plan
- [ ] Week 1: What is a transformer?

**Interview Questions:**
- Explain gradient descent
"""
    doc = parse_markdown(md)
    assert [c.question for c in doc.cards] == ["Explain gradient descent"]
    skipped = {d.text: d.reason for d in doc.decisions if d.kind == "skipped"}
    assert "asked by the candidate" in skipped["What does a typical day look like?"]


def test_non_english_text_kept_and_no_level_invented():
    md = "# 面试题\n\n## 常见问题 Questions\n\n- 什么是过拟合？Explain overfitting?\n"
    cards = cards_of(md)
    assert cards and cards[0].question.startswith("什么是过拟合") and cards[0].level is None


_PIECES = list("#*-_`~>|[]()!:?1. \n\tabcQA<>/\\\"'") + [
    "```", "**Q:**", "**A:**", "<details>", "</summary>", "<summary>", "\n- ", "\n1. ", "\n## ", "**Question:**",
    "**Answer:**", "**Context**:", "**Sample Response**:", "\u200d", "é", "🎯", "\uf8ff", "\x00", "Ã©", "\r\n", "| a |",
]
markdownish = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


def test_yaml_front_matter_is_not_a_card_and_gives_the_title():
    md = """---
title: "Senior ML Interview Questions"
layout: post
---

## 1. What is overfitting?

When the model memorises noise.
"""
    doc = parse_markdown(md)
    assert doc.title == "Senior ML Interview Questions"
    assert [(c.question, c.line, c.level, c.answer) for c in doc.cards] == [
        ("What is overfitting?", 6, "senior", "When the model memorises noise.")]


def test_numbered_question_headings_with_citations_and_a_notice_heading():
    md = """# Deep Learning Interview Questions

### Also new: [Our NLP interview questions](https://example.org/nlp)

#### 1) What is dropout? [[src](https://example.org/a)]
Randomly zeroing activations.

#### 2) Why does batch normalization help? [[src]](https://example.org/b)
It keeps activations well scaled.

#### 3) Reverse a linked list in place.
* keep three pointers
* walk once

#### 4) Epoch vs. batch vs. iteration.
An epoch is one pass over the data.

#### 5) How do residual connections help?
Gradients flow through the identity path.
"""
    cards = cards_of(md)
    assert [c.question for c in cards] == [
        "What is dropout?", "Why does batch normalization help?", "Reverse a linked list in place.",
        "Epoch vs. batch vs. iteration.", "How do residual connections help?"]
    assert cards[2].answer == "* keep three pointers\n* walk once"  # the list is the answer, not two cards
    assert all("NLP" not in c.topic and "src" not in c.topic for c in cards)


def test_bold_questions_marked_by_a_document_legend():
    md = """# Theory questions

* Legend: 🐣 easy 🌶️ medium 🧨 expert

**What is (Bold) text, really?** but this line goes on like a sentence and is not a question

## Regression

**What is linear regression? 🐣**

A linear model of the target.

<br/>

**Precision-recall trade-off 🌶️**

Answer here

**Why use Huber loss?** (hard)

It is robust to outliers.
"""
    cards = cards_of(md)
    assert [(c.question, c.difficulty, c.answer) for c in cards] == [
        ("What is linear regression?", "easy", "A linear model of the target."),
        ("Precision-recall trade-off", "medium", ""),
        ("Why use Huber loss?", "hard", "It is robust to outliers."),
    ]


def test_numbered_task_paragraphs_with_examples_and_code_answers():
    md = """# Interview questions

## Coding

**1) Two sum**. Given an array and a number N, return True if two of its numbers add up to N.

* `[1, 2, 3], 5` ⇒ `True`
* `[1, 2], 9` ⇒ `False`

```python
def two_sum(xs, n):
    return any(n - x in set(xs) for x in xs)
```

<br/>

**2)** Count the `interview` tokens in a list.

```python
xs.count("interview")
```

**3. Study plan week one**

- read chapter 1
"""
    cards = cards_of(md)
    assert [c.question.split("\n")[0] for c in cards] == [
        "Two sum. Given an array and a number N, return True if two of its numbers add up to N.",
        "Count the `interview` tokens in a list."]
    assert "* `[1, 2], 9` ⇒ `False`" in cards[0].question  # the examples belong to the task
    assert cards[0].answer.startswith("```python\ndef two_sum") and cards[0].answer.endswith("```")
    assert {c.domain for c in cards} == {"coding"}  # a word inside code does not decide the domain


def test_a_lone_question_item_takes_the_paragraphs_after_it_and_its_outline_lists_are_not_cards():
    md = """# ML questions

## Advanced:

1. **How do you handle class imbalance in a dataset?**

Several levels of fixes exist.

1. **Data-Level Approaches**:
   - oversample the minority class

2. **Algorithm-Level Methods**:
   - class weights

---

1. How does dropout regularise a network?
2. Why does Adam need bias correction?
"""
    cards = cards_of(md)
    assert [c.question for c in cards] == ["How do you handle class imbalance in a dataset?",
                                           "How does dropout regularise a network?",
                                           "Why does Adam need bias correction?"]
    assert cards[0].answer.startswith("Several levels of fixes exist.") and "class weights" in cards[0].answer
    assert cards[0].level == "senior"


def test_q_label_with_an_unlabelled_answer_up_to_the_rule():
    md = """# Questions

**Q:** How do you handle missing data?

You have several options:
- impute
- drop rows

---

**Q:** Which of these are ensembles:

- random forest
- logistic regression

---
"""
    cards = cards_of(md)
    assert [(c.question, c.answer) for c in cards] == [
        ("How do you handle missing data?", "You have several options:\n- impute\n- drop rows"),
        ("Which of these are ensembles:\n\n- random forest\n- logistic regression", ""),
    ]


def test_question_title_tables_bracket_markers_and_link_lists():
    md = """# Agent Framework Interview Questions

| # | Question Title | Difficulty |
|---|---|---|
| 1 | What is a state graph? | Easy |
| 2 | How do checkpointers work? | Medium-Hard |

## Coding Problems

- **[HARD]** Implement a retry node with exponential backoff

## Additional Resources

- [Framework docs](https://example.org)
- [Tutorial: what are agents?](https://example.org/t)
"""
    cards = cards_of(md)
    assert [(c.question, c.difficulty, c.line) for c in cards] == [
        ("What is a state graph?", "easy", 5), ("How do checkpointers work?", "hard", 6),
        ("Implement a retry node with exponential backoff", "hard", 10)]


def test_section_majority_domain_exhibit_code_and_lead_in_questions():
    md = """# Interview questions

## Text classification

### 1. What is TF-IDF in NLP?
A weighting of terms.

### 2. What is word2vec in NLP?
Embeddings from context.

### 3. What are the pros and cons of this representation?
Sparse but simple.

### 4. Why would the following split be wrong:

```python
train, test = df[:800], df[800:]
```

Rows are ordered by time, so the test set is the future.

## Advanced

1. In the context of clustering, how do you choose k? Explain briefly.
"""
    cards = cards_of(md)
    assert [c.domain for c in cards[:4]] == ["nlp", "nlp", "nlp", "nlp"]  # card 3 names no domain itself
    assert all(c.topic == "Text classification" for c in cards[:4])  # a question heading is not a topic
    assert cards[3].question.endswith("```python\ntrain, test = df[:800], df[800:]\n```")
    assert cards[3].answer == "Rows are ordered by time, so the test set is the future."
    assert cards[4].question.startswith("In the context of clustering, how do you choose k?")


def test_numbered_tasks_share_the_setup_that_introduces_them():
    md = """# SQL interview questions

## SQL

Suppose we have a table Ads(ad_id, status).

Write SQL queries for the following:

**1)** The number of active ads.

```sql
SELECT count(*) FROM Ads WHERE status = 'active';
```

**2)** The share of inactive ads.

```sql
SELECT avg(status = 'inactive') FROM Ads;
```
"""
    cards = cards_of(md)
    assert [c.question for c in cards] == [
        "Suppose we have a table Ads(ad_id, status).\n\nWrite SQL queries for the following:\n\nThe number of active ads.",
        "Suppose we have a table Ads(ad_id, status).\n\nWrite SQL queries for the following:\n\nThe share of inactive ads."]
    assert [c.line for c in cards] == [9, 15] and cards[1].answer.startswith("```sql")


def test_review_findings_answers_end_at_other_question_shapes_labels_metadata_bom_and_task_lists():
    two_shapes = "## Basics\n\n**Q:** What is a list?\n\n**A:** An ordered collection.\n\n**What is a tuple?**\n\nAn immutable sequence.\n"
    assert [(c.question, c.answer) for c in cards_of(two_shapes)] == [
        ("What is a list?", "An ordered collection."), ("What is a tuple?", "An immutable sequence.")]
    label_alone = "## Basics\n\n**Question:**\nWhat is X?\n\nThe answer para.\n\nMore answer.\n"
    assert [(c.question, c.answer) for c in cards_of(label_alone)] == [("What is X?", "The answer para.\n\nMore answer.")]
    meta = "## Basics\n\n**Difficulty:** Hard\n\n**Q:** What is X?\n\n**A:** x\n"
    assert [c.difficulty for c in cards_of(meta)] == ["hard"]
    bom = "\ufeff## Sample Questions\n\n- What is X?\n- What is Y?\n"
    assert [(c.question, c.line) for c in cards_of(bom)] == [("What is X?", 3), ("What is Y?", 4)]
    tasks = ("## Practice Questions\n\n**1)** Name three sorting algorithms please.\n\n- quicksort\n- heapsort\n\n"
             "**2)** Name two collision strategies.\n\n- chaining\n- open addressing\n")
    assert [(c.question, c.answer) for c in cards_of(tasks)] == [
        ("Name three sorting algorithms please.", "- quicksort\n- heapsort"),
        ("Name two collision strategies.", "- chaining\n- open addressing")]


def test_the_first_heading_counts_as_a_tier_when_the_document_has_no_title():
    # "Advanced" sits below "Senior" when the document has both tiers, also when "Senior" is the first heading
    md = "## Senior\n\n- What is X?\n\n## Advanced\n\n- What is Y?\n"
    assert [(c.question, c.level) for c in cards_of(md)] == [("What is X?", "senior"), ("What is Y?", "mid")]


def test_a_question_with_no_words_is_not_a_card():
    assert [c.question for c in cards_of("## Qs\n\n### ?\n\n**?**\n\n### 2. What?\n")] == ["What?"]


def test_a_cards_own_metadata_line_does_not_leak_to_the_next_card():
    md = "## Basics\n\n**Q:** What is X?\n**Difficulty: Hard**\n\n**A:** x\n\n**Q:** What is Y?\n\n**A:** y\n"
    assert [(c.question, c.difficulty) for c in cards_of(md)] == [("What is X?", "hard"), ("What is Y?", None)]
    section_default = "## Basics\n\n**Difficulty: Easy**\n\n**Q:** What is X?\n\n**A:** x\n\n**Q:** What is Y?\n\n**A:** y\n"
    assert [c.difficulty for c in cards_of(section_default)] == ["easy", "easy"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_fuzz_never_raises(text):
    doc = parse_markdown(text)
    for c in doc.cards:
        assert c.question.strip()
        assert 1 <= c.line <= text.count("\n") + text.count("\r") + 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_arbitrary_unicode_never_raises(text):
    parse_markdown(text)
