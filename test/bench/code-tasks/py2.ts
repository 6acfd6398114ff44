// Python tasks, part 2: missing await, None handling, wrong default, regexes, edge cases, and
// two tasks whose fix spans two files.
import { code, type CodeTask } from './task';

export const PY_TASKS_2: CodeTask[] = [
  {
    id: 'py-async-save',
    lang: 'py',
    kind: 'missing await',
    prompt: 'Fix storage.py: save() returns before the item is stored, because store.put is never awaited; tests/test_storage.py fails.',
    files: {
      'storage.py': code`
async def save(store, item):
    """Stores item and returns True once it is stored."""
    store.put(item)
    return True
`,
      'tests/test_storage.py': code`
import asyncio

from storage import save


class MemoryStore:
    def __init__(self):
        self.items = []

    async def put(self, item):
        await asyncio.sleep(0)
        self.items.append(item)


def test_item_is_stored():
    store = MemoryStore()
    assert asyncio.run(save(store, "x")) is True
    assert store.items == ["x"]
`,
    },
    tests: ['tests/test_storage.py'],
    fix: { 'storage.py': [['    store.put(item)', '    await store.put(item)']] },
    decoy: { 'storage.py': [['    store.put(item)\n    return True', '    return store.put(item)']] },
  },
  {
    id: 'py-display-name',
    lang: 'py',
    kind: 'null handling',
    prompt: 'Fix user_profile.py: display_name crashes when the nickname is None and should fall back to the name; tests/test_user_profile.py fails.',
    files: {
      'user_profile.py': code`
def display_name(user):
    """The nickname when the user has one, else the name, without surrounding spaces."""
    return user["nickname"].strip()
`,
      'tests/test_user_profile.py': code`
from user_profile import display_name


def test_nickname_or_name():
    assert display_name({"name": "Ada", "nickname": " Countess "}) == "Countess"
    assert display_name({"name": "Ada", "nickname": None}) == "Ada"
    assert display_name({"name": " Grace"}) == "Grace"
`,
    },
    tests: ['tests/test_user_profile.py'],
    fix: { 'user_profile.py': [['return user["nickname"].strip()', 'return (user.get("nickname") or user["name"]).strip()']] },
    decoy: { 'user_profile.py': [['return user["nickname"].strip()', 'return user.get("nickname", user["name"]).strip()']] },
  },
  {
    id: 'py-client-timeout',
    lang: 'py',
    kind: 'wrong default',
    prompt: 'Fix client.py: the documented default timeout is 30 seconds, but make_client() uses 0; tests/test_client.py fails.',
    files: {
      'client.py': code`
def make_client(base_url, timeout=0, retries=2):
    """Settings of an HTTP client; by default calls time out after 30 seconds."""
    return {"base_url": base_url.rstrip("/"), "timeout": timeout, "retries": retries}
`,
      'tests/test_client.py': code`
from client import make_client


def test_defaults():
    assert make_client("http://x/") == {"base_url": "http://x", "timeout": 30, "retries": 2}
    assert make_client("http://x", timeout=5)["timeout"] == 5
`,
    },
    tests: ['tests/test_client.py'],
    fix: { 'client.py': [['timeout=0,', 'timeout=30,']] },
    decoy: { 'client.py': [['timeout=0,', 'timeout=None,']] },
  },
  {
    id: 'py-is-email',
    lang: 'py',
    kind: 'wrong regex',
    prompt: 'Fix emails.py: is_email accepts text with trailing garbage after the address; tests/test_emails.py fails.',
    files: {
      'emails.py': code`
import re

PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def is_email(text):
    """True when the whole text is one e-mail address."""
    return PATTERN.match(text) is not None
`,
      'tests/test_emails.py': code`
from emails import is_email


def test_whole_text_must_match():
    assert is_email("ada@example.org")
    assert not is_email("ada@example.org and more")
    assert not is_email("not an address")
`,
    },
    tests: ['tests/test_emails.py'],
    fix: { 'emails.py': [['PATTERN.match(text)', 'PATTERN.fullmatch(text)']] },
    decoy: { 'emails.py': [['PATTERN.match(text)', 'PATTERN.search(text)']] },
  },
  {
    id: 'py-parse-date',
    lang: 'py',
    kind: 'wrong regex',
    prompt: 'Fix dates.py: parse_date rejects two-digit months such as 2024-03-07; tests/test_dates.py fails.',
    files: {
      'dates.py': code`
import re

DATE = re.compile(r"(\d{4})-(\d)-(\d{2})")


def parse_date(text):
    """(year, month, day) of an ISO date like 2024-03-07, or None."""
    m = DATE.fullmatch(text)
    if m is None:
        return None
    return tuple(int(part) for part in m.groups())
`,
      'tests/test_dates.py': code`
from dates import parse_date


def test_iso_dates():
    assert parse_date("2024-03-07") == (2024, 3, 7)
    assert parse_date("2024-12-31") == (2024, 12, 31)
    assert parse_date("yesterday") is None
`,
    },
    tests: ['tests/test_dates.py'],
    fix: { 'dates.py': [['(\\d{4})-(\\d)-(\\d{2})', '(\\d{4})-(\\d{2})-(\\d{2})']] },
    decoy: { 'dates.py': [['(\\d{4})-(\\d)-(\\d{2})', '(\\d{4})-(\\d+)-(\\d)']] },
  },
  {
    id: 'py-last-word',
    lang: 'py',
    kind: 'missed edge case',
    prompt: 'Fix text_tools.py: last_word("") raises IndexError and must return an empty string; tests/test_text_tools.py fails.',
    files: {
      'text_tools.py': code`
def last_word(text):
    """The last whitespace-separated word of text, or "" when there is none."""
    return text.split()[-1]
`,
      'tests/test_text_tools.py': code`
from text_tools import last_word


def test_last_word():
    assert last_word("hello world  ") == "world"
    assert last_word("") == ""
    assert last_word("   ") == ""
`,
    },
    tests: ['tests/test_text_tools.py'],
    fix: { 'text_tools.py': [['    return text.split()[-1]', '    words = text.split()\n    return words[-1] if words else ""']] },
    decoy: { 'text_tools.py': [['return text.split()[-1]', 'return text.split(" ")[-1]']] },
  },
  {
    id: 'py-meetings',
    lang: 'py',
    kind: 'swapped arguments',
    prompt: 'Fix intervals.py and meetings.py: meetings that touch ([9, 10] and [10, 11]) conflict, and meetings.py passes the interval ends in the wrong order. tests/test_meetings.py fails.',
    files: {
      'intervals.py': code`
def overlaps(a_start, a_end, b_start, b_end):
    """True when the closed intervals [a_start, a_end] and [b_start, b_end] share a point."""
    return a_start < b_end and b_start < a_end
`,
      'meetings.py': code`
from intervals import overlaps


def conflict(first, second):
    """True when two (start, end) meetings overlap or touch."""
    return overlaps(first[0], second[0], first[1], second[1])
`,
      'tests/test_meetings.py': code`
from meetings import conflict


def test_conflicts():
    assert conflict((9, 10), (10, 11))
    assert conflict((9, 12), (10, 11))
    assert not conflict((9, 10), (11, 12))
    assert not conflict((13, 14), (9, 10))
`,
    },
    tests: ['tests/test_meetings.py'],
    fix: {
      'intervals.py': [['a_start < b_end and b_start < a_end', 'a_start <= b_end and b_start <= a_end']],
      'meetings.py': [['overlaps(first[0], second[0], first[1], second[1])', 'overlaps(first[0], first[1], second[0], second[1])']],
    },
    decoy: { 'intervals.py': [['a_start < b_end and b_start < a_end', 'a_start <= b_end or b_start <= a_end']] },
  },
  {
    id: 'py-leaderboard',
    lang: 'py',
    kind: 'off-by-one',
    prompt: 'Fix ranking.py and leaderboard.py: top() must list the highest scores first, and the summary counts one player too few. tests/test_leaderboard.py fails.',
    files: {
      'ranking.py': code`
def top(scores, n=3):
    """The n highest scores, highest first."""
    return sorted(scores)[:n]
`,
      'leaderboard.py': code`
from ranking import top


def summary(scores):
    """Best score, the podium and how many players scored."""
    return {"best": top(scores, 1)[0], "podium": top(scores), "players": len(scores) - 1}
`,
      'tests/test_leaderboard.py': code`
from leaderboard import summary


def test_summary():
    assert summary([10, 40, 30, 20]) == {"best": 40, "podium": [40, 30, 20], "players": 4}
`,
    },
    tests: ['tests/test_leaderboard.py'],
    fix: {
      'ranking.py': [['sorted(scores)[:n]', 'sorted(scores, reverse=True)[:n]']],
      'leaderboard.py': [['"players": len(scores) - 1', '"players": len(scores)']],
    },
    decoy: { 'ranking.py': [['sorted(scores)[:n]', 'sorted(scores)[-n:]']] },
  },
];
