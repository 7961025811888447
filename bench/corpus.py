"""Generate a Markdown interview-question corpus of a given size (deterministic).

Documents mix the formats the importer understands: tier sections with
question headings, labelled Q/A blocks with code answers, question lists with
difficulty markers, look-alike topic lists, scenarios, tables, <details>.
"""

from __future__ import annotations

import random
from pathlib import Path

TOPICS = ["gradient descent", "attention", "dropout", "feature stores", "model drift", "k-means", "A/B tests",
          "transformers", "batch normalization", "vector databases", "LoRA", "time series forecasting",
          "object detection", "tokenization", "cross-validation", "data pipelines", "rate limiting"]
STARTS = ["What is", "Explain", "How would you design", "Why does", "Compare", "Implement", "When would you use"]


def _answer(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        body = "\n".join(f"    x_{i} = step(x_{i - 1}, lr={rng.random():.3f})" for i in range(1, rng.randint(4, 30)))
        return f"```python\ndef solve(x_0):\n{body}\n    return x_0\n```"
    if kind == 1:
        return "\n".join(f"- **Point {i}**: {rng.choice(TOPICS)} matters because of {rng.choice(TOPICS)}"
                         for i in range(rng.randint(2, 8)))
    if kind == 2:
        rows = "\n".join(f"| {rng.choice(TOPICS)} | {rng.randint(1, 99)} ms | {rng.choice(['yes', 'no'])} |"
                         for _ in range(rng.randint(2, 6)))
        return f"| option | latency | default |\n|---|---|---|\n{rows}"
    return " ".join(f"{rng.choice(TOPICS).capitalize()} relates to {rng.choice(TOPICS)}." for _ in range(rng.randint(2, 9)))


def document(rng: random.Random, n: int) -> str:
    out = [f"# Interview Questions Set {n}", "", "## Key Topics", *(f"- {t}" for t in rng.sample(TOPICS, 4)), ""]
    for tier in ("Entry Level Questions", "Intermediate Level Questions", "Senior Level Questions"):
        out += [f"## {tier}", ""]
        for q in range(rng.randint(3, 8)):
            topic = rng.choice(TOPICS)
            style = rng.randrange(5)
            if style == 0:
                out += [f"### Q{q + 1}: {topic.title()}", f"**Question:** {rng.choice(STARTS)} {topic}?", "",
                        "**Answer:**", _answer(rng), ""]
            elif style == 1:
                out += [f"### {q + 1}. {rng.choice(STARTS)} {topic}?", "", _answer(rng), ""]
            elif style == 2:
                out += ["**Practice Questions:**",
                        *(f"{i + 1}. **{rng.choice(['Easy', 'Medium', 'Hard'])}**: {rng.choice(STARTS)} {rng.choice(TOPICS)}"
                          for i in range(rng.randint(2, 6))), ""]
            elif style == 3:
                out += [f"### Scenario {q + 1}: {topic.title()} incident", "",
                        f"**Context**: Production {topic} degraded by {rng.randint(2, 40)}%.", "",
                        "**Questions to Consider**:", "", "1. What do you check first?", "2. Who do you tell?", "",
                        "**Sample Response**:", _answer(rng), ""]
            else:
                out += ["<details>", f"<summary>{rng.choice(STARTS)} {topic}?</summary>", "", _answer(rng), "",
                        "</details>", ""]
        out += ["---", ""]
    return "\n".join(out)


def write_corpus(folder: Path, total_bytes: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths, size, n = [], 0, 0
    while size < total_bytes:
        text = "\n\n".join(document(rng, n * 10 + k) for k in range(10))
        path = folder / f"questions-{n:04d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        size += len(text.encode())
        n += 1
    return paths
