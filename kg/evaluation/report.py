"""Reports of an evaluation: a table for people, JSON for scripts."""

from __future__ import annotations

import json

from kg.evaluation.score import Evaluation, FalseAlarm, Miss, Score


def _figure(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _row(name: str, s: Score) -> str:
    return (
        f"  {name:<34} P {_figure(s.precision)}  R {_figure(s.recall)}  F1 {_figure(s.f1)}"
        f"   ({s.found}/{s.gold} gold found, {s.correct}/{s.predicted} predicted correct)"
    )


def format_table(result: Evaluation, show: int = 20) -> str:
    """The report as text: scores, per type, coverage of gold phrases, causes, examples."""
    mode = ", ".join(result.leniency) if result.leniency else "strict"
    lines = [
        f"{result.gold_path}: {result.documents} documents ({mode})",
        _row("actor pair (direction counts)", result.pair),
        _row("typed (pair and CAMEO class)", result.typed),
    ]
    if result.by_type:
        lines.append("recall by gold type:")
        for name, s in sorted(result.by_type.items()):
            lines.append(f"  {name:<40} {s.found}/{s.gold}  R {_figure(s.recall)}")
    if result.phrases:
        share = result.phrases_identified / result.phrases
        lines.append(
            f"gold actor phrases naming an actor of known identity: "
            f"{result.phrases_identified}/{result.phrases} ({share:.1%})"
        )
    if result.miss_causes:
        lines.append("misses by cause:")
        lines += [f"  {n:>5}  {c}" for c, n in result.miss_causes.most_common()]
    if result.false_alarm_causes:
        lines.append("false alarms by cause:")
        lines += [f"  {n:>5}  {c}" for c, n in result.false_alarm_causes.most_common()]
    if result.dropped:
        lines.append("left out of the gold:")
        lines += [f"  {n:>5}  {c}" for c, n in sorted(result.dropped.items())]
    if show:
        lines += _examples("misses", result.misses, show, _miss)
        lines += _examples("false alarms", result.false_alarms, show, _alarm)
    return "\n".join(lines) + "\n"


def _examples(title: str, items: list, show: int, render) -> list[str]:
    if not items:
        return []
    lines = [f"{title} (first {min(show, len(items))} of {len(items)}):"]
    for item in items[:show]:
        lines += render(item)
    return lines


def _miss(m: Miss) -> list[str]:
    out = [f"  - [{m.cause}] {m.source} -> {m.target} ({m.type})"]
    if m.sentence:
        out.append(f"      {m.sentence[:200]}")
    return out


def _alarm(f: FalseAlarm) -> list[str]:
    return [f"  - [{f.cause}] {f.source} {f.relation} {f.target}", f"      {f.sentence[:200]}"]


def to_json(result: Evaluation) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False)
