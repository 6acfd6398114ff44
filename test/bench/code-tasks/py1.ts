// Python tasks, part 1: off-by-one, wrong comparison, integer division, mutable defaults,
// missing await.
import { code, type CodeTask } from './task';

export const PY_TASKS_1: CodeTask[] = [
  {
    id: 'py-chunks',
    lang: 'py',
    kind: 'off-by-one',
    prompt: 'Fix chunks.py: chunks(items, size) drops the last short chunk; tests/test_chunks.py fails.',
    files: {
      'chunks.py': code`
def chunks(items, size):
    """Consecutive slices of at most size items, the last one possibly shorter."""
    return [items[i:i + size] for i in range(0, len(items) - 1, size)]
`,
      'tests/test_chunks.py': code`
from chunks import chunks


def test_last_chunk_is_kept():
    assert chunks([1, 2, 3], 2) == [[1, 2], [3]]
    assert chunks([1, 2, 3, 4], 2) == [[1, 2], [3, 4]]
    assert chunks([], 3) == []
`,
    },
    tests: ['tests/test_chunks.py'],
    fix: { 'chunks.py': [['range(0, len(items) - 1, size)', 'range(0, len(items), size)']] },
    decoy: { 'chunks.py': [['range(0, len(items) - 1, size)', 'range(1, len(items), size)']] },
  },
  {
    id: 'py-letter-grade',
    lang: 'py',
    kind: 'wrong operator',
    prompt: 'Fix grades.py: a score of exactly 90 must be an A and exactly 80 a B; tests/test_grades.py fails.',
    files: {
      'grades.py': code`
def letter(score):
    """A from 90, B from 80, C below."""
    if score > 90:
        return "A"
    if score > 80:
        return "B"
    return "C"
`,
      'tests/test_grades.py': code`
from grades import letter


def test_boundaries():
    assert letter(95) == "A"
    assert letter(90) == "A"
    assert letter(80) == "B"
    assert letter(79) == "C"
`,
    },
    tests: ['tests/test_grades.py'],
    fix: { 'grades.py': [['if score > 90:', 'if score >= 90:'], ['if score > 80:', 'if score >= 80:']] },
    decoy: { 'grades.py': [['if score > 90:', 'if score >= 90:']] },
  },
  {
    id: 'py-mean',
    lang: 'py',
    kind: 'integer division',
    prompt: 'Fix stats_mean.py: mean([1, 2]) returns 1 instead of 1.5; tests/test_stats_mean.py fails.',
    files: {
      'stats_mean.py': code`
def mean(values):
    """Arithmetic mean of a non-empty list."""
    if not values:
        raise ValueError("mean of an empty list")
    return sum(values) // len(values)
`,
      'tests/test_stats_mean.py': code`
import pytest

from stats_mean import mean


def test_mean_is_not_truncated():
    assert mean([1, 2]) == 1.5
    assert mean([2, 4, 6]) == 4


def test_empty():
    with pytest.raises(ValueError):
        mean([])
`,
    },
    tests: ['tests/test_stats_mean.py'],
    fix: { 'stats_mean.py': [['sum(values) // len(values)', 'sum(values) / len(values)']] },
    decoy: { 'stats_mean.py': [['sum(values) // len(values)', 'round(sum(values) / len(values))']] },
  },
  {
    id: 'py-progress',
    lang: 'py',
    kind: 'integer division',
    prompt: 'Fix progress.py: percent(1, 3) must be 33.3 but is 0; tests/test_progress.py fails.',
    files: {
      'progress.py': code`
def percent(done, total):
    """Share of work done, in percent with one decimal."""
    if total == 0:
        return 100.0
    return round(done // total * 100, 1)
`,
      'tests/test_progress.py': code`
from progress import percent


def test_percent():
    assert percent(1, 3) == 33.3
    assert percent(3, 3) == 100.0
    assert percent(0, 0) == 100.0
`,
    },
    tests: ['tests/test_progress.py'],
    fix: { 'progress.py': [['round(done // total * 100, 1)', 'round(done / total * 100, 1)']] },
    decoy: { 'progress.py': [['round(done // total * 100, 1)', 'round(done * 100 // total, 1)']] },
  },
  {
    id: 'py-batches',
    lang: 'py',
    kind: 'integer division',
    prompt: 'Fix batching.py: batch_count(10, 3) must be 4 (a last partial batch counts); tests/test_batching.py fails.',
    files: {
      'batching.py': code`
def batch_count(items, size):
    """How many batches of at most size items hold all the items."""
    if size <= 0:
        raise ValueError("size must be positive")
    return items // size
`,
      'tests/test_batching.py': code`
from batching import batch_count


def test_partial_batch_counts():
    assert batch_count(10, 3) == 4
    assert batch_count(9, 3) == 3
    assert batch_count(0, 3) == 0
`,
    },
    tests: ['tests/test_batching.py'],
    fix: { 'batching.py': [['return items // size', 'return -(-items // size)']] },
    decoy: { 'batching.py': [['return items // size', 'return (items + 1) // size']] },
  },
  {
    id: 'py-tags',
    lang: 'py',
    kind: 'mutable default',
    prompt: 'Fix tagging.py: add_tag without a list shares one list between calls; tests/test_tagging.py fails.',
    files: {
      'tagging.py': code`
def add_tag(tag, tags=[]):
    """tags with tag appended; a new list when none is given."""
    tags.append(tag)
    return tags
`,
      'tests/test_tagging.py': code`
from tagging import add_tag


def test_calls_do_not_share_a_list():
    assert add_tag("a") == ["a"]
    assert add_tag("b") == ["b"]
    assert add_tag("c", ["x"]) == ["x", "c"]
`,
    },
    tests: ['tests/test_tagging.py'],
    fix: { 'tagging.py': [['def add_tag(tag, tags=[]):', 'def add_tag(tag, tags=None):'], ['    tags.append(tag)', '    if tags is None:\n        tags = []\n    tags.append(tag)']] },
    decoy: { 'tagging.py': [['def add_tag(tag, tags=[]):', 'def add_tag(tag, tags=()):']] },
  },
  {
    id: 'py-registry',
    lang: 'py',
    kind: 'mutable default',
    prompt: 'Fix registry.py: two Registry() objects share the same entries; tests/test_registry.py fails.',
    files: {
      'registry.py': code`
class Registry:
    """Named handlers; each registry starts with its own entries."""

    def __init__(self, entries={}):
        self.entries = entries

    def register(self, name, handler):
        self.entries[name] = handler

    def names(self):
        return sorted(self.entries)
`,
      'tests/test_registry.py': code`
from registry import Registry


def test_registries_are_independent():
    first = Registry()
    first.register("a", print)
    second = Registry()
    assert second.names() == []
    assert first.names() == ["a"]
`,
    },
    tests: ['tests/test_registry.py'],
    fix: { 'registry.py': [['def __init__(self, entries={}):\n        self.entries = entries', 'def __init__(self, entries=None):\n        self.entries = {} if entries is None else entries']] },
    decoy: { 'registry.py': [['self.entries = entries', 'self.entries = entries.copy() if entries else entries']] },
  },
  {
    id: 'py-async-total',
    lang: 'py',
    kind: 'missing await',
    prompt: 'Fix pricing.py: total_price fails with a TypeError because fetch_price is a coroutine; tests/test_pricing.py fails.',
    files: {
      'pricing.py': code`
async def total_price(ids, fetch_price):
    """Sum of the prices of ids; fetch_price(id) is a coroutine function."""
    total = 0
    for item in ids:
        total += fetch_price(item)
    return total
`,
      'tests/test_pricing.py': code`
import asyncio

from pricing import total_price


def test_total_awaits_each_price():
    prices = {"apple": 2, "pear": 3}

    async def fetch_price(item):
        return prices[item]

    assert asyncio.run(total_price(["apple", "pear"], fetch_price)) == 5
`,
    },
    tests: ['tests/test_pricing.py'],
    fix: { 'pricing.py': [['total += fetch_price(item)', 'total += await fetch_price(item)']] },
    decoy: { 'pricing.py': [['total += fetch_price(item)', 'total += int(fetch_price(item))']] },
  },
];
